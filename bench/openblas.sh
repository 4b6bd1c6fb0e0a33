# Sourced by the bench scripts whose peers run OpenBLAS (gemm_turns.sh; peers/run.sh, for Debian's PyTorch 1.13 and
# Deeplearning4j). use_best_openblas_core exports OPENBLAS_CORETYPE as the fastest kernel family the CPU flags allow:
# SkylakeX with avx512f, Haswell with avx2 and fma. OpenBLAS 0.3.21 picks its kernels from the CPU model number and
# falls back to slow ones on a CPU newer than itself, so a peer is only measured at its best with the family named.
# An OPENBLAS_CORETYPE inherited from the environment is replaced, and said so: the machine of session 18
# exported OPENBLAS_CORETYPE=Haswell on an AVX-512 processor, which halved OpenBLAS's GEMM (BENCHMARKS.md, session 18).
# SPLOT_OPENBLAS_CORETYPE picks the family by hand ("auto-detect" leaves it to OpenBLAS).
best_openblas_core() {
  local flags
  flags="$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null || true)"
  if [[ " $flags " == *" avx512f "* ]]; then echo SkylakeX
  elif [[ " $flags " == *" avx2 "* && " $flags " == *" fma "* ]]; then echo Haswell
  fi
}
use_best_openblas_core() {
  local want="${SPLOT_OPENBLAS_CORETYPE:-$(best_openblas_core)}"
  if [[ -n "${OPENBLAS_CORETYPE:-}" && "$OPENBLAS_CORETYPE" != "$want" ]]; then
    echo "OPENBLAS_CORETYPE: ${want:-auto-detect} (the environment had $OPENBLAS_CORETYPE; set SPLOT_OPENBLAS_CORETYPE to choose)" >&2
  fi
  if [[ -n "$want" && "$want" != auto-detect ]]; then export OPENBLAS_CORETYPE="$want"; else unset OPENBLAS_CORETYPE; fi
}

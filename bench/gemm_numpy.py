#!/usr/bin/env python3
"""OpenBLAS sgemm through numpy: C = A @ B on float32 n x n matrices, the peer of bench's GemmSquare.

Prints one JSON line per size: {"lib": "numpy-openblas", "n": ..., "threads": ..., "gflops": ..., ...}, where
gflops (2 n^3 per product) is the median of several timed runs after a warm-up and gflops_best the best run.

    /usr/bin/python3 bench/gemm_numpy.py [--threads 2] [--sizes 64,128,256,512,1024,2048] [--seconds 0.5]

Debian's numpy links the generic libblas.so.3, which the alternatives system points at OpenBLAS
(libopenblas0-pthread), so numpy.show_config() only says "blas"; the "blas" field of each line is what
openblas_get_config() of the library actually loaded reports, and the script stops if it is not OpenBLAS.

OpenBLAS picks its kernels from the CPU model number, and a release older than the CPU does not know it:
Debian's 0.3.21 on a Xeon of model 207 (Emerald Rapids) falls back to "Prescott", SSE3 kernels at a fraction
of the speed (18 instead of 210 GFLOPS at n = 1024 on 2 threads). So the script sets OPENBLAS_CORETYPE from
the CPU flags, as bench/openblas.sh does for the other scripts: SkylakeX (the AVX-512 kernels) with avx512f,
Haswell (AVX2 and FMA) with avx2 and fma, replacing (and saying so) a value inherited from the environment.
--coretype names one by hand; --coretype auto-detect leaves the choice to OpenBLAS.
"""
import argparse
import ctypes
import json
import os
import statistics
import sys
import time

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--threads", type=int, default=2, help="OpenBLAS threads (OPENBLAS_NUM_THREADS), default 2")
parser.add_argument("--sizes", default="64,128,256,512,1024,2048", help="comma-separated n, default 64 to 2048")
parser.add_argument("--runs", type=int, default=7, help="timed runs per size, default 7")
parser.add_argument("--coretype", default=None,
                    help="OPENBLAS_CORETYPE; default: from the CPU flags (see above); 'auto-detect': OpenBLAS's own choice")
parser.add_argument("--seconds", type=float, default=0.5, help="least time per timed run, default 0.5 s")
args = parser.parse_args()

# OpenBLAS reads its thread count when it is loaded, that is when numpy is imported: set it first.
os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)


def best_coretype():
    """The OpenBLAS kernel family that the CPU flags allow, or None to let OpenBLAS decide."""
    try:
        with open("/proc/cpuinfo") as f:
            flags = next((line.split(":", 1)[1].split() for line in f if line.startswith("flags")), [])
    except OSError:
        return None
    if "avx512f" in flags:
        return "SkylakeX"
    if "avx2" in flags and "fma" in flags:
        return "Haswell"
    return None


coretype = args.coretype or os.environ.get("SPLOT_OPENBLAS_CORETYPE") or best_coretype()
inherited = os.environ.get("OPENBLAS_CORETYPE")
if inherited and inherited != coretype:
    print(f"OPENBLAS_CORETYPE: {coretype or 'auto-detect'} (the environment had {inherited})", file=sys.stderr)
if coretype and coretype != "auto-detect":
    os.environ["OPENBLAS_CORETYPE"] = coretype
else:
    os.environ.pop("OPENBLAS_CORETYPE", None)
import numpy as np  # noqa: E402


def blas_config():
    """The config string of the OpenBLAS that numpy loaded (same soname, so dlopen returns that very library)."""
    for path in ("libopenblas.so.0", "libblas.so.3"):
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_config.restype = ctypes.c_char_p
            return lib.openblas_get_config().decode()
        except (OSError, AttributeError):
            continue
    return None


config = blas_config()
if config is None or "OpenBLAS" not in config:
    sys.exit("gemm_numpy.py: numpy is not running on OpenBLAS here (openblas_get_config not found); Debian's numpy "
             "links the reference BLAS until OpenBLAS is installed: apt-get install libopenblas0-pthread")

rng = np.random.default_rng(0)
for n in (int(s) for s in args.sizes.split(",")):
    a = rng.uniform(-1, 1, (n, n)).astype(np.float32)
    b = rng.uniform(-1, 1, (n, n)).astype(np.float32)
    c = np.empty((n, n), dtype=np.float32)
    flops = 2.0 * n ** 3
    # Products per timed run: enough for args.seconds, found on a warm-up that also loads the caches and threads.
    t0 = time.perf_counter()
    reps = 0
    while reps < 3 or time.perf_counter() - t0 < 0.2:
        np.matmul(a, b, out=c)
        reps += 1
    per_run = max(1, int(args.seconds / ((time.perf_counter() - t0) / reps)))
    rates = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        for _ in range(per_run):
            np.matmul(a, b, out=c)
        rates.append(flops * per_run / (time.perf_counter() - t0) / 1e9)
    print(json.dumps({"lib": "numpy-openblas", "n": n, "threads": args.threads,
                      "gflops": round(statistics.median(rates), 2), "gflops_best": round(max(rates), 2),
                      "runs": args.runs, "products_per_run": per_run, "numpy": np.__version__, "blas": config}),
          flush=True)

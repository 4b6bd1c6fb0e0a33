package splot.kernel;

/**
 * Runs a GEMM implementation's register tiles on short products until the JIT has compiled them, once, when
 * {@link Gemm} picks the implementation: {@code primed(kernels)} returns its argument.
 *
 * <p>Why: a tile's loop over the depth runs hundreds of steps a call. Left to the first real products, its first
 * calls ran in the interpreter long enough for C2 to compile an on-stack-replacement version before the ordinary one,
 * and a second after it for the thread that was still inside the interpreted loop: on the AVX-512 Zen 5 of
 * BENCHMARKS.md (session 18), fashion-mlp's first steps cost C2 100 + 115 + 180 ms for the 8 x 32 tile alone, 982 ms
 * in all, and the queue behind it reached into the timed steps. Calls of depth 16 reach the invocation
 * threshold that the launcher sets for {@code splot.kernel} within the first ten (some 150 steps of the loop), long
 * before the on-stack-replacement threshold would, and the launcher's compiler directives make the call that asks for
 * the compile wait for it; the rest of the forty run on the compiled tile: each tile is compiled once, the ordinary way (fashion-mlp: 476 ms of C2 in all, the tiles 73 and 40 ms).
 * Without the launcher's options the calls run in the interpreter and cost some microseconds.
 */
final class TilePriming {
    private static final int DEPTH = 16;
    private static final int CALLS = 40;

    private TilePriming() {
    }

    /** Primes {@code kernels}' tiles (packed A, and A in place where it reads A in place) and returns it. */
    static GemmKernels primed(GemmKernels kernels) {
        int mr = kernels.mr(), nr = kernels.nr();
        float[] a = new float[mr * DEPTH], b = new float[nr * DEPTH], c = new float[mr * nr];
        for (int i = 0; i < CALLS; i++) {
            // Both ends of the tile (C stored, C added) run, so C2's type profile has every Vector API call in it.
            boolean overwrite = (i & 1) == 0;
            kernels.tile(DEPTH, a, 0, b, 0, c, 0, nr, overwrite);
            if (kernels.readsRowsOfA()) kernels.tileRows(DEPTH, a, 0, DEPTH, b, 0, c, 0, nr, overwrite);
        }
        return kernels;
    }
}

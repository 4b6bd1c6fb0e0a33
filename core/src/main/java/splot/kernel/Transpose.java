package splot.kernel;

/**
 * Out-of-place matrix transpose. GEMM's plain (untransposed) operands are its fast path, so ops that would pass a
 * transposed B (a dense layer's weight, a convolution's column matrix in backward) transpose it first: k * n
 * copies against m * k * n multiply-adds.
 */
public final class Transpose {
    /** Block side: a block's rows and columns both stay in the L1 cache. */
    static final int BLOCK = 16;
    /**
     * Elements from which the threads share a transpose: fashion-mlp's weight (128 x 784), transposed on every forward
     * call, took 76 us on one core.
     */
    private static final int PARALLEL_ELEMENTS = 1 << 16;

    private Transpose() {
    }

    /**
     * dst (cols x rows) = src (rows x cols) transposed, both row-major and dense. Runs over BLOCK x BLOCK squares
     * so that the strided side of each copy touches few cache lines.
     */
    public static void transpose(float[] src, int srcOff, int rows, int cols, float[] dst, int dstOff) {
        transpose(src, srcOff, rows, cols, dst, dstOff, false);
    }

    /** dst (cols x rows) += src (rows x cols) transposed, as {@link #transpose}. */
    public static void addTransposed(float[] src, int srcOff, int rows, int cols, float[] dst, int dstOff) {
        transpose(src, srcOff, rows, cols, dst, dstOff, true);
    }

    private static void transpose(float[] src, int srcOff, int rows, int cols, float[] dst, int dstOff, boolean add) {
        LoopPriming.Transposes.ready();
        if ((long) rows * cols < PARALLEL_ELEMENTS) {
            columns(src, srcOff, rows, cols, dst, dstOff, add, 0, cols);
            return;
        }
        // Each piece writes its own rows of dst (columns of src), whole blocks of them.
        Parallel.forRange(0, Math.ceilDiv(cols, BLOCK), (lo, hi) ->
                columns(src, srcOff, rows, cols, dst, dstOff, add, lo * BLOCK, Math.min(cols, hi * BLOCK)));
    }

    /**
     * Rows [from, to) of src (rows x cols) into columns [from, to) of dst (cols x rows), as {@link #transpose}: for a
     * thread that needs only those columns of the transpose.
     */
    static void rows(float[] src, int srcOff, int rows, int cols, float[] dst, int dstOff, int from, int to) {
        LoopPriming.Transposes.ready();
        blocks(src, srcOff, rows, cols, dst, dstOff, false, from, to, 0, cols);
    }

    /** Columns [from, to) of src into rows [from, to) of dst. */
    private static void columns(float[] src, int srcOff, int rows, int cols, float[] dst, int dstOff, boolean add, int from, int to) {
        blocks(src, srcOff, rows, cols, dst, dstOff, add, 0, rows, from, to);
    }

    /** Rows [rFrom, rTo) by columns [cFrom, cTo) of src into dst, BLOCK x BLOCK squares at a time. */
    static void blocks(float[] src, int srcOff, int rows, int cols, float[] dst, int dstOff, boolean add,
                               int rFrom, int rTo, int cFrom, int cTo) {
        for (int r0 = rFrom; r0 < rTo; r0 += BLOCK) {
            int r1 = Math.min(rTo, r0 + BLOCK);
            for (int c0 = cFrom; c0 < cTo; c0 += BLOCK) {
                int c1 = Math.min(cTo, c0 + BLOCK);
                // A whole block stored in registers where the vector loops can: sixteen row loads and sixteen stores
                // where the loop below moves one float at a time (fashion-mlp's 128 x 784 weight 0.056 -> 0.019 ms on
                // one thread; mnist-cnn's 128 x 9216 stays at 1.1 ms, bound by memory; BENCHMARKS.md, session 34).
                // Adding transposes stay on the loop.
                if (!add && r1 - r0 == BLOCK && c1 - c0 == BLOCK
                        && Elementwise.KERNELS.transposeBlock(src, srcOff + r0 * cols + c0, cols, dst, dstOff + c0 * rows + r0, rows)) {
                    continue;
                }
                for (int r = r0; r < r1; r++) {
                    int row = srcOff + r * cols;
                    if (add) for (int c = c0; c < c1; c++) dst[dstOff + c * rows + r] += src[row + c];
                    else for (int c = c0; c < c1; c++) dst[dstOff + c * rows + r] = src[row + c];
                }
            }
        }
    }
}

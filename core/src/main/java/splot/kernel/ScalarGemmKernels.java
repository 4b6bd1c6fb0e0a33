package splot.kernel;

/**
 * GEMM loops in plain scalar Java: the fallback when the Vector API is absent, too narrow, or turned off with
 * {@code -Dsplot.vector=false}. Register tile 4 x 4 (sixteen scalar accumulators, four A and four B loads
 * per sixteen multiply-adds) over the same packed panels as the vector path.
 */
final class ScalarGemmKernels implements GemmKernels {
    static final int MR = 4;
    static final int NR = 4;

    @Override
    public String toString() {
        return "scalar " + MR + "x" + NR;
    }

    @Override
    public int mr() {
        return MR;
    }

    @Override
    public int nr() {
        return NR;
    }

    @Override
    public void tile(int kc, float[] ap, int ai, float[] bp, int bi, float[] c, int ci, int ldc, boolean overwrite) {
        float c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        float c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (int p = 0; p < kc; p++) {
            int ao = ai + p * MR, bo = bi + p * NR;
            float b0 = bp[bo], b1 = bp[bo + 1], b2 = bp[bo + 2], b3 = bp[bo + 3];
            float a0 = ap[ao], a1 = ap[ao + 1], a2 = ap[ao + 2], a3 = ap[ao + 3];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        }
        store(c00, c01, c02, c03, c, ci, overwrite);
        store(c10, c11, c12, c13, c, ci + ldc, overwrite);
        store(c20, c21, c22, c23, c, ci + 2 * ldc, overwrite);
        store(c30, c31, c32, c33, c, ci + 3 * ldc, overwrite);
    }

    private static void store(float v0, float v1, float v2, float v3, float[] c, int ci, boolean overwrite) {
        if (overwrite) {
            c[ci] = v0; c[ci + 1] = v1; c[ci + 2] = v2; c[ci + 3] = v3;
        } else {
            c[ci] += v0; c[ci + 1] += v1; c[ci + 2] += v2; c[ci + 3] += v3;
        }
    }

    /** An axpy over the C row per step of k; the JIT vectorises that loop on its own. */
    @Override
    public void axpyRow(float[] x, int xo, int k, float[] b, int bOff, int ldb, int n, float[] c, int ci, boolean accumulate) {
        if (!accumulate) java.util.Arrays.fill(c, ci, ci + n, 0f);
        for (int p = 0; p < k; p++) {
            float xv = x[xo + p];
            int bo = bOff + p * ldb;
            for (int j = 0; j < n; j++) c[ci + j] += xv * b[bo + j];
        }
    }

    /** One dot product per entry. */
    @Override
    public void dotRow(float[] x, int xo, int k, float[] b, int bOff, int ldb, int n, float[] c, int ci, boolean accumulate) {
        for (int j = 0; j < n; j++) {
            int bo = bOff + j * ldb;
            float s = 0;
            for (int p = 0; p < k; p++) s += x[xo + p] * b[bo + p];
            c[ci + j] = accumulate ? c[ci + j] + s : s;
        }
    }
}

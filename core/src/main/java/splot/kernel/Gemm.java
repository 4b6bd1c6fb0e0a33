package splot.kernel;

/**
 * Single-precision matrix multiply on row-major arrays with offsets and leading dimensions:
 * {@code C[m x n] (+)= op(A)[m x k] * op(B)[k x n]}, where op is the transpose when asked.
 * With {@code transA} A is stored as (k x m); with {@code transB} B is stored as (n x k).
 */
public final class Gemm {
    private Gemm() {
    }

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float[] c, int cOff, int ldc, boolean accumulate) {
        ReferenceGemm.sgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }
}

package splot.kernel;

/** Sums of float runs in double, the way per-channel statistics and bias gradients need them. */
public final class Sums {
    private Sums() {
    }

    /**
     * Sum of {@code a[off..off+len)} in double, over four running sums so the adds do not wait on each other
     * (one chain of double adds runs at a quarter of the speed). The order is fixed, so the result is too.
     */
    public static double sum(float[] a, int off, int len) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int k = 0;
        for (; k + 4 <= len; k += 4) {
            s0 += a[off + k];
            s1 += a[off + k + 1];
            s2 += a[off + k + 2];
            s3 += a[off + k + 3];
        }
        for (; k < len; k++) s0 += a[off + k];
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * Sum of {@code a[off..off+len)} as batch normalisation's statistics take it: in float lanes over blocks of 64
     * vectors, the blocks added in double (see {@link StatisticsKernels}); within a few units in the last place of
     * float of {@link #sum}.
     */
    public static double blockSum(float[] a, int off, int len) {
        return BatchNormKernel.KERNELS.sum(a, off, len);
    }
}

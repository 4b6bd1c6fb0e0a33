package splot.kernel;

/**
 * The loops over a run of floats behind batch normalisation's per-channel statistics: sums (returned in double),
 * centred squares and products, and the training-mode input gradient. Two implementations: {@link ScalarStatistics}
 * (plain Java, every value in double, four running sums) and {@link VectorStatistics} (float lanes over short blocks,
 * the blocks summed in double), which agree to a few units in the last place of float.
 */
interface StatisticsKernels {
    /** Sum of {@code a[off..off+len)}. */
    double sum(float[] a, int off, int len);

    /** Sum of {@code (x - m)^2} over {@code x[off..off+len)}. */
    double squares(float[] x, int off, int len, double m);

    /** Sum of {@code dy * (x - m)} over the run {@code [off, off+len)} of both. */
    double products(float[] dy, float[] x, int off, int len, double m);

    /**
     * Batch normalisation's training-mode input gradient over one run of a channel, added to dx or stored:
     * {@code dx (+)= k * (dy - meanDy - (x - mean) * invStd * meanDyXhat)}.
     */
    void normGradient(float[] dy, float[] x, int off, int len, double mean, double invStd, double k, double meanDy,
                      double meanDyXhat, float[] dx, boolean add);
}

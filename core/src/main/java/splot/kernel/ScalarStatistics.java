package splot.kernel;

/** {@link StatisticsKernels} in plain Java: four running sums, so the double adds do not wait on each other (as {@link Sums}). */
final class ScalarStatistics implements StatisticsKernels {

    @Override
    public double sum(float[] a, int off, int len) {
        return Sums.sum(a, off, len);
    }

    @Override
    public double squares(float[] x, int off, int len, double m) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int k = 0;
        for (; k + 4 <= len; k += 4) {
            double d0 = x[off + k] - m, d1 = x[off + k + 1] - m, d2 = x[off + k + 2] - m, d3 = x[off + k + 3] - m;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; k < len; k++) {
            double d = x[off + k] - m;
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public double products(float[] dy, float[] x, int off, int len, double m) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int k = 0;
        for (; k + 4 <= len; k += 4) {
            s0 += dy[off + k] * (x[off + k] - m);
            s1 += dy[off + k + 1] * (x[off + k + 1] - m);
            s2 += dy[off + k + 2] * (x[off + k + 2] - m);
            s3 += dy[off + k + 3] * (x[off + k + 3] - m);
        }
        for (; k < len; k++) s0 += dy[off + k] * (x[off + k] - m);
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public void normGradient(float[] dy, float[] x, int off, int len, double mean, double invStd, double k, double meanDy,
                             double meanDyXhat, float[] dx, boolean add) {
        normGradientRange(dy, x, off, off + len, mean, invStd, k, meanDy, meanDyXhat, dx, add);
    }

    /** {@link #normGradient} over the indexes [from, to): the vector loop's tail. */
    static void normGradientRange(float[] dy, float[] x, int from, int to, double mean, double invStd, double k, double meanDy,
                                  double meanDyXhat, float[] dx, boolean add) {
        for (int p = from; p < to; p++) {
            double xhat = (x[p] - mean) * invStd;
            float g = (float) (k * (dy[p] - meanDy - xhat * meanDyXhat));
            dx[p] = add ? dx[p] + g : g;
        }
    }
}

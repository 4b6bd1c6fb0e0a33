package splot.kernel;

/**
 * Per-channel loops of batch normalisation over an (N, C, S) layout: {@code n} items, {@code c}
 * channels, {@code s} positions per channel (H * W for images, L for sequences, 1 for flat
 * features). Channel {@code ch} of item {@code i} is the run {@code x[(i * c + ch) * s ...+ s]}.
 * Sums are kept in double: a channel of a CIFAR batch has 128 * 32 * 32 = 131,072 values.
 */
public final class BatchNormKernel {
    private BatchNormKernel() {
    }

    /** Per-channel mean and biased variance (divided by n * s), two passes for accuracy. */
    public static void meanVar(float[] x, int n, int c, int s, double[] mean, double[] var) {
        double count = (double) n * s;
        for (int ch = 0; ch < c; ch++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                int off = (i * c + ch) * s;
                for (int k = 0; k < s; k++) sum += x[off + k];
            }
            double m = sum / count, sq = 0;
            for (int i = 0; i < n; i++) {
                int off = (i * c + ch) * s;
                for (int k = 0; k < s; k++) {
                    double d = x[off + k] - m;
                    sq += d * d;
                }
            }
            mean[ch] = m;
            var[ch] = sq / count;
        }
    }

    /** y = x * scale[ch] + shift[ch]: the whole normalisation once folded per channel. */
    public static void scaleShift(float[] x, int n, int c, int s, double[] scale, double[] shift, float[] y) {
        for (int i = 0; i < n; i++)
            for (int ch = 0; ch < c; ch++) {
                int off = (i * c + ch) * s;
                float a = (float) scale[ch], b = (float) shift[ch];
                for (int k = 0; k < s; k++) y[off + k] = x[off + k] * a + b;
            }
    }

    /**
     * Per-channel sums of the upstream gradient and of gradient times normalised input:
     * {@code sumDy[ch] = sum(dy)}, {@code sumDyXhat[ch] = sum(dy * (x - mean) * invStd)} (the gradients of beta and gamma).
     */
    public static void gradSums(float[] dy, float[] x, int n, int c, int s, double[] mean, double[] invStd,
                                double[] sumDy, double[] sumDyXhat) {
        for (int ch = 0; ch < c; ch++) {
            double sd = 0, sdx = 0;
            for (int i = 0; i < n; i++) {
                int off = (i * c + ch) * s;
                for (int k = 0; k < s; k++) {
                    sd += dy[off + k];
                    sdx += dy[off + k] * (x[off + k] - mean[ch]);
                }
            }
            sumDy[ch] = sd;
            sumDyXhat[ch] = sdx * invStd[ch];
        }
    }

    /**
     * Input gradient in training mode, where mean and variance depend on x ({@code +=}):
     * dx = gamma * invStd * (dy - mean(dy) - xhat * mean(dy * xhat)), means over the n * s values of a channel.
     */
    public static void backwardTrain(float[] dy, float[] x, int n, int c, int s, double[] mean, double[] invStd,
                                     double[] gamma, double[] sumDy, double[] sumDyXhat, float[] dx) {
        double count = (double) n * s;
        for (int i = 0; i < n; i++)
            for (int ch = 0; ch < c; ch++) {
                int off = (i * c + ch) * s;
                double k = gamma[ch] * invStd[ch], meanDy = sumDy[ch] / count, meanDyXhat = sumDyXhat[ch] / count;
                for (int p = 0; p < s; p++) {
                    double xhat = (x[off + p] - mean[ch]) * invStd[ch];
                    dx[off + p] += (float) (k * (dy[off + p] - meanDy - xhat * meanDyXhat));
                }
            }
    }

    /** Input gradient in evaluation mode, where the statistics are constants: dx += dy * scale[ch]. */
    public static void backwardEval(float[] dy, int n, int c, int s, double[] scale, float[] dx) {
        for (int i = 0; i < n; i++)
            for (int ch = 0; ch < c; ch++) {
                int off = (i * c + ch) * s;
                float a = (float) scale[ch];
                for (int k = 0; k < s; k++) dx[off + k] += dy[off + k] * a;
            }
    }
}

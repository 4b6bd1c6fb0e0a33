package splot.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The batch-norm loops on tensors large enough to be split across threads, against the definitions written
 * as plain loops in double, to a few float roundings (the reference tests against PyTorch use small tensors that
 * stay on one thread).
 */
class BatchNormKernelTest {
    private static final int N = 6, C = 5, S = 37 * 41;

    @Test
    void statisticsAndGradientsMatchTheDefinitions() {
        float[][] inputs = inputsAndGradients(3, N * C * S);
        float[] x = inputs[0], dy = inputs[1];
        double[] mean = new double[C], var = new double[C];
        BatchNormKernel.meanVar(x, N, C, S, mean, var);
        double[] invStd = new double[C], gamma = new double[C], sumDy = new double[C], sumDyXhat = new double[C];
        for (int ch = 0; ch < C; ch++) {
            invStd[ch] = 1 / Math.sqrt(var[ch] + 1e-5);
            gamma[ch] = 0.5 + ch;
        }
        BatchNormKernel.gradSums(dy, x, N, C, S, mean, invStd, sumDy, sumDyXhat);
        float[] dx = new float[x.length];
        BatchNormKernel.backwardTrain(dy, x, N, C, S, mean, invStd, gamma, sumDy, sumDyXhat, dx, true);

        double count = (double) N * S;
        for (int ch = 0; ch < C; ch++) {
            double m = 0, v = 0, sd = 0, sdx = 0, absDy = 0, absDyXhat = 0;
            for (int i = 0; i < N; i++) for (int k = 0; k < S; k++) m += x[(i * C + ch) * S + k];
            m /= count;
            for (int i = 0; i < N; i++) for (int k = 0; k < S; k++) v += (x[(i * C + ch) * S + k] - m) * (x[(i * C + ch) * S + k] - m);
            v /= count;
            double is = 1 / Math.sqrt(v + 1e-5);
            for (int i = 0; i < N; i++) {
                for (int k = 0; k < S; k++) {
                    int at = (i * C + ch) * S + k;
                    sd += dy[at];
                    sdx += dy[at] * (x[at] - m) * is;
                    absDy += Math.abs(dy[at]);
                    absDyXhat += Math.abs(dy[at] * (x[at] - m) * is);
                }
            }
            // Within a few float roundings of the sums of absolute values (the vector loops sum short blocks in float).
            assertEquals(m, mean[ch], 1e-6 * Math.abs(m), "mean of channel " + ch);
            assertEquals(v, var[ch], 1e-6 * v, "variance of channel " + ch);
            assertEquals(sd, sumDy[ch], 1e-6 * absDy, "sum of dy, channel " + ch);
            assertEquals(sdx, sumDyXhat[ch], 1e-6 * absDyXhat, "sum of dy * xhat, channel " + ch);
            for (int i = 0; i < N; i++) {
                int at = (i * C + ch) * S + 7;
                double xhat = (x[at] - m) * is;
                double want = gamma[ch] * is * (dy[at] - sd / count - xhat * sdx / count);
                assertEquals(want, dx[at], 1e-5, "dx of item " + i + ", channel " + ch);
            }
        }
    }

    /**
     * The image layout's sums, taken a run at a time on whichever thread has the run and added a channel at a time
     * in order: the same doubles as a channel's runs summed in order on one thread, on one thread and on all.
     */
    @Test
    void runSumsGiveAChannelsOrderedSumOnAnyNumberOfThreads() {
        float[][] inputs = inputsAndGradients(11, N * C * S);
        float[] x = inputs[0], dy = inputs[1];
        StatisticsKernels k = BatchNormKernel.KERNELS;
        int pool = Parallel.poolSize();
        for (int threads : new int[] {pool, 1}) {
            Parallel.setThreads(threads);
            try {
                double[] mean = new double[C], var = new double[C], invStd = new double[C], sumDy = new double[C], sumDyXhat = new double[C];
                BatchNormKernel.meanVar(x, N, C, S, mean, var);
                for (int ch = 0; ch < C; ch++) invStd[ch] = 1 / Math.sqrt(var[ch] + 1e-5);
                BatchNormKernel.gradSums(dy, x, N, C, S, mean, invStd, sumDy, sumDyXhat);
                for (int ch = 0; ch < C; ch++) {
                    double total = 0, sq = 0, sd = 0, sdx = 0;
                    for (int i = 0; i < N; i++) total += k.sum(x, (i * C + ch) * S, S);
                    double m = total / ((double) N * S);
                    for (int i = 0; i < N; i++) {
                        sq += k.squares(x, (i * C + ch) * S, S, m);
                        sd += k.sum(dy, (i * C + ch) * S, S);
                        sdx += k.products(dy, x, (i * C + ch) * S, S, m);
                    }
                    String where = threads + " threads, channel " + ch;
                    assertEquals(m, mean[ch], 0, "mean, " + where);
                    assertEquals(sq / ((double) N * S), var[ch], 0, "variance, " + where);
                    assertEquals(sd, sumDy[ch], 0, "sum of dy, " + where);
                    assertEquals(sdx * invStd[ch], sumDyXhat[ch], 0, "sum of dy * xhat, " + where);
                }
            } finally {
                Parallel.setThreads(pool);
            }
        }
    }

    /**
     * Flat features (runs of one value) take their own loops, a row of the batch at a time: the same floats as
     * the run loops give, written here as they were, on a batch split across threads (64 x 4096) and one that is not.
     */
    @Test
    void flatFeaturesGiveTheRunLoopsFloats() {
        for (int[] nc : new int[][] {{64, 4096}, {7, 33}}) {
            int n = nc[0], c = nc[1];
            float[][] inputs = inputsAndGradients(n + c, n * c);
            float[] x = inputs[0], dy = inputs[1];
            double[] mean = new double[c], var = new double[c], invStd = new double[c], gamma = new double[c], scale = new double[c];
            BatchNormKernel.meanVar(x, n, c, 1, mean, var);
            for (int ch = 0; ch < c; ch++) {
                invStd[ch] = 1 / Math.sqrt(var[ch] + 1e-5);
                gamma[ch] = 0.5 + ch % 7;
                scale[ch] = gamma[ch] * invStd[ch];
            }
            double[] sumDy = new double[c], sumDyXhat = new double[c];
            BatchNormKernel.gradSums(dy, x, n, c, 1, mean, invStd, sumDy, sumDyXhat);
            float[] y = new float[x.length], dx = new float[x.length];
            BatchNormKernel.scaleShift(x, n, c, 1, scale, mean, y);
            BatchNormKernel.backwardTrain(dy, x, n, c, 1, mean, invStd, gamma, sumDy, sumDyXhat, dx, false);

            StatisticsKernels k = BatchNormKernel.KERNELS;
            for (int ch = 0; ch < c; ch++) {
                double total = 0, sq = 0, sd = 0, sdx = 0;
                for (int i = 0; i < n; i++) total += k.sum(x, i * c + ch, 1);
                double m = total / n;
                for (int i = 0; i < n; i++) sq += k.squares(x, i * c + ch, 1, m);
                for (int i = 0; i < n; i++) {
                    sd += k.sum(dy, i * c + ch, 1);
                    sdx += k.products(dy, x, i * c + ch, 1, m);
                }
                String where = n + " x " + c + ", channel " + ch;
                assertEquals(m, mean[ch], 0, "mean, " + where);
                assertEquals(sq / n, var[ch], 0, "variance, " + where);
                assertEquals(sd, sumDy[ch], 0, "sum of dy, " + where);
                assertEquals(sdx * invStd[ch], sumDyXhat[ch], 0, "sum of dy * xhat, " + where);
                float[] want = new float[1];
                for (int i = 0; i < n; i++) {
                    int at = i * c + ch;
                    assertEquals(x[at] * (float) scale[ch] + (float) mean[ch], y[at], 0, "y, " + where);
                    float[] one = {dy[at]}, xs = {x[at]};
                    k.normGradient(one, xs, 0, 1, m, invStd[ch], gamma[ch] * invStd[ch], sd / n, sdx * invStd[ch] / n, want, false);
                    assertEquals(want[0], dx[at], 0, "dx of item " + i + ", " + where);
                }
            }
        }
    }

    /** x uniform in [-1, 3) and dy in [-1, 1), {@code length} of each, drawn in turn from one seeded generator. */
    private static float[][] inputsAndGradients(long seed, int length) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[length], dy = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = (float) (r.nextDouble() * 4 - 1);
            dy[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return new float[][] {x, dy};
    }
}

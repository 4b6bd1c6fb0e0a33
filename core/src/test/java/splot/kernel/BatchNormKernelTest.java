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
        SplittableRandom r = new SplittableRandom(3);
        float[] x = new float[N * C * S], dy = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 4 - 1);
            dy[i] = (float) (r.nextDouble() * 2 - 1);
        }
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
}

package splot.kernel;

import java.util.Arrays;

/**
 * Per-channel loops of batch normalisation over an (N, C, S) layout: {@code n} items, {@code c}
 * channels, {@code s} positions per channel (H * W for images, L for sequences, 1 for flat
 * features). Channel {@code ch} of item {@code i} is the run {@code x[(i * c + ch) * s ...+ s]}.
 * Sums are kept in double: a channel of a CIFAR batch has 128 * 32 * 32 = 131,072 values. Each run goes through
 * {@link StatisticsKernels} (where the Vector API is there, float lanes over blocks of 64 vectors,
 * each block's total added in double), and the loops split runs (or, for flat features, channels) across
 * {@link Parallel}'s threads; a channel's sum is always taken in the same order, so the result does not depend on the
 * number of threads. Split by runs, each thread reads the items the loops before it wrote, from its own core's cache:
 * cifar-vgg's training step on two threads of the Zen 5 of BENCHMARKS.md (session 44) 0.97 of the time of the split
 * by channels, one thread 0.99.
 */
public final class BatchNormKernel {
    static final StatisticsKernels SCALAR = new ScalarStatistics();
    static final StatisticsKernels KERNELS = choose(System.getProperty("splot.vector"));
    /** Values below which a second thread costs more than it saves. */
    private static final int PARALLEL_VALUES = 1 << 15;
    /**
     * The same for flat features (s = 1), whose loops take a value at a time in plain Java: cifar-vgg's (64, 512)
     * batch norm runs in some 20 us on one thread, less than a second thread takes to join.
     */
    private static final int PARALLEL_FEATURES = 1 << 18;

    private BatchNormKernel() {
    }

    /** Runs {@code body} over [0, count) of channels or runs, split across threads when the tensor is large. */
    private static void split(long values, int count, Parallel.Range body) {
        if (values < PARALLEL_VALUES) body.run(0, count);
        else Parallel.forRange(0, count, body);
    }

    /** Runs {@code body} over [0, c) of the channels of n x c flat features, split across threads when there are many. */
    private static void splitFeatures(int n, int c, Parallel.Range body) {
        if ((long) n * c < PARALLEL_FEATURES) body.run(0, c);
        else Parallel.forRange(0, c, body);
    }

    /** Per-channel mean and biased variance (divided by n * s), two passes for accuracy. */
    public static void meanVar(float[] x, int n, int c, int s, double[] mean, double[] var) {
        double count = (double) n * s;
        if (s == 1) {
            splitFeatures(n, c, (from, to) -> meanVarFeatures(x, n, c, mean, var, from, to));
            return;
        }
        // Each run's sum on the thread that has the run (the split of the conv and elementwise loops before: a batch's
        // first half on one thread), then a channel's runs added in order: the doubles of a sum taken channel by
        // channel, on any number of threads.
        double[] runs = runSums(n * c, 1);
        split((long) n * c * s, n * c, (from, to) -> {
            for (int run = from; run < to; run++) runs[run] = KERNELS.sum(x, run * s, s);
        });
        addRuns(runs, 0, 1, n, c, mean);
        for (int ch = 0; ch < c; ch++) mean[ch] /= count;
        split((long) n * c * s, n * c, (from, to) -> {
            for (int run = from; run < to; run++) runs[run] = KERNELS.squares(x, run * s, s, mean[run % c]);
        });
        addRuns(runs, 0, 1, n, c, var);
        for (int ch = 0; ch < c; ch++) var[ch] /= count;
    }

    /** Per-run sums of the calling thread's reductions, reused across calls. */
    private static final ThreadLocal<double[][]> RUN_SUMS = ThreadLocal.withInitial(() -> new double[1][0]);

    /** This thread's scratch of at least runs * width doubles. */
    private static double[] runSums(int runs, int width) {
        double[][] held = RUN_SUMS.get();
        if (held[0].length < runs * width) held[0] = new double[runs * width];
        return held[0];
    }

    /** to[ch] = the sum over items i, in order, of runs[(i * c + ch) * width + at]. */
    private static void addRuns(double[] runs, int at, int width, int n, int c, double[] to) {
        Arrays.fill(to, 0, c, 0);
        for (int i = 0; i < n; i++) {
            for (int ch = 0, r = i * c * width + at; ch < c; ch++, r += width) to[ch] += runs[r];
        }
    }

    /**
     * {@link #meanVar} of flat features, channels [from, to): a row of the batch at a time, each channel's running sums
     * in mean and var, so the sums are in the order, and the doubles, that the run loops give a run of one (a whole
     * call per value took 5 ns a value, and going down a channel 2 KB apart about as much).
     */
    private static void meanVarFeatures(float[] x, int n, int c, double[] mean, double[] var, int from, int to) {
        Arrays.fill(mean, from, to, 0);
        Arrays.fill(var, from, to, 0);
        for (int row = 0; row < n * c; row += c) {
            for (int ch = from; ch < to; ch++) mean[ch] += x[row + ch];
        }
        for (int ch = from; ch < to; ch++) mean[ch] /= n;
        for (int row = 0; row < n * c; row += c) {
            for (int ch = from; ch < to; ch++) {
                double d = x[row + ch] - mean[ch];
                var[ch] += d * d;
            }
        }
        for (int ch = from; ch < to; ch++) var[ch] /= n;
    }

    /** y = x * scale[ch] + shift[ch]: the whole normalisation once folded per channel. */
    public static void scaleShift(float[] x, int n, int c, int s, double[] scale, double[] shift, float[] y) {
        if (s == 1) {
            splitFeatures(n, c, (from, to) -> {
                for (int row = 0; row < n * c; row += c) {
                    for (int ch = from; ch < to; ch++) y[row + ch] = x[row + ch] * (float) scale[ch] + (float) shift[ch];
                }
            });
            return;
        }
        split((long) n * c * s, n * c, (from, to) -> {
            for (int run = from; run < to; run++) {
                int off = run * s, ch = run % c;
                float a = (float) scale[ch], b = (float) shift[ch];
                for (int k = 0; k < s; k++) y[off + k] = x[off + k] * a + b;
            }
        });
    }

    /**
     * Per-channel sums of the upstream gradient and of gradient times normalised input:
     * {@code sumDy[ch] = sum(dy)}, {@code sumDyXhat[ch] = sum(dy * (x - mean) * invStd)} (the gradients of beta and gamma).
     */
    public static void gradSums(float[] dy, float[] x, int n, int c, int s, double[] mean, double[] invStd,
                                double[] sumDy, double[] sumDyXhat) {
        if (s == 1) {
            splitFeatures(n, c, (from, to) -> {
                Arrays.fill(sumDy, from, to, 0);
                Arrays.fill(sumDyXhat, from, to, 0);
                for (int row = 0; row < n * c; row += c) {
                    for (int ch = from; ch < to; ch++) {
                        sumDy[ch] += dy[row + ch];
                        sumDyXhat[ch] += dy[row + ch] * (x[row + ch] - mean[ch]);
                    }
                }
                for (int ch = from; ch < to; ch++) sumDyXhat[ch] *= invStd[ch];
            });
            return;
        }
        // As meanVar's: each run's two sums where the run is, then a channel's added in order.
        double[] runs = runSums(n * c, 2);
        split((long) n * c * s, n * c, (from, to) -> {
            for (int run = from; run < to; run++) {
                runs[2 * run] = KERNELS.sum(dy, run * s, s);
                runs[2 * run + 1] = KERNELS.products(dy, x, run * s, s, mean[run % c]);
            }
        });
        addRuns(runs, 0, 2, n, c, sumDy);
        addRuns(runs, 1, 2, n, c, sumDyXhat);
        for (int ch = 0; ch < c; ch++) sumDyXhat[ch] *= invStd[ch];
    }

    /**
     * Input gradient in training mode, where mean and variance depend on x, added to dx or stored:
     * dx = gamma * invStd * (dy - mean(dy) - xhat * mean(dy * xhat)), means over the n * s values of a channel.
     */
    public static void backwardTrain(float[] dy, float[] x, int n, int c, int s, double[] mean, double[] invStd,
                                     double[] gamma, double[] sumDy, double[] sumDyXhat, float[] dx, boolean add) {
        double count = (double) n * s;
        if (s == 1) {
            splitFeatures(n, c, (from, to) -> {
                // Each channel's three factors once, not once a value: k, then the two means.
                double[] factors = new double[3 * (to - from)];
                for (int ch = from; ch < to; ch++) {
                    int f = 3 * (ch - from);
                    factors[f] = gamma[ch] * invStd[ch];
                    factors[f + 1] = sumDy[ch] / count;
                    factors[f + 2] = sumDyXhat[ch] / count;
                }
                for (int row = 0; row < n * c; row += c) {
                    for (int ch = from, f = 0; ch < to; ch++, f += 3) {
                        int at = row + ch;
                        ScalarStatistics.normGradientRange(dy, x, at, at + 1, mean[ch], invStd[ch], factors[f], factors[f + 1],
                                factors[f + 2], dx, add);
                    }
                }
            });
            return;
        }
        split((long) n * c * s, n * c, (from, to) -> {
            for (int run = from; run < to; run++) {
                int off = run * s, ch = run % c;
                double k = gamma[ch] * invStd[ch], meanDy = sumDy[ch] / count, meanDyXhat = sumDyXhat[ch] / count;
                KERNELS.normGradient(dy, x, off, s, mean[ch], invStd[ch], k, meanDy, meanDyXhat, dx, add);
            }
        });
    }

    /** Input gradient in evaluation mode, where the statistics are constants: dx (+)= dy * scale[ch]. */
    public static void backwardEval(float[] dy, int n, int c, int s, double[] scale, float[] dx, boolean add) {
        split((long) n * c * s, n * c, (from, to) -> {
            for (int run = from; run < to; run++) {
                int off = run * s;
                float a = (float) scale[run % c];
                if (add) for (int k = off; k < off + s; k++) dx[k] += dy[k] * a;
                else for (int k = off; k < off + s; k++) dx[k] = dy[k] * a;
            }
        });
    }

    /** The vector loops unless {@code vectorProperty} is "false" or the Vector API is missing. */
    static StatisticsKernels choose(String vectorProperty) {
        if ("false".equalsIgnoreCase(vectorProperty)) return SCALAR;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return SCALAR;
        return VectorSupport.kernels();
    }

    /** Keeps the reference to the Vector API class out of this class's own method bodies until it is known to load. */
    private static final class VectorSupport {
        static StatisticsKernels kernels() {
            return VectorStatistics.L >= 2 ? new VectorStatistics() : SCALAR;
        }
    }
}

package splot.ops;

import splot.kernel.Elementwise;
import splot.kernel.Parallel;
import splot.tensor.Arena;
import splot.tensor.GradTarget;
import splot.tensor.Tensor;

/** Activation functions: forward and backward of each, elementwise or over one dimension. */
public final class Activations {
    private Activations() {
    }

    public static Tensor relu(Tensor x) {
        float[] in = x.data();
        float[] out = Arena.floats(in.length);
        Elementwise.relu(in, out, in.length);
        return Tensor.fromOp("relu", out, x.shape(), g -> {
            GradTarget gx = x.gradTarget();
            Elementwise.reluBackward(in, g, gx.data(), g.length, gx.add());
        }, x);
    }

    /** max(x, 0) + slope * min(x, 0). */
    public static Tensor leakyRelu(Tensor x, float slope) {
        float[] in = x.data();
        float[] out = Arena.floats(in.length);
        for (int i = 0; i < out.length; i++) out[i] = in[i] > 0 ? in[i] : slope * in[i];
        return Tensor.fromOp("leaky_relu", out, x.shape(), g -> {
            float[] gx = x.gradBuffer();
            for (int i = 0; i < g.length; i++) gx[i] += in[i] > 0 ? g[i] : slope * g[i];
        }, x);
    }

    public static Tensor tanh(Tensor x) {
        float[] in = x.data();
        float[] out = Arena.floats(in.length);
        Elementwise.tanh(in, out, in.length);
        return Tensor.fromOp("tanh", out, x.shape(), g -> Elementwise.tanhBackward(out, g, x.gradBuffer(), g.length), x);
    }

    public static Tensor sigmoid(Tensor x) {
        float[] in = x.data();
        float[] out = Arena.floats(in.length);
        each(out.length, (lo, hi) -> {
            for (int i = lo; i < hi; i++) out[i] = sigmoid(in[i]);
        });
        return Tensor.fromOp("sigmoid", out, x.shape(), g -> {
            float[] gx = x.gradBuffer();
            for (int i = 0; i < g.length; i++) gx[i] += g[i] * out[i] * (1 - out[i]);
        }, x);
    }

    /** Elements from which a transcendental function (tens of nanoseconds each) is worth splitting across threads. */
    private static final int PARALLEL_ELEMENTS = 1 << 14;

    /** Runs {@code body} over [0, n), split across threads when n is large; each element is computed alike either way. */
    private static void each(int n, Parallel.Range body) {
        if (n < PARALLEL_ELEMENTS) body.run(0, n);
        else Parallel.forRange(0, n, body);
    }

    /** 1 / (1 + e^-x), without overflow for large |x|. */
    public static float sigmoid(float x) {
        if (x >= 0) return (float) (1 / (1 + Math.exp(-x)));
        double e = Math.exp(x);
        return (float) (e / (1 + e));
    }

    /** GELU with the exact Gaussian CDF, x * Phi(x), as PyTorch's default. */
    public static Tensor gelu(Tensor x) {
        float[] in = x.data();
        float[] out = Arena.floats(in.length);
        each(out.length, (lo, hi) -> {
            for (int i = lo; i < hi; i++) out[i] = (float) (in[i] * phi(in[i]));
        });
        return Tensor.fromOp("gelu", out, x.shape(), g -> {
            float[] gx = x.gradBuffer();
            each(g.length, (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    double v = in[i];
                    double pdf = Math.exp(-0.5 * v * v) / Math.sqrt(2 * Math.PI);
                    gx[i] += (float) (g[i] * (phi(v) + v * pdf));
                }
            });
        }, x);
    }

    private static double phi(double x) {
        return 0.5 * (1 + erf(x / Math.sqrt(2)));
    }

    /**
     * Error function from the Chebyshev fit of erfc in Numerical Recipes (fractional error below 1.2e-7
     * everywhere), far finer than float32 needs.
     */
    static double erf(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double erfc = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1 - erfc : erfc - 1;
    }

    /** Softmax over {@code dim}: exp(x - max) / sum. */
    public static Tensor softmax(Tensor x, int dim) {
        Axis ax = Axis.of(x.shape(), dim, "softmax");
        float[] out = logSoftmaxData(x.data(), ax);
        for (int i = 0; i < out.length; i++) out[i] = (float) Math.exp(out[i]);
        return Tensor.fromOp("softmax", out, x.shape(), g -> {
            // dx_i = y_i * (g_i - sum_j g_j y_j)
            float[] gx = x.gradBuffer();
            forEachRow(ax, (base, stride) -> {
                double dot = 0;
                for (int i = 0; i < ax.n(); i++) dot += g[base + i * stride] * out[base + i * stride];
                for (int i = 0; i < ax.n(); i++) {
                    int k = base + i * stride;
                    gx[k] += (float) (out[k] * (g[k] - dot));
                }
            });
        }, x);
    }

    /** log(softmax(x)) over {@code dim}, computed stably. */
    public static Tensor logSoftmax(Tensor x, int dim) {
        Axis ax = Axis.of(x.shape(), dim, "logSoftmax");
        float[] out = logSoftmaxData(x.data(), ax);
        return Tensor.fromOp("log_softmax", out, x.shape(), g -> {
            // dx_i = g_i - softmax_i * sum_j g_j
            float[] gx = x.gradBuffer();
            forEachRow(ax, (base, stride) -> {
                double sum = 0;
                for (int i = 0; i < ax.n(); i++) sum += g[base + i * stride];
                for (int i = 0; i < ax.n(); i++) {
                    int k = base + i * stride;
                    gx[k] += (float) (g[k] - Math.exp(out[k]) * sum);
                }
            });
        }, x);
    }

    static float[] logSoftmaxData(float[] in, Axis ax) {
        float[] out = Arena.floats(in.length);
        forEachRow(ax, (base, stride) -> {
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < ax.n(); i++) max = Math.max(max, in[base + i * stride]);
            double sum = 0;
            for (int i = 0; i < ax.n(); i++) sum += Math.exp(in[base + i * stride] - max);
            // x - max is exact for nearby values; subtracting log(sum) separately keeps precision at large logits.
            double logSum = Math.log(sum);
            for (int i = 0; i < ax.n(); i++) out[base + i * stride] = (float) ((in[base + i * stride] - max) - logSum);
        });
        return out;
    }

    /** Calls {@code row} once per 1-D slice along the axis, with its first offset and its stride. */
    static void forEachRow(Axis ax, RowVisitor row) {
        for (int o = 0; o < ax.outer(); o++)
            for (int j = 0; j < ax.inner(); j++) row.visit(o * ax.n() * ax.inner() + j, ax.inner());
    }

    @FunctionalInterface
    interface RowVisitor {
        void visit(int base, int stride);
    }
}

package splot.ops;

import splot.tensor.Tensor;

/** Activation functions: forward and backward of each, elementwise or over one dimension. */
public final class Activations {
    private Activations() {
    }

    public static Tensor relu(Tensor x) {
        float[] in = x.data();
        float[] out = new float[in.length];
        for (int i = 0; i < out.length; i++) out[i] = Math.max(in[i], 0f);
        return Tensor.fromOp("relu", out, x.shape(), g -> {
            float[] gx = x.gradBuffer();
            for (int i = 0; i < g.length; i++) if (in[i] > 0) gx[i] += g[i];
        }, x);
    }

    /** max(x, 0) + slope * min(x, 0). */
    public static Tensor leakyRelu(Tensor x, float slope) {
        float[] in = x.data();
        float[] out = new float[in.length];
        for (int i = 0; i < out.length; i++) out[i] = in[i] > 0 ? in[i] : slope * in[i];
        return Tensor.fromOp("leaky_relu", out, x.shape(), g -> {
            float[] gx = x.gradBuffer();
            for (int i = 0; i < g.length; i++) gx[i] += in[i] > 0 ? g[i] : slope * g[i];
        }, x);
    }

    public static Tensor tanh(Tensor x) {
        float[] in = x.data();
        float[] out = new float[in.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) Math.tanh(in[i]);
        return Tensor.fromOp("tanh", out, x.shape(), g -> {
            float[] gx = x.gradBuffer();
            for (int i = 0; i < g.length; i++) gx[i] += g[i] * (1 - out[i] * out[i]);
        }, x);
    }

    public static Tensor sigmoid(Tensor x) {
        float[] in = x.data();
        float[] out = new float[in.length];
        for (int i = 0; i < out.length; i++) out[i] = sigmoid(in[i]);
        return Tensor.fromOp("sigmoid", out, x.shape(), g -> {
            float[] gx = x.gradBuffer();
            for (int i = 0; i < g.length; i++) gx[i] += g[i] * out[i] * (1 - out[i]);
        }, x);
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
        float[] out = new float[in.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) (in[i] * phi(in[i]));
        return Tensor.fromOp("gelu", out, x.shape(), g -> {
            float[] gx = x.gradBuffer();
            for (int i = 0; i < g.length; i++) {
                double v = in[i];
                double pdf = Math.exp(-0.5 * v * v) / Math.sqrt(2 * Math.PI);
                gx[i] += (float) (g[i] * (phi(v) + v * pdf));
            }
        }, x);
    }

    private static double phi(double x) {
        return 0.5 * (1 + erf(x / Math.sqrt(2)));
    }

    /** Error function, W. J. Cody's rational approximations: double precision to about 1e-15. */
    static double erf(double x) {
        double ax = Math.abs(x);
        if (ax < 0.5) {
            double t = x * x;
            double top = (((0.185777706184603153 * t + 3.16112374387056560) * t + 113.864154151050156) * t
                    + 377.485237685302021) * t + 3209.37758913846947;
            double bot = (((t + 23.6012909523441209) * t + 244.024637934444173) * t + 1282.61652607737228) * t
                    + 2844.23683343917062;
            return x * top / bot;
        }
        return Math.copySign(1 - erfcPositive(ax), x);
    }

    private static double erfcPositive(double x) {
        if (x < 4) {
            double top = (((((((5.64188496988670089e-1 * x + 8.88314979438837594) * x + 66.1191906371416295) * x
                    + 298.635138197400131) * x + 881.952221241769090) * x + 1712.04761263407058) * x
                    + 2051.07837782607147) * x + 1230.33935479799725) * x + 2.15311535474403846e-8;
            double bot = (((((((x + 15.7449261107098347) * x + 117.693950891312499) * x + 537.181101862009858) * x
                    + 1621.38957456669019) * x + 3290.79923573345963) * x + 4362.61909014324716) * x
                    + 3439.36767414372164) * x + 1230.33935480374942;
            return Math.exp(-x * x) * top / bot;
        }
        double z = 1 / (x * x);
        double top = ((((1.63153871373020978e-2 * z + 3.05326634961232344e-1) * z + 3.60344899949804439e-1) * z
                + 1.25781726111229246e-1) * z + 1.60837851487422766e-2) * z + 6.58749161529837803e-4;
        double bot = ((((z + 2.56852019228982242) * z + 1.87295284992346725) * z + 5.27905102951428412e-1) * z
                + 6.05183413124413191e-2) * z + 2.33520497626869185e-3;
        return Math.exp(-x * x) / x * (1 / Math.sqrt(Math.PI) - z * top / bot);
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
        float[] out = new float[in.length];
        forEachRow(ax, (base, stride) -> {
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < ax.n(); i++) max = Math.max(max, in[base + i * stride]);
            double sum = 0;
            for (int i = 0; i < ax.n(); i++) sum += Math.exp(in[base + i * stride] - max);
            float logSum = (float) (max + Math.log(sum));
            for (int i = 0; i < ax.n(); i++) out[base + i * stride] = in[base + i * stride] - logSum;
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

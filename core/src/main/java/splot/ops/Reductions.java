package splot.ops;

import splot.tensor.Arena;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/** Sums, means and maxima, over everything or over one dimension. */
public final class Reductions {
    private Reductions() {
    }

    public static Tensor sum(Tensor x) {
        float[] in = x.data();
        double s = 0;
        for (float v : in) s += v;
        return Tensor.fromOp("sum", new float[] {(float) s}, Shape.of(), g -> {
            float[] gx = x.gradBuffer();
            for (int i = 0; i < gx.length; i++) gx[i] += g[0];
        }, x);
    }

    public static Tensor mean(Tensor x) {
        float[] in = x.data();
        double s = 0;
        for (float v : in) s += v;
        int n = in.length;
        return Tensor.fromOp("mean", new float[] {(float) (s / n)}, Shape.of(), g -> {
            float[] gx = x.gradBuffer();
            float share = g[0] / n;
            for (int i = 0; i < gx.length; i++) gx[i] += share;
        }, x);
    }

    public static Tensor sum(Tensor x, int dim, boolean keepDim) {
        return sumScaled(x, dim, keepDim, 1f, "sum");
    }

    public static Tensor mean(Tensor x, int dim, boolean keepDim) {
        Axis ax = Axis.of(x.shape(), dim, "mean");
        return sumScaled(x, dim, keepDim, 1f / ax.n(), "mean");
    }

    private static Tensor sumScaled(Tensor x, int dim, boolean keepDim, float scale, String name) {
        Axis ax = Axis.of(x.shape(), dim, name);
        float[] in = x.data();
        float[] out = Arena.zeros(ax.outer() * ax.inner());
        for (int o = 0; o < ax.outer(); o++)
            for (int i = 0; i < ax.n(); i++) {
                int src = (o * ax.n() + i) * ax.inner(), dst = o * ax.inner();
                for (int j = 0; j < ax.inner(); j++) out[dst + j] += in[src + j];
            }
        for (int k = 0; k < out.length; k++) out[k] *= scale;
        return Tensor.fromOp(name, out, ax.reduced(x.shape(), keepDim), g -> {
            float[] gx = x.gradBuffer();
            for (int o = 0; o < ax.outer(); o++)
                for (int i = 0; i < ax.n(); i++) {
                    int dst = (o * ax.n() + i) * ax.inner(), src = o * ax.inner();
                    for (int j = 0; j < ax.inner(); j++) gx[dst + j] += g[src + j] * scale;
                }
        }, x);
    }

    /** Maximum of all elements; the gradient goes to the first maximum. */
    public static Tensor max(Tensor x) {
        float[] in = x.data();
        if (in.length == 0) throw new IllegalArgumentException("max() of an empty tensor");
        int best = 0;
        for (int i = 1; i < in.length; i++) if (in[i] > in[best]) best = i;
        int at = best;
        return Tensor.fromOp("max", new float[] {in[at]}, Shape.of(), g -> x.gradBuffer()[at] += g[0], x);
    }

    /** Maximum over {@code dim}; the gradient goes to the first maximum of each slice. */
    public static Tensor max(Tensor x, int dim, boolean keepDim) {
        Axis ax = Axis.of(x.shape(), dim, "max");
        int[] where = argmaxOffsets(x.data(), ax);
        float[] in = x.data();
        float[] out = Arena.zeros(where.length);
        for (int k = 0; k < out.length; k++) out[k] = in[where[k]];
        return Tensor.fromOp("max", out, ax.reduced(x.shape(), keepDim), g -> {
            float[] gx = x.gradBuffer();
            for (int k = 0; k < g.length; k++) gx[where[k]] += g[k];
        }, x);
    }

    /** Index (along {@code dim}) of the maximum of each slice, as floats; not differentiable. */
    public static Tensor argmax(Tensor x, int dim) {
        Axis ax = Axis.of(x.shape(), dim, "argmax");
        int[] where = argmaxOffsets(x.data(), ax);
        float[] out = Arena.zeros(where.length);
        for (int k = 0; k < out.length; k++) out[k] = (where[k] / ax.inner()) % ax.n();
        return Tensor.of(out, ax.reduced(x.shape(), false));
    }

    /** Flat offset of the first maximum of each slice along the axis, in (outer, inner) order. */
    private static int[] argmaxOffsets(float[] in, Axis ax) {
        int[] where = new int[ax.outer() * ax.inner()];
        for (int o = 0; o < ax.outer(); o++)
            for (int j = 0; j < ax.inner(); j++) {
                int base = o * ax.n() * ax.inner() + j, best = base;
                for (int i = 1; i < ax.n(); i++) {
                    int k = base + i * ax.inner();
                    if (in[k] > in[best]) best = k;
                }
                where[o * ax.inner() + j] = best;
            }
        return where;
    }
}

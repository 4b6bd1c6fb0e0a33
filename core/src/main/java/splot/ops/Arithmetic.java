package splot.ops;

import splot.kernel.Elementwise;
import splot.tensor.Arena;
import splot.tensor.GradTarget;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * Elementwise arithmetic with broadcasting, each op's forward beside its backward.
 * Gradients of a broadcast input are summed over the dimensions it was repeated along.
 */
public final class Arithmetic {
    private Arithmetic() {
    }

    /** The four binary operators, each with its two partial derivatives. */
    private enum Binary {
        ADD {
            float apply(float a, float b) { return a + b; }
            float dA(float a, float b) { return 1; }
            float dB(float a, float b) { return 1; }
        },
        SUB {
            float apply(float a, float b) { return a - b; }
            float dA(float a, float b) { return 1; }
            float dB(float a, float b) { return -1; }
        },
        MUL {
            float apply(float a, float b) { return a * b; }
            float dA(float a, float b) { return b; }
            float dB(float a, float b) { return a; }
        },
        DIV {
            float apply(float a, float b) { return a / b; }
            float dA(float a, float b) { return 1 / b; }
            float dB(float a, float b) { return -a / (b * b); }
        };

        abstract float apply(float a, float b);

        abstract float dA(float a, float b);

        abstract float dB(float a, float b);
    }

    public static Tensor add(Tensor a, Tensor b) { return binary(Binary.ADD, a, b); }

    public static Tensor sub(Tensor a, Tensor b) { return binary(Binary.SUB, a, b); }

    public static Tensor mul(Tensor a, Tensor b) { return binary(Binary.MUL, a, b); }

    public static Tensor div(Tensor a, Tensor b) { return binary(Binary.DIV, a, b); }

    private static Tensor binary(Binary f, Tensor a, Tensor b) {
        float[] x = a.data(), y = b.data();
        String name = f.name().toLowerCase();
        if (a.shape().equals(b.shape()) && (f == Binary.ADD || f == Binary.MUL)) return sameShape(f, a, b);
        if (a.shape().equals(b.shape())) {
            float[] z = Arena.zeros(x.length);
            for (int i = 0; i < z.length; i++) z[i] = f.apply(x[i], y[i]);
            return Tensor.fromOp(name, z, a.shape(), g -> {
                if (a.requiresGrad()) {
                    float[] ga = a.gradBuffer();
                    for (int i = 0; i < g.length; i++) ga[i] += g[i] * f.dA(x[i], y[i]);
                }
                if (b.requiresGrad()) {
                    float[] gb = b.gradBuffer();
                    for (int i = 0; i < g.length; i++) gb[i] += g[i] * f.dB(x[i], y[i]);
                }
            }, a, b);
        }
        Broadcast bc = Broadcast.of(a.shape(), b.shape(), name);
        int[] ia = bc.aOffsets, ib = bc.bOffsets;
        float[] z = Arena.zeros(ia.length);
        for (int i = 0; i < z.length; i++) z[i] = f.apply(x[ia[i]], y[ib[i]]);
        return Tensor.fromOp(name, z, bc.out, g -> {
            if (a.requiresGrad()) {
                float[] ga = a.gradBuffer();
                for (int i = 0; i < g.length; i++) ga[ia[i]] += g[i] * f.dA(x[ia[i]], y[ib[i]]);
            }
            if (b.requiresGrad()) {
                float[] gb = b.gradBuffer();
                for (int i = 0; i < g.length; i++) gb[ib[i]] += g[i] * f.dB(x[ia[i]], y[ib[i]]);
            }
        }, a, b);
    }

    /**
     * a + b or a * b of one shape, on the vector loops of {@link Elementwise}: the hot case (residual sums,
     * masks). The same floats as the general loop: the gradients g * 1 and g * other.
     */
    private static Tensor sameShape(Binary f, Tensor a, Tensor b) {
        float[] x = a.data(), y = b.data();
        float[] z = Arena.floats(x.length);
        boolean add = f == Binary.ADD;
        if (add) Elementwise.add(x, y, z, z.length); else Elementwise.mul(x, y, z, z.length);
        return Tensor.fromOp(f.name().toLowerCase(), z, a.shape(), g -> {
            // a and b may be one tensor: the second target then adds to what the first stored.
            if (a.requiresGrad()) sameShapeGradient(g, add ? null : y, a.gradTarget());
            if (b.requiresGrad()) sameShapeGradient(g, add ? null : x, b.gradTarget());
        }, a, b);
    }

    /** g (a sum's gradient), or g times the other factor (a product's), added to the target or stored. */
    private static void sameShapeGradient(float[] g, float[] otherFactor, GradTarget target) {
        Elementwise.storeOrAdd(g, otherFactor, target.data(), g.length, target.add());
    }

    /** The unary functions, each with its derivative written from input x and output y. */
    private enum Unary {
        NEG {
            float apply(float x) { return -x; }
            float d(float x, float y) { return -1; }
        },
        EXP {
            float apply(float x) { return (float) Math.exp(x); }
            float d(float x, float y) { return y; }
        },
        LOG {
            float apply(float x) { return (float) Math.log(x); }
            float d(float x, float y) { return 1 / x; }
        },
        SQRT {
            float apply(float x) { return (float) Math.sqrt(x); }
            float d(float x, float y) { return 0.5f / y; }
        };

        abstract float apply(float x);

        abstract float d(float x, float y);
    }

    public static Tensor neg(Tensor x) { return unary(Unary.NEG, x); }

    public static Tensor exp(Tensor x) { return unary(Unary.EXP, x); }

    public static Tensor log(Tensor x) { return unary(Unary.LOG, x); }

    public static Tensor sqrt(Tensor x) { return unary(Unary.SQRT, x); }

    private static Tensor unary(Unary f, Tensor x) {
        float[] in = x.data();
        float[] out = Arena.zeros(in.length);
        for (int i = 0; i < out.length; i++) out[i] = f.apply(in[i]);
        return Tensor.fromOp(f.name().toLowerCase(), out, x.shape(), g -> {
            float[] gx = x.gradBuffer();
            for (int i = 0; i < g.length; i++) gx[i] += g[i] * f.d(in[i], out[i]);
        }, x);
    }

    /** x to a constant power. */
    public static Tensor pow(Tensor x, float p) {
        float[] in = x.data();
        float[] out = Arena.zeros(in.length);
        for (int i = 0; i < out.length; i++) out[i] = (float) Math.pow(in[i], p);
        return Tensor.fromOp("pow", out, x.shape(), g -> {
            float[] gx = x.gradBuffer();
            for (int i = 0; i < g.length; i++) gx[i] += g[i] * p * (float) Math.pow(in[i], p - 1);
        }, x);
    }

    /** Shape that {@code a op b} has after broadcasting. */
    public static Shape broadcastShape(Shape a, Shape b) {
        return Broadcast.shape(a, b, "broadcast");
    }
}

package splot.nn;

import splot.tensor.Rng;
import splot.tensor.Tensor;

/** Weight initialisations, PyTorch's defaults, drawn from the global {@link Rng}. */
public final class Init {
    private Init() {
    }

    /**
     * PyTorch's default for conv and linear weights: Kaiming-uniform with a = sqrt(5), which is
     * U(-1/sqrt(fanIn), 1/sqrt(fanIn)); biases use the same bound.
     */
    public static Tensor kaimingUniform(Tensor t, int fanIn) {
        float bound = fanIn > 0 ? (float) (1 / Math.sqrt(fanIn)) : 0f;
        Rng.uniform(t.data(), -bound, bound);
        return t;
    }

    /** Uniform in [-bound, bound). */
    public static Tensor uniform(Tensor t, float bound) {
        Rng.uniform(t.data(), -bound, bound);
        return t;
    }

    /** Glorot (Xavier) uniform, Keras' default: U(-sqrt(6/(fanIn+fanOut)), +). */
    public static Tensor glorotUniform(Tensor t, int fanIn, int fanOut) {
        return uniform(t, (float) Math.sqrt(6.0 / (fanIn + fanOut)));
    }

    /** Sets every element to {@code value}. */
    public static Tensor constant(Tensor t, float value) {
        java.util.Arrays.fill(t.data(), value);
        return t;
    }
}

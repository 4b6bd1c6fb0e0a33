package splot.nn;

import splot.tensor.Tensor;

/**
 * A named tensor a layer owns: a trainable weight, or a non-trainable buffer such as batch-norm's
 * running mean (Keras counts those as non-trainable parameters, and so does {@code summary()}).
 */
public record Parameter(String name, Tensor value, boolean trainable) {
    /** Number of scalars. */
    public int size() {
        return value.size();
    }

    /** The same parameter under a prefixed name, as seen from an enclosing model ({@code "conv2d.weight"}). */
    Parameter prefixed(String prefix) {
        return new Parameter(prefix + "." + name, value, trainable);
    }
}

package splot.data;

import splot.tensor.Tensor;

/**
 * One mini-batch: inputs (N, ...item shape) and labels (N) holding class indices as floats,
 * the form {@code Loss.crossEntropy()} takes.
 */
public record Batch(Tensor inputs, Tensor labels) {
    public int size() {
        return inputs.dim(0);
    }
}

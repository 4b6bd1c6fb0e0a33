package splot.nn;

import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * Softmax over the features of each item (dimension 1): (N, K) -> (N, K), rows summing to 1.
 * For training, prefer logits with {@code Loss.crossEntropy()}, which is stabler.
 */
public final class Softmax extends Layer {
    @Override
    protected Shape build(Shape input) {
        return input;
    }

    @Override
    protected Tensor forward(Tensor x) {
        return x.softmax(1);
    }
}

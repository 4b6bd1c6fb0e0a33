package splot.nn;

import splot.tensor.Shape;
import splot.tensor.Tensor;

/** Logistic sigmoid, 1 / (1 + e^-x). Any shape -> the same shape; no parameters. */
public final class Sigmoid extends Layer {
    @Override
    protected Shape build(Shape input) {
        return input;
    }

    @Override
    protected Tensor forward(Tensor x) {
        return x.sigmoid();
    }
}

package splot.nn;

import splot.tensor.Shape;
import splot.tensor.Tensor;

/** Hyperbolic tangent. Any shape -> the same shape; no parameters. */
public final class Tanh extends Layer {
    @Override
    protected Shape build(Shape input) {
        return input;
    }

    @Override
    protected Tensor forward(Tensor x) {
        return x.tanh();
    }
}

package splot.nn;

import splot.tensor.Shape;
import splot.tensor.Tensor;

/** Rectified linear unit, max(x, 0). Any shape -> the same shape; no parameters. */
public final class ReLU extends Layer {
    @Override
    protected Shape build(Shape input) {
        return input;
    }

    @Override
    protected Tensor forward(Tensor x) {
        return x.relu();
    }
}

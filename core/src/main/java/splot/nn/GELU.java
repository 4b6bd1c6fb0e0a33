package splot.nn;

import splot.tensor.Shape;
import splot.tensor.Tensor;

/** Gaussian error linear unit with the exact normal CDF (PyTorch's default). Any shape -> the same shape; no parameters. */
public final class GELU extends Layer {
    @Override
    protected Shape build(Shape input) {
        return input;
    }

    @Override
    protected Tensor forward(Tensor x) {
        return x.gelu();
    }
}

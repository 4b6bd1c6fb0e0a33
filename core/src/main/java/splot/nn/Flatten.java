package splot.nn;

import splot.tensor.Shape;
import splot.tensor.Tensor;

/** Flattens each item: (N, C, H, W) -> (N, C * H * W). No parameters. */
public final class Flatten extends Layer {
    @Override
    protected Shape build(Shape input) {
        return Shape.of(input.size());
    }

    @Override
    protected Tensor forward(Tensor x) {
        return x.flatten();
    }
}

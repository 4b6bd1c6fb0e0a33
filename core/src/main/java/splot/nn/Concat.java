package splot.nn;

import java.util.List;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * Joins inputs along the channel dimension, as an inception block joins its branches.
 * Inputs (N, C_i, H, W) -> output (N, sum C_i, H, W); all other dimensions must agree.
 */
public final class Concat extends Merge {
    @Override
    protected Shape build(List<Shape> inputs) {
        Shape first = inputs.get(0);
        int channels = 0;
        for (Shape s : inputs) {
            boolean same = s.rank() == first.rank();
            for (int i = 1; same && i < s.rank(); i++) same = s.dim(i) == first.dim(i);
            if (!same) throw new IllegalArgumentException(describe() + " needs inputs that differ only in channels, got " + inputs);
            channels += s.dim(0);
        }
        int[] dims = first.dims();
        dims[0] = channels;
        return Shape.of(dims);
    }

    @Override
    protected Tensor forward(List<Tensor> inputs) {
        return Tensor.concat(1, inputs.toArray(Tensor[]::new));
    }
}

package splot.nn;

import java.util.List;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * Elementwise sum of inputs of one shape: the join of a residual block, {@code out = f(x) + x}.
 * Inputs k x (N, ...) -> output (N, ...).
 */
public final class Add extends Merge {
    @Override
    protected Shape build(List<Shape> inputs) {
        Shape first = inputs.get(0);
        for (Shape s : inputs) {
            if (!s.equals(first)) throw new IllegalArgumentException(describe() + " needs inputs of one shape, got " + inputs);
        }
        return first;
    }

    @Override
    protected Tensor forward(List<Tensor> inputs) {
        Tensor sum = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) sum = sum.add(inputs.get(i));
        return sum;
    }
}

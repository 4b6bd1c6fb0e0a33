package splot.nn;

import java.util.List;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/** A layer that joins several inputs into one ({@link Add}, {@link Concat}). */
public abstract class Merge extends Layer {

    @Override
    protected abstract Shape build(List<Shape> inputs);

    @Override
    protected abstract Tensor forward(List<Tensor> inputs);

    @Override
    protected final Shape build(Shape input) {
        return build(List.of(input));
    }

    @Override
    protected final Tensor forward(Tensor x) {
        return forward(List.of(x));
    }
}

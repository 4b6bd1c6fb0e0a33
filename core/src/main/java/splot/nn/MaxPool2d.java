package splot.nn;

import splot.ops.Pooling;
import splot.tensor.Tensor;

/**
 * Max pooling: the largest value of each window, per channel, as PyTorch's {@code nn.MaxPool2d}.
 * The gradient goes to the input that held the maximum (the first one on ties); the others get 0.
 * Padding counts as minus infinity, so it never wins.
 *
 * <p>Shape: input (N, C, H, W) -> output (N, C, Hout, Wout), Hout = floor((H + 2 * padding - size) / stride) + 1.
 * Takes images of any size. No parameters.
 */
public final class MaxPool2d extends PoolingLayer<MaxPool2d> {
    /** size x size windows that do not overlap (stride = size). */
    public MaxPool2d(int size) {
        this(size, size);
    }

    public MaxPool2d(int size, int stride) {
        super(2, size, stride);
    }

    @Override
    protected Tensor pool(Tensor x) {
        return Pooling.maxPool2d(x, spec());
    }

    /** The layer {@link #config()} describes, unbuilt (for {@link LayerTypes}). */
    static MaxPool2d fromConfig(Config c) {
        return new MaxPool2d(c.getInt("size"), c.getInt("stride")).padding(c.getInt("padding"));
    }
}

package splot.nn;

import splot.ops.Pooling;
import splot.tensor.Tensor;

/**
 * 1-D max pooling over signals, as PyTorch's {@code nn.MaxPool1d}: the largest value of each window,
 * per channel; the gradient goes to that input (the first on ties).
 *
 * <p>Shape: input (N, C, L) -> output (N, C, Lout), Lout = floor((L + 2 * padding - size) / stride) + 1.
 * Takes signals of any length. No parameters.
 */
public final class MaxPool1d extends PoolingLayer<MaxPool1d> {
    /** Windows of {@code size} that do not overlap (stride = size). */
    public MaxPool1d(int size) {
        this(size, size);
    }

    public MaxPool1d(int size, int stride) {
        super(1, size, stride);
    }

    @Override
    protected Tensor pool(Tensor x) {
        return Pooling.maxPool1d(x, size(), stride(), padding());
    }

    /** The layer {@link #config()} describes, unbuilt (for {@link LayerTypes}). */
    static MaxPool1d fromConfig(Config c) {
        return new MaxPool1d(c.getInt("size"), c.getInt("stride")).padding(c.getInt("padding"));
    }
}

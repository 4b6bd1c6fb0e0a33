package splot.nn;

import splot.ops.Pooling;
import splot.tensor.Tensor;

/**
 * 1-D average pooling over signals, as PyTorch's {@code nn.AvgPool1d} (count_include_pad=True).
 *
 * <p>Shape: input (N, C, L) -> output (N, C, Lout), Lout = floor((L + 2 * padding - size) / stride) + 1.
 * Takes signals of any length. No parameters.
 */
public final class AvgPool1d extends PoolingLayer<AvgPool1d> {
    /** Windows of {@code size} that do not overlap (stride = size). */
    public AvgPool1d(int size) {
        this(size, size);
    }

    public AvgPool1d(int size, int stride) {
        super(1, size, stride);
    }

    @Override
    protected Tensor pool(Tensor x) {
        return Pooling.avgPool1d(x, size(), stride(), padding());
    }

    /** The layer {@link #config()} describes, unbuilt (for {@link LayerTypes}). */
    static AvgPool1d fromConfig(Config c) {
        return new AvgPool1d(c.getInt("size"), c.getInt("stride")).padding(c.getInt("padding"));
    }
}

package splot.nn;

import splot.ops.Pooling;
import splot.tensor.Tensor;

/**
 * Average pooling: the mean of each window, per channel, as PyTorch's {@code nn.AvgPool2d} (count_include_pad=True:
 * padding counts as zeros and every window divides by size * size).
 *
 * <p>Shape: input (N, C, H, W) -> output (N, C, Hout, Wout), Hout = floor((H + 2 * padding - size) / stride) + 1.
 * Takes images of any size. No parameters.
 */
public final class AvgPool2d extends PoolingLayer<AvgPool2d> {
    /** size x size windows that do not overlap (stride = size). */
    public AvgPool2d(int size) {
        this(size, size);
    }

    public AvgPool2d(int size, int stride) {
        super(2, size, stride);
    }

    @Override
    protected Tensor pool(Tensor x) {
        return Pooling.avgPool2d(x, spec());
    }

    /** The layer {@link #config()} describes, unbuilt (for {@link LayerTypes}). */
    static AvgPool2d fromConfig(Config c) {
        return new AvgPool2d(c.getInt("size"), c.getInt("stride")).padding(c.getInt("padding"));
    }
}

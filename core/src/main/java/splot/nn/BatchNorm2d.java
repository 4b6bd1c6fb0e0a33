package splot.nn;

import splot.tensor.Shape;

/**
 * Batch normalisation of images, per channel over the batch and all pixels, as PyTorch's
 * {@code nn.BatchNorm2d} (see {@link BatchNorm} for the computation and parameters).
 * Input (N, C, H, W) -> the same shape; C is learned at build time. Params = 4 * C (2 * C non-trainable).
 */
public final class BatchNorm2d extends BatchNorm {
    /** Momentum 0.1 and eps 1e-5, PyTorch's defaults. */
    public BatchNorm2d() {
        this(0.1, 1e-5);
    }

    public BatchNorm2d(double momentum, double eps) {
        super(momentum, eps);
    }

    @Override
    void checkItem(Shape item) {
        if (item.rank() != 3) throw new IllegalArgumentException(describe() + " expects images (N, C, H, W), got items of shape " + item);
    }
}

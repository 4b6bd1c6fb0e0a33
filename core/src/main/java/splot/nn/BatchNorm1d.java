package splot.nn;

import splot.tensor.Shape;

/**
 * Batch normalisation of features (N, C) or signals (N, C, L), per channel over the batch (and
 * positions), as PyTorch's {@code nn.BatchNorm1d} (see {@link BatchNorm} for the computation and
 * parameters). Output has the input's shape; C is learned at build time. Params = 4 * C (2 * C non-trainable).
 */
public final class BatchNorm1d extends BatchNorm {
    /** Momentum 0.1 and eps 1e-5, PyTorch's defaults. */
    public BatchNorm1d() {
        this(0.1, 1e-5);
    }

    public BatchNorm1d(double momentum, double eps) {
        super(momentum, eps);
    }

    @Override
    void checkItem(Shape item) {
        if (item.rank() != 1 && item.rank() != 2) {
            throw new IllegalArgumentException(describe() + " expects features (N, C) or signals (N, C, L), got items of shape " + item);
        }
    }
}

package splot.loss;

/**
 * How a loss turns its per-item values into the result: their mean (the default, as in PyTorch and
 * Keras), their sum, or none (the per-item values themselves, e.g. to weight samples by hand).
 */
public enum Reduction {
    /** Per-item losses, same shape as the items: (N) for cross-entropy, the output's shape for BCE and MSE. */
    NONE,
    /** Mean over all items: a scalar. */
    MEAN,
    /** Sum over all items: a scalar. */
    SUM;

    /** Factor that turns a sum over {@code count} items into this reduction (1 for SUM and NONE). */
    float scale(int count) {
        return this == MEAN ? 1f / count : 1f;
    }
}

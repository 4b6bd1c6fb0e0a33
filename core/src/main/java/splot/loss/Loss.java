package splot.loss;

import splot.tensor.Tensor;

/**
 * A training objective: compares a model's output with the target and returns a tensor to call
 * {@code backward()} on. A scalar for {@link Reduction#MEAN} (the default) and {@link Reduction#SUM};
 * per-item values for {@link Reduction#NONE}.
 *
 * <pre>{@code
 * Loss lossFn = Loss.crossEntropy();             // logits (N, C), labels (N)
 * Tensor loss = lossFn.compute(model.call(x), labels);
 * loss.backward();
 * }</pre>
 *
 * A custom loss is any implementation built from tensor ops; the ones here are fused ops with their own backward.
 */
public interface Loss {
    /** The loss of {@code output} against {@code target}; differentiable in the output (and in the target where it makes sense). */
    Tensor compute(Tensor output, Tensor target);

    /** Short snake-case name for logs and histories ({@code "cross_entropy"}). */
    String name();

    /** How per-item losses are combined. */
    Reduction reduction();

    /**
     * Softmax cross-entropy on logits: log-softmax and negative log-likelihood fused into one op
     * (PyTorch's {@code CrossEntropyLoss}). Targets are class indices or probabilities; see {@link CrossEntropy}.
     */
    static Loss crossEntropy() {
        return new CrossEntropy(Reduction.MEAN);
    }

    static Loss crossEntropy(Reduction reduction) {
        return new CrossEntropy(reduction);
    }

    /** Binary cross-entropy on logits (sigmoid fused in, stable; PyTorch's {@code BCEWithLogitsLoss}). */
    static Loss binaryCrossEntropy() {
        return new BinaryCrossEntropy(Reduction.MEAN, true);
    }

    static Loss binaryCrossEntropy(Reduction reduction) {
        return new BinaryCrossEntropy(reduction, true);
    }

    /**
     * Binary cross-entropy on logits ({@code fromLogits} true) or on probabilities the model already
     * passed through a sigmoid ({@code fromLogits} false, PyTorch's {@code BCELoss}, logs clamped at -100).
     */
    static Loss binaryCrossEntropy(Reduction reduction, boolean fromLogits) {
        return new BinaryCrossEntropy(reduction, fromLogits);
    }

    /** Mean squared error (PyTorch's {@code MSELoss}). */
    static Loss mse() {
        return new MeanSquaredError(Reduction.MEAN);
    }

    static Loss mse(Reduction reduction) {
        return new MeanSquaredError(reduction);
    }
}

package splot.loss;

import java.util.Objects;
import splot.tensor.Arena;
import splot.tensor.Tensor;

/**
 * Binary cross-entropy, one independent yes/no prediction per element:
 * {@code loss = -(t log p + (1 - t) log(1 - p))} with {@code p = sigmoid(x)}.
 *
 * <p>With {@code fromLogits} (the default of {@link Loss#binaryCrossEntropy()}) the output holds logits x
 * and the loss is computed as PyTorch's {@code BCEWithLogitsLoss} does, in the stable form
 * {@code max(x, 0) - x t + log(1 + exp(-|x|))}; its gradient is {@code sigmoid(x) - t}. Without it the output
 * already holds probabilities p (after a sigmoid) and, as PyTorch's {@code BCELoss}, each log is clamped at -100
 * so that p = 0 or 1 gives a large finite loss rather than infinity.
 *
 * <p>Shapes: output and target the same, any shape (targets in [0, 1]). Result: a scalar for MEAN
 * (over all elements) and SUM; the elementwise losses (same shape) for NONE.
 */
public record BinaryCrossEntropy(Reduction reduction, boolean fromLogits) implements Loss {
    /** PyTorch's BCELoss floor for log p, and its floor for p (1 - p) in the backward. */
    private static final double LOG_FLOOR = -100, PRODUCT_FLOOR = 1e-12;

    public BinaryCrossEntropy {
        Objects.requireNonNull(reduction, "reduction");
    }

    @Override
    public String name() {
        return "binary_cross_entropy";
    }

    @Override
    public Tensor compute(Tensor output, Tensor target) {
        Elementwise.checkSameShape(name(), output, target);
        float[] x = output.data(), t = target.data();
        float[] losses = Arena.zeros(x.length);
        for (int i = 0; i < x.length; i++) losses[i] = (float) (fromLogits ? withLogits(x[i], t[i]) : onProbability(x[i], t[i]));
        return Elementwise.reduce("binary_cross_entropy", losses, output, target, reduction, (i, gi, gx, gt) -> {
            if (fromLogits) {
                // d/dx = sigmoid(x) - t, d/dt = -x
                if (gx != null) gx[i] += (float) (gi * (sigmoid(x[i]) - t[i]));
                if (gt != null) gt[i] += (float) (-gi * x[i]);
            } else {
                double p = x[i];
                if (gx != null) gx[i] += (float) (gi * (p - t[i]) / Math.max(p * (1 - p), PRODUCT_FLOOR));
                if (gt != null) gt[i] += (float) (gi * (clampedLog(1 - p) - clampedLog(p)));
            }
        });
    }

    /** max(x, 0) - x t + log(1 + exp(-|x|)): never exponentiates a large positive number. */
    static double withLogits(double x, double t) {
        return Math.max(x, 0) - x * t + Math.log1p(Math.exp(-Math.abs(x)));
    }

    private static double onProbability(double p, double t) {
        return -(t * clampedLog(p) + (1 - t) * clampedLog(1 - p));
    }

    private static double clampedLog(double p) {
        return Math.max(Math.log(p), LOG_FLOOR);
    }

    private static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }
}

package splot.loss;

import java.util.Objects;
import splot.tensor.Arena;
import splot.tensor.Tensor;

/**
 * Mean squared error, {@code (output - target)^2} per element, as PyTorch's {@code MSELoss}.
 * Shapes: output and target the same, any shape. Result: a scalar for MEAN (over all elements) and SUM;
 * the elementwise squared errors (same shape) for NONE.
 */
public record MeanSquaredError(Reduction reduction) implements Loss {
    public MeanSquaredError {
        Objects.requireNonNull(reduction, "reduction");
    }

    @Override
    public String name() {
        return "mse";
    }

    @Override
    public Tensor compute(Tensor output, Tensor target) {
        Elementwise.checkSameShape(name(), output, target);
        float[] x = output.data(), t = target.data();
        float[] losses = Arena.zeros(x.length);
        for (int i = 0; i < x.length; i++) {
            float d = x[i] - t[i];
            losses[i] = d * d;
        }
        return Elementwise.reduce("mse", losses, output, target, reduction, (i, gi, gx, gt) -> {
            // d/dx = 2 (x - t) = -d/dt
            double d2 = 2.0 * (x[i] - t[i]) * gi;
            if (gx != null) gx[i] += (float) d2;
            if (gt != null) gt[i] -= (float) d2;
        });
    }
}

package splot.optim;

import java.util.List;
import java.util.Map;
import splot.kernel.Elementwise;
import splot.tensor.Tensor;

/**
 * RMSprop (Hinton's lecture 6e), as PyTorch's {@code torch.optim.RMSprop}: divides the gradient by a
 * running root mean square of recent gradients. Per element:
 * <pre>
 * g = g + weight_decay * p
 * square_avg = alpha * square_avg + (1 - alpha) * g^2
 * avg = sqrt(square_avg - grad_avg^2) + eps   with grad_avg = alpha * grad_avg + (1 - alpha) * g  (centered)
 * avg = sqrt(square_avg) + eps                (not centered)
 * buf = momentum * buf + g / avg; p = p - lr * buf    (momentum > 0)
 * p = p - lr * g / avg                                 (otherwise)
 * </pre>
 * The averages and the momentum buffer are stored as zero where they fall below the smallest normal float, as
 * {@link Adam}'s moments are.
 * Defaults as PyTorch: alpha 0.99, eps 1e-8, momentum 0, centered off, weight decay 0.
 */
public final class RMSprop extends Optimizer {
    private double alpha = 0.99, eps = 1e-8, momentum, weightDecay;
    private boolean centered;

    public RMSprop(double learningRate) {
        super(learningRate);
    }

    public RMSprop(List<Tensor> params, double learningRate) {
        super(params, learningRate);
    }

    /** Smoothing constant of the running averages. */
    public RMSprop alpha(double alpha) {
        checkNonNegative("alpha", alpha);
        this.alpha = alpha;
        return this;
    }

    public RMSprop eps(double eps) {
        checkNonNegative("eps", eps);
        this.eps = eps;
        return this;
    }

    public RMSprop momentum(double momentum) {
        checkNonNegative("momentum", momentum);
        this.momentum = momentum;
        return this;
    }

    /** Normalises by an estimate of the gradient's variance instead of its second moment. */
    public RMSprop centered(boolean centered) {
        this.centered = centered;
        return this;
    }

    public RMSprop weightDecay(double weightDecay) {
        checkNonNegative("weight decay", weightDecay);
        this.weightDecay = weightDecay;
        return this;
    }

    @Override
    public String name() {
        return "rmsprop";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("alpha", alpha);
        c.put("eps", eps);
        c.put("momentum", momentum);
        c.put("centered", centered);
        c.put("weight_decay", weightDecay);
        return c;
    }

    @Override
    protected void update(State state, float[] p, float[] grad) {
        float lr = (float) learningRate(), a = (float) alpha, oneMinusA = (float) (1 - alpha), e = (float) eps;
        float wd = (float) weightDecay, mu = (float) momentum;
        float[] squareAvg = state.buffer("square_avg");
        float[] gradAvg = centered ? state.buffer("grad_avg") : null;
        float[] buf = momentum > 0 ? state.buffer("momentum_buffer") : null;
        for (int i = 0; i < p.length; i++) {
            float g = grad[i] + wd * p[i];
            squareAvg[i] = Elementwise.flushSubnormal(a * squareAvg[i] + oneMinusA * g * g);
            float variance = squareAvg[i];
            if (centered) {
                gradAvg[i] = Elementwise.flushSubnormal(a * gradAvg[i] + oneMinusA * g);
                // Flushed like the average it is taken from: a subnormal square left beside a square_avg flushed to zero
                // would make the variance negative.
                variance -= Elementwise.flushSubnormal(gradAvg[i] * gradAvg[i]);
            }
            float avg = (float) Math.sqrt(variance) + e;
            if (buf != null) {
                buf[i] = Elementwise.flushSubnormal(mu * buf[i] + g / avg);
                p[i] -= lr * buf[i];
            } else {
                p[i] -= lr * (g / avg);
            }
        }
    }
}

package splot.optim;

import java.util.List;
import java.util.Map;
import splot.kernel.Elementwise;
import splot.tensor.Tensor;

/**
 * Stochastic gradient descent, optionally with momentum, Nesterov momentum and L2 weight decay,
 * exactly as PyTorch's {@code torch.optim.SGD}. Per element, with g the gradient:
 * <pre>
 * g = g + weight_decay * p
 * buf = g                                    on the first step
 * buf = momentum * buf + (1 - dampening) * g after it
 * g = nesterov ? g + momentum * buf : buf    (when momentum != 0)
 * p = p - lr * g
 * </pre>
 * The momentum buffer is stored as zero where it falls below the smallest normal float, as {@link Adam}'s moments are.
 * Defaults: momentum 0, dampening 0, nesterov off, weight decay 0.
 * {@code new SGD(params, 0.01).momentum(0.9).nesterov(true).weightDecay(1e-4)}.
 */
public final class SGD extends Optimizer {
    private double momentum, dampening, weightDecay;
    private boolean nesterov;

    public SGD(double learningRate) {
        super(learningRate);
    }

    public SGD(List<Tensor> params, double learningRate) {
        super(params, learningRate);
    }

    public SGD momentum(double momentum) {
        checkNonNegative("momentum", momentum);
        this.momentum = momentum;
        return this;
    }

    public SGD dampening(double dampening) {
        checkNonNegative("dampening", dampening);
        this.dampening = dampening;
        return this;
    }

    /** Nesterov momentum; needs momentum > 0 and dampening 0. */
    public SGD nesterov(boolean nesterov) {
        this.nesterov = nesterov;
        return this;
    }

    /** L2 penalty: adds {@code weightDecay * p} to the gradient. */
    public SGD weightDecay(double weightDecay) {
        checkNonNegative("weight decay", weightDecay);
        this.weightDecay = weightDecay;
        return this;
    }

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("momentum", momentum);
        c.put("dampening", dampening);
        c.put("nesterov", nesterov);
        c.put("weight_decay", weightDecay);
        return c;
    }

    @Override
    protected void update(State state, float[] p, float[] grad) {
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalStateException("SGD: Nesterov momentum needs momentum > 0 and dampening 0, got momentum " + momentum
                    + " and dampening " + dampening);
        }
        float lr = (float) learningRate(), wd = (float) weightDecay, mu = (float) momentum, keep = (float) (1 - dampening);
        if (momentum == 0) {
            for (int i = 0; i < p.length; i++) p[i] -= lr * (grad[i] + wd * p[i]);
            return;
        }
        boolean first = !state.has("momentum_buffer");
        float[] buf = state.buffer("momentum_buffer");
        for (int i = 0; i < p.length; i++) {
            float g = grad[i] + wd * p[i];
            buf[i] = Elementwise.flushSubnormal(first ? g : mu * buf[i] + keep * g);
            p[i] -= lr * (nesterov ? g + mu * buf[i] : buf[i]);
        }
    }
}

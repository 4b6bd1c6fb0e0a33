package splot.optim;

import java.util.List;
import java.util.Map;
import splot.tensor.Tensor;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter, 2019), as PyTorch's {@code torch.optim.AdamW}:
 * the parameter shrinks by {@code 1 - lr * weight_decay} before the plain {@link Adam} step, so the decay is
 * not rescaled by Adam's per-element step sizes. Defaults as PyTorch: betas 0.9 and 0.999, eps 1e-8,
 * weight decay 1e-2, AMSGrad off.
 */
public final class AdamW extends Optimizer {
    private double beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 1e-2;
    private boolean amsgrad;

    public AdamW(double learningRate) {
        super(learningRate);
    }

    public AdamW(List<Tensor> params, double learningRate) {
        super(params, learningRate);
    }

    public AdamW betas(double beta1, double beta2) {
        checkBelowOne("beta1", beta1);
        checkBelowOne("beta2", beta2);
        this.beta1 = beta1;
        this.beta2 = beta2;
        return this;
    }

    public AdamW eps(double eps) {
        checkNonNegative("eps", eps);
        this.eps = eps;
        return this;
    }

    /** Decoupled decay: each step multiplies the parameter by {@code 1 - lr * weightDecay}. */
    public AdamW weightDecay(double weightDecay) {
        checkNonNegative("weight decay", weightDecay);
        this.weightDecay = weightDecay;
        return this;
    }

    public AdamW amsgrad(boolean amsgrad) {
        this.amsgrad = amsgrad;
        return this;
    }

    @Override
    public String name() {
        return "adamw";
    }

    @Override
    public Map<String, Object> config() {
        return Adam.config(super.config(), beta1, beta2, eps, weightDecay, amsgrad);
    }

    @Override
    protected void update(State state, float[] p, float[] grad) {
        Adam.adam(state, p, grad, learningRate(), beta1, beta2, eps, 0, weightDecay, amsgrad);
    }
}

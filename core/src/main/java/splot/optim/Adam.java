package splot.optim;

import java.util.List;
import java.util.Map;
import splot.kernel.AdamStep;
import splot.kernel.Elementwise;
import splot.tensor.Tensor;

/**
 * Adam (Kingma and Ba, 2014), as PyTorch's {@code torch.optim.Adam}, with optional L2 weight decay (added to
 * the gradient) and AMSGrad. For decoupled weight decay use {@link AdamW}. Per element, at step t:
 * <pre>
 * g = g + weight_decay * p
 * exp_avg    = beta1 * exp_avg    + (1 - beta1) * g
 * exp_avg_sq = beta2 * exp_avg_sq + (1 - beta2) * g^2
 * bias_correction1 = 1 - beta1^t,  bias_correction2 = 1 - beta2^t
 * denom = sqrt(exp_avg_sq) / sqrt(bias_correction2) + eps        (max_exp_avg_sq in place of exp_avg_sq with AMSGrad)
 * p = p - lr / bias_correction1 * exp_avg / denom
 * </pre>
 * Moments that fall below the smallest normal float (1.2e-38) are stored as zero: a moment whose gradient stays zero
 * would otherwise sit among the subnormals, which x86 computes on many times slower ({@link Elementwise#flushSubnormal}).
 * Defaults as PyTorch: betas 0.9 and 0.999, eps 1e-8, weight decay 0, AMSGrad off.
 */
public final class Adam extends Optimizer {
    private double beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay;
    private boolean amsgrad;

    public Adam(double learningRate) {
        super(learningRate);
    }

    public Adam(List<Tensor> params, double learningRate) {
        super(params, learningRate);
    }

    /** Decay rates of the first and second moment estimates. */
    public Adam betas(double beta1, double beta2) {
        checkBelowOne("beta1", beta1);
        checkBelowOne("beta2", beta2);
        this.beta1 = beta1;
        this.beta2 = beta2;
        return this;
    }

    public Adam eps(double eps) {
        checkNonNegative("eps", eps);
        this.eps = eps;
        return this;
    }

    /** L2 penalty: adds {@code weightDecay * p} to the gradient (so it is scaled by Adam, unlike {@link AdamW}'s). */
    public Adam weightDecay(double weightDecay) {
        checkNonNegative("weight decay", weightDecay);
        this.weightDecay = weightDecay;
        return this;
    }

    /** AMSGrad (Reddi et al., 2018): normalise by the largest second moment seen so far. */
    public Adam amsgrad(boolean amsgrad) {
        this.amsgrad = amsgrad;
        return this;
    }

    @Override
    public String name() {
        return "adam";
    }

    @Override
    public Map<String, Object> config() {
        return config(super.config(), beta1, beta2, eps, weightDecay, amsgrad);
    }

    @Override
    protected void update(State state, float[] p, float[] grad) {
        adam(state, p, grad, learningRate(), beta1, beta2, eps, weightDecay, 0, amsgrad);
    }

    /**
     * One Adam step on one parameter, with L2 decay {@code l2} folded into the gradient and decoupled decay
     * {@code decoupled} applied to the parameter first (AdamW: {@code p = p * (1 - lr * decoupled)}).
     */
    static void adam(State state, float[] p, float[] grad, double lr, double beta1, double beta2, double eps,
            double l2, double decoupled, boolean amsgrad) {
        float[] expAvg = state.buffer("exp_avg");
        float[] expAvgSq = state.buffer("exp_avg_sq");
        float[] maxExpAvgSq = amsgrad ? state.buffer("max_exp_avg_sq") : null;
        double biasCorrection1 = 1 - Math.pow(beta1, state.step());
        double biasCorrection2 = 1 - Math.pow(beta2, state.step());
        float stepSize = (float) (lr / biasCorrection1);
        float biasCorrection2Sqrt = (float) Math.sqrt(biasCorrection2);
        float b1 = (float) beta1, b2 = (float) beta2, oneMinusB1 = (float) (1 - beta1), oneMinusB2 = (float) (1 - beta2);
        float e = (float) eps, wd = (float) l2, shrink = (float) (1 - lr * decoupled);
        if (!amsgrad) {
            // The common case runs on the vector loops, split across threads for big parameters; same floats.
            Elementwise.adam(new AdamStep(stepSize, biasCorrection2Sqrt, b1, b2, oneMinusB1, oneMinusB2, e, wd, decoupled != 0, shrink),
                    p, grad, expAvg, expAvgSq);
            return;
        }
        for (int i = 0; i < p.length; i++) {
            if (decoupled != 0) p[i] *= shrink;
            float g = grad[i] + wd * p[i];
            expAvg[i] = Elementwise.flushSubnormal(b1 * expAvg[i] + oneMinusB1 * g);
            expAvgSq[i] = Elementwise.flushSubnormal(b2 * expAvgSq[i] + oneMinusB2 * g * g);
            float secondMoment = maxExpAvgSq[i] = Math.max(maxExpAvgSq[i], expAvgSq[i]);
            float denom = (float) Math.sqrt(secondMoment) / biasCorrection2Sqrt + e;
            p[i] -= stepSize * (expAvg[i] / denom);
        }
    }

    static Map<String, Object> config(Map<String, Object> c, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
        c.put("beta1", beta1);
        c.put("beta2", beta2);
        c.put("eps", eps);
        c.put("weight_decay", weightDecay);
        c.put("amsgrad", amsgrad);
        return c;
    }
}

package splot.kernel;

/**
 * The per-step constants of one Adam update, per element (PyTorch's names):
 * <pre>
 * p = p * shrink                                       (only when decoupled: AdamW's weight decay)
 * g = grad + weightDecay * p
 * exp_avg    = beta1 * exp_avg    + (1 - beta1) * g
 * exp_avg_sq = beta2 * exp_avg_sq + (1 - beta2) * g * g
 * p = p - stepSize * (exp_avg / (sqrt(exp_avg_sq) / biasCorrection2Sqrt + eps))
 * </pre>
 */
public record AdamStep(float stepSize, float biasCorrection2Sqrt, float beta1, float beta2, float oneMinusBeta1,
                       float oneMinusBeta2, float eps, float weightDecay, boolean decoupled, float shrink) {
}

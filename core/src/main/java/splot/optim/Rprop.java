package splot.optim;

import java.util.List;
import java.util.Map;
import splot.tensor.Tensor;

/**
 * Resilient backpropagation (Riedmiller and Braun, 1993), as PyTorch's {@code torch.optim.Rprop}: each
 * element has its own step size, grown by eta+ while the gradient keeps its sign and shrunk by eta- when
 * the sign flips; only the gradient's sign moves the parameter. Meant for full-batch training. Per element:
 * <pre>
 * s = sign(g * prev)
 * step_size = clamp(step_size * (s > 0 ? eta_plus : s < 0 ? eta_minus : 1), step_size_min, step_size_max)
 * if s < 0: g = 0        (after a sign change: no move now, and no sign comparison next step)
 * p = p - sign(g) * step_size
 * prev = g
 * </pre>
 * Step sizes start at the learning rate (later changes of the learning rate do not touch them).
 * Defaults as PyTorch: etas 0.5 and 1.2, step sizes within [1e-6, 50].
 */
public final class Rprop extends Optimizer {
    private double etaMinus = 0.5, etaPlus = 1.2, stepSizeMin = 1e-6, stepSizeMax = 50;

    public Rprop(double learningRate) {
        super(learningRate);
    }

    public Rprop(List<Tensor> params, double learningRate) {
        super(params, learningRate);
    }

    /** Step-size factors after a sign change (0 < etaMinus < 1) and after a kept sign (etaPlus > 1). */
    public Rprop etas(double etaMinus, double etaPlus) {
        if (!(0 < etaMinus && etaMinus < 1 && etaPlus > 1)) {
            throw new IllegalArgumentException("Invalid etas: (" + etaMinus + ", " + etaPlus + ") (expected 0 < eta_minus < 1 < eta_plus)");
        }
        this.etaMinus = etaMinus;
        this.etaPlus = etaPlus;
        return this;
    }

    /** Bounds of the per-element step size. */
    public Rprop stepSizes(double min, double max) {
        checkNonNegative("minimum step size", min);
        if (!(max >= min)) throw new IllegalArgumentException("Invalid step sizes: (" + min + ", " + max + ") (expected min <= max)");
        this.stepSizeMin = min;
        this.stepSizeMax = max;
        return this;
    }

    @Override
    public String name() {
        return "rprop";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("eta_minus", etaMinus);
        c.put("eta_plus", etaPlus);
        c.put("step_size_min", stepSizeMin);
        c.put("step_size_max", stepSizeMax);
        return c;
    }

    @Override
    protected void update(State state, float[] p, float[] grad) {
        float[] prev = state.buffer("prev");
        float[] stepSize = state.buffer("step_size", (float) learningRate());
        float up = (float) etaPlus, down = (float) etaMinus, min = (float) stepSizeMin, max = (float) stepSizeMax;
        for (int i = 0; i < p.length; i++) {
            float g = grad[i];
            float s = Math.signum(g * prev[i]);
            float factor = s > 0 ? up : s < 0 ? down : 1;
            stepSize[i] = Math.min(Math.max(stepSize[i] * factor, min), max);
            if (s < 0) g = 0;
            p[i] -= Math.signum(g) * stepSize[i];
            prev[i] = g;
        }
    }
}

package splot.nn;

import java.util.Map;
import splot.ops.ConvEpilogue;
import splot.ops.Normalization;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * Batch normalisation over channels (dimension 1 of the batch): the shared part of
 * {@link BatchNorm1d} and {@link BatchNorm2d}, which differ only in the item shapes they take.
 *
 * <p>y = (x - mean) / sqrt(var + eps) * weight + bias, per channel. In training mode mean and var
 * are the batch's (biased variance), and the running statistics move towards them:
 * running = (1 - momentum) * running + momentum * batch (the unbiased variance for running_var),
 * as PyTorch. In evaluation mode ({@link #eval()}) the running statistics are used.
 *
 * <p>Parameters (C channels, learned at build): trainable "weight" (gamma, ones) and "bias"
 * (beta, zeros); non-trainable "running_mean" (zeros) and "running_var" (ones). Params = 4 * C,
 * of which 2 * C are non-trainable, as Keras counts them.
 */
public abstract class BatchNorm extends Layer {
    private final double momentum, eps;
    private Tensor weight, bias, runningMean, runningVar;

    BatchNorm(double momentum, double eps) {
        if (!(momentum >= 0 && momentum <= 1) || !(eps > 0)) {
            throw new IllegalArgumentException("Batch norm needs momentum in [0, 1] and eps > 0, got momentum " + momentum + ", eps " + eps);
        }
        this.momentum = momentum;
        this.eps = eps;
    }

    /** Throws naming the layer when it cannot take items of this shape. */
    abstract void checkItem(Shape item);

    @Override
    protected final Shape build(Shape input) {
        checkItem(input);
        int c = input.dim(0);
        weight = addParameter("weight", Tensor.ones(c), true);
        bias = addParameter("bias", Tensor.zeros(c), true);
        runningMean = addParameter("running_mean", Tensor.zeros(c), false);
        runningVar = addParameter("running_var", Tensor.ones(c), false);
        return input;
    }

    /** Same rank and channels; any height, width or length. */
    @Override
    protected final boolean accepts(Shape built, Shape got) {
        return got.rank() == built.rank() && got.dim(0) == built.dim(0);
    }

    @Override
    protected final Tensor forward(Tensor x) {
        return Normalization.batchNorm(x, weight, bias, runningMean, runningVar, isTraining(), momentum, eps);
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("momentum", momentum, "eps", eps);
    }

    /**
     * What this layer computes in evaluation mode, as one scale and shift per channel:
     * {@code scale = gamma / sqrt(running_var + eps)}, {@code shift = beta - running_mean * scale}.
     */
    public ConvEpilogue.Affine evalAffine() {
        return Normalization.evalAffine(weight, bias, runningMean, runningVar, eps);
    }

    /** gamma (C), or null before build. */
    public Tensor weight() {
        return weight;
    }

    /** beta (C), or null before build. */
    public Tensor bias() {
        return bias;
    }

    /** The running mean (C), updated in place by each training batch. */
    public Tensor runningMean() {
        return runningMean;
    }

    /** The running (unbiased) variance (C), updated in place by each training batch. */
    public Tensor runningVar() {
        return runningVar;
    }

    public double momentum() {
        return momentum;
    }

    public double eps() {
        return eps;
    }
}

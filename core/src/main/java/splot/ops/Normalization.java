package splot.ops;

import splot.kernel.BatchNormKernel;
import splot.tensor.Arena;
import splot.tensor.GradTarget;
import splot.tensor.Tensor;

/**
 * Batch normalisation, as PyTorch's {@code F.batch_norm}: input (N, C, *) -> the same shape,
 * y = (x - mean) / sqrt(var + eps) * weight + bias, per channel (dimension 1).
 *
 * <p>Training: mean and biased variance of the batch (over N and all positions), and the running
 * statistics, when given, move towards them in place:
 * {@code running = (1 - momentum) * running + momentum * batch}, with the unbiased variance
 * (times m / (m - 1), m values per channel), as PyTorch. The gradient flows through the batch
 * statistics too. Evaluation: the running statistics, which are constants for the gradient.
 */
public final class Normalization {
    private Normalization() {
    }

    /**
     * @param weight       gamma (C), or null for 1
     * @param bias         beta (C), or null for 0
     * @param runningMean  (C), updated in training, read in evaluation; may be null in training
     * @param runningVar   (C), as runningMean
     */
    public static Tensor batchNorm(Tensor x, Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar,
                                   boolean training, double momentum, double eps) {
        if (x.rank() < 2) throw new IllegalArgumentException("batch_norm: expected input (N, C, ...), got " + x.shape());
        int n = x.dim(0), c = x.dim(1), s = x.shape().sizeFrom(2);
        for (Tensor t : new Tensor[] {weight, bias, runningMean, runningVar}) {
            if (t != null && (t.rank() != 1 || t.dim(0) != c)) {
                throw new IllegalArgumentException("batch_norm: per-channel tensor " + t.shape() + " does not match " + c
                        + " channels of input " + x.shape());
            }
        }
        double[] mean = new double[c], var = new double[c];
        if (training) {
            if ((long) n * s <= 1) {
                throw new IllegalArgumentException("batch_norm: training needs more than one value per channel, got input " + x.shape());
            }
            BatchNormKernel.meanVar(x.data(), n, c, s, mean, var);
            if (runningMean != null && runningVar != null) updateRunning(runningMean, runningVar, mean, var, (double) n * s, momentum);
        } else {
            if (runningMean == null || runningVar == null) {
                throw new IllegalArgumentException("batch_norm: evaluation needs the running mean and variance");
            }
            for (int ch = 0; ch < c; ch++) {
                mean[ch] = runningMean.data()[ch];
                var[ch] = runningVar.data()[ch];
            }
        }
        double[] gamma = new double[c], invStd = new double[c], scale = new double[c], shift = new double[c];
        fold(weight, bias, mean, var, eps, gamma, invStd, scale, shift);
        float[] xd = x.data();
        float[] y = Arena.floats(xd.length);
        BatchNormKernel.scaleShift(xd, n, c, s, scale, shift, y);
        return Tensor.fromOp("batch_norm", y, x.shape(), g -> {
            double[] sumDy = new double[c], sumDyXhat = new double[c];
            BatchNormKernel.gradSums(g, xd, n, c, s, mean, invStd, sumDy, sumDyXhat);
            if (x.requiresGrad()) {
                GradTarget gx = x.gradTarget();
                if (training) BatchNormKernel.backwardTrain(g, xd, n, c, s, mean, invStd, gamma, sumDy, sumDyXhat, gx.data(), gx.add());
                else BatchNormKernel.backwardEval(g, n, c, s, scale, gx.data(), gx.add());
            }
            if (weight != null && weight.requiresGrad()) {
                float[] gw = weight.gradBuffer();
                for (int ch = 0; ch < c; ch++) gw[ch] += (float) sumDyXhat[ch];
            }
            if (bias != null && bias.requiresGrad()) {
                float[] gb = bias.gradBuffer();
                for (int ch = 0; ch < c; ch++) gb[ch] += (float) sumDy[ch];
            }
        }, x, weight, bias);
    }

    /**
     * Batch normalisation with the running statistics as one scale and shift per channel (C each):
     * {@code scale = gamma / sqrt(running_var + eps)}, {@code shift = beta - running_mean * scale}, the same floats
     * {@link #batchNorm} applies in evaluation. Weight and bias may be null (1 and 0).
     */
    public static ConvEpilogue.Affine evalAffine(Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar, double eps) {
        int c = runningMean.size();
        double[] mean = new double[c], var = new double[c], gamma = new double[c], invStd = new double[c];
        double[] scale = new double[c], shift = new double[c];
        for (int ch = 0; ch < c; ch++) {
            mean[ch] = runningMean.data()[ch];
            var[ch] = runningVar.data()[ch];
        }
        fold(weight, bias, mean, var, eps, gamma, invStd, scale, shift);
        float[] s = new float[c], t = new float[c];
        for (int ch = 0; ch < c; ch++) {
            s[ch] = (float) scale[ch];
            t[ch] = (float) shift[ch];
        }
        return new ConvEpilogue.Affine(s, t);
    }

    /** The whole normalisation folded per channel: y = x * scale + shift, from the mean and variance used. */
    private static void fold(Tensor weight, Tensor bias, double[] mean, double[] var, double eps,
                             double[] gamma, double[] invStd, double[] scale, double[] shift) {
        for (int ch = 0; ch < mean.length; ch++) {
            gamma[ch] = weight == null ? 1 : weight.data()[ch];
            invStd[ch] = 1 / Math.sqrt(var[ch] + eps);
            scale[ch] = gamma[ch] * invStd[ch];
            shift[ch] = (bias == null ? 0 : bias.data()[ch]) - mean[ch] * scale[ch];
        }
    }

    private static void updateRunning(Tensor runningMean, Tensor runningVar, double[] mean, double[] var, double count, double momentum) {
        float[] rm = runningMean.data(), rv = runningVar.data();
        for (int ch = 0; ch < rm.length; ch++) {
            rm[ch] = (float) ((1 - momentum) * rm[ch] + momentum * mean[ch]);
            rv[ch] = (float) ((1 - momentum) * rv[ch] + momentum * var[ch] * count / (count - 1));
        }
    }
}

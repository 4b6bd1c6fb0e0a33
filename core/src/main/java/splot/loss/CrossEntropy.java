package splot.loss;

import java.util.Objects;
import splot.kernel.Softmax;
import splot.tensor.Arena;
import splot.tensor.GradTarget;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * Softmax cross-entropy (log loss) on logits, as PyTorch's {@code CrossEntropyLoss}: log-softmax and
 * negative log-likelihood fused into one op whose backward is {@code (softmax - target) / N}.
 *
 * <p>Shapes: output logits (N, C), or (N, C, d1, ...) for one prediction per position. Target is either
 * <ul>
 *   <li>class indices (N) or (N, d1, ...), stored as floats holding whole numbers 0..C-1, or</li>
 *   <li>probabilities (soft labels) of the output's shape; loss = -sum_c target_c log softmax_c.</li>
 * </ul>
 * Result: a scalar for MEAN (divided by N * d1 * ..., the number of predictions) and SUM; the
 * per-prediction losses (N, d1, ...) for NONE. Gradients flow into the logits, and into probability targets.
 */
public record CrossEntropy(Reduction reduction) implements Loss {
    public CrossEntropy {
        Objects.requireNonNull(reduction, "reduction");
    }

    @Override
    public String name() {
        return "cross_entropy";
    }

    @Override
    public Tensor compute(Tensor output, Tensor target) {
        Shape s = output.shape();
        if (s.rank() < 2) {
            throw new IllegalArgumentException("cross_entropy expects logits (N, C) or (N, C, d1, ...), got shape " + s);
        }
        Shape perItem = perPrediction(s);
        boolean soft = target.shape().equals(s);
        if (!soft && !target.shape().equals(perItem)) {
            throw new IllegalArgumentException("cross_entropy: target of shape " + target.shape() + " does not fit logits of shape " + s
                    + "; expected class indices " + perItem + " or probabilities " + s);
        }
        int classes = s.dim(1), inner = s.sizeFrom(2), rows = s.dim(0) * inner;
        float[] x = output.data(), t = target.data();
        int[] labels = soft ? null : labels(t, classes);
        // Row r is prediction (o, j): its C logits sit at o*C*inner + j with stride inner.
        // The softmax is kept for the backward, so each logit is exponentiated once.
        // Every element of both is written below: no zero fill.
        float[] softmax = Arena.floats(x.length);
        double[] logSumExp = new double[rows];
        float[] losses = Arena.floats(rows);
        double total = 0;
        if (inner == 1) {
            Softmax.rows(x, rows, classes, softmax, logSumExp);
        } else {
            for (int r = 0; r < rows; r++) logSumExp[r] = Softmax.row(x, base(r, classes, inner), inner, classes, softmax);
        }
        for (int r = 0; r < rows; r++) {
            int base = base(r, classes, inner);
            double loss = soft ? softLoss(x, t, base, inner, classes, logSumExp[r]) : logSumExp[r] - x[base + labels[r] * inner];
            losses[r] = (float) loss;
            total += loss;
        }
        float scale = reduction.scale(rows);
        float[] out = reduction == Reduction.NONE ? losses : new float[] {(float) (total * scale)};
        Shape outShape = reduction == Reduction.NONE ? perItem : Shape.of();
        return Tensor.fromOp("cross_entropy", out, outShape, g -> {
            // Every element of the logits' gradient is set: stored, or added where another consumer's is there.
            GradTarget into = output.requiresGrad() ? output.gradTarget() : null;
            float[] gx = into == null ? null : into.data();
            boolean add = into != null && into.add();
            float[] gt = soft && target.requiresGrad() ? target.gradBuffer() : null;
            if (!soft && inner == 1 && gx != null) {
                Softmax.labelGradient(softmax, labels, g, reduction == Reduction.NONE, scale, gx, add, rows, classes);
                return;
            }
            for (int r = 0; r < rows; r++) {
                double gr = (reduction == Reduction.NONE ? g[r] : g[0]) * scale;
                int base = base(r, classes, inner);
                double targetSum = soft ? sum(t, base, inner, classes) : 1;
                for (int c = 0; c < classes; c++) {
                    int k = base + c * inner;
                    double tc = soft ? t[k] : (c == labels[r] ? 1 : 0);
                    // d/dx_c of -sum_j t_j log softmax_j = softmax_c * sum_j t_j - t_c
                    if (gx != null) {
                        float v = (float) (gr * (softmax[k] * targetSum - tc));
                        gx[k] = add ? gx[k] + v : v;
                    }
                    if (gt != null) gt[k] += (float) (-gr * (x[k] - logSumExp[r]));
                }
            }
        }, soft ? new Tensor[] {output, target} : new Tensor[] {output});
    }

    /** (N, C, d1, ...) without C: the shape of class-index targets and of NONE-reduced losses. */
    private static Shape perPrediction(Shape s) {
        int[] d = new int[s.rank() - 1];
        d[0] = s.dim(0);
        for (int i = 2; i < s.rank(); i++) d[i - 1] = s.dim(i);
        return Shape.of(d);
    }

    /** Class indices from their float encoding; a fractional or out-of-range value is an error naming it. */
    private static int[] labels(float[] t, int classes) {
        int[] labels = new int[t.length];
        for (int i = 0; i < t.length; i++) {
            float v = t[i];
            int k = (int) v;
            if (k != v || k < 0 || k >= classes) {
                throw new IllegalArgumentException("cross_entropy: label " + v + " at position " + i + " is not a class index for "
                        + classes + " classes (expected a whole number 0.." + (classes - 1) + ")");
            }
            labels[i] = k;
        }
        return labels;
    }

    private static int base(int row, int classes, int inner) {
        return (row / inner) * classes * inner + row % inner;
    }

    /** -sum_c t_c (x_c - logSumExp); terms with t_c = 0 add nothing even where x_c is -inf. */
    private static double softLoss(float[] x, float[] t, int base, int stride, int n, double logSumExp) {
        double loss = 0;
        for (int c = 0; c < n; c++) {
            int k = base + c * stride;
            if (t[k] != 0) loss -= t[k] * (x[k] - logSumExp);
        }
        return loss;
    }

    private static double sum(float[] t, int base, int stride, int n) {
        double s = 0;
        for (int c = 0; c < n; c++) s += t[base + c * stride];
        return s;
    }
}

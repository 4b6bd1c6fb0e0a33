package splot.loss;

import splot.tensor.Shape;
import splot.tensor.Tensor;

/** What the elementwise losses (BCE, MSE) share: the shape check and the reduction with its backward. */
final class Elementwise {
    private Elementwise() {
    }

    /** The gradient of one element's loss, scaled by {@code gi}, added into the output's and target's gradients (null when not wanted). */
    @FunctionalInterface
    interface ElementBackward {
        void accumulate(int i, double gi, float[] gradOutput, float[] gradTarget);
    }

    static void checkSameShape(String loss, Tensor output, Tensor target) {
        if (!output.shape().equals(target.shape())) {
            throw new IllegalArgumentException(loss + ": output of shape " + output.shape() + " and target of shape " + target.shape()
                    + " differ; they must match element for element (reshape the target, e.g. (N) to (N, 1))");
        }
    }

    /** Reduces the per-element losses and records the backward that spreads the gradient back over the elements. */
    static Tensor reduce(String op, float[] losses, Tensor output, Tensor target, Reduction reduction, ElementBackward backward) {
        float scale = reduction.scale(losses.length);
        float[] out;
        if (reduction == Reduction.NONE) {
            out = losses;
        } else {
            double total = 0;
            for (float v : losses) total += v;
            out = new float[] {(float) (total * scale)};
        }
        return Tensor.fromOp(op, out, reduction == Reduction.NONE ? output.shape() : Shape.of(), g -> {
            float[] gx = output.requiresGrad() ? output.gradBuffer() : null;
            float[] gt = target.requiresGrad() ? target.gradBuffer() : null;
            for (int i = 0; i < losses.length; i++) {
                backward.accumulate(i, (double) (reduction == Reduction.NONE ? g[i] : g[0]) * scale, gx, gt);
            }
        }, output, target);
    }
}

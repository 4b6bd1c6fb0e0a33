package splot.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import splot.tensor.Tensor;

/**
 * Finite-difference gradient check. The function's output is reduced to a scalar with fixed random
 * weights (so every output element's gradient path is exercised), then each input element is nudged
 * by +-eps and the central difference, computed in double from float outputs, is compared with the
 * analytic gradient that backward() produced.
 */
public final class GradCheck {
    private GradCheck() {
    }

    /** Checks with eps 1e-2 and tolerance |a - n| <= 2e-2 * max(|a|, |n|) + 2e-3. */
    public static void check(Function<List<Tensor>, Tensor> f, Tensor... inputs) {
        check(f, 1e-2, 2e-2, 2e-3, inputs);
    }

    public static void check(Function<List<Tensor>, Tensor> f, double eps, double rtol, double atol, Tensor... inputs) {
        List<Tensor> in = List.of(inputs);
        for (Tensor t : inputs) {
            t.zeroGrad();
            t.requiresGrad(true);
        }
        Tensor out = f.apply(in);
        float[] weights = new float[out.size()];
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < weights.length; i++) weights[i] = (float) (r.nextDouble() * 2 - 1);
        out.backward(Tensor.of(weights, out.shape()));
        for (int ti = 0; ti < inputs.length; ti++) {
            Tensor t = inputs[ti];
            float[] x = t.data();
            float[] analytic = t.grad() == null ? new float[x.length] : t.grad().toArray();
            for (int i = 0; i < x.length; i++) {
                float saved = x[i];
                x[i] = (float) (saved + eps);
                double plus = weighted(f.apply(in), weights);
                x[i] = (float) (saved - eps);
                double minus = weighted(f.apply(in), weights);
                x[i] = saved;
                double numeric = (plus - minus) / (2 * eps);
                double a = analytic[i];
                if (Math.abs(a - numeric) > rtol * Math.max(Math.abs(a), Math.abs(numeric)) + atol) {
                    fail("Gradient mismatch for input " + ti + " " + t.shape() + " at element " + i
                            + ": analytic " + a + ", numeric " + numeric);
                }
            }
        }
    }

    private static double weighted(Tensor out, float[] weights) {
        assertNotNull(out);
        float[] y = out.data();
        double s = 0;
        for (int i = 0; i < y.length; i++) s += (double) y[i] * weights[i];
        return s;
    }

    /** A tensor of uniform numbers in [lo, hi) from a fixed seed: inputs for a check. */
    public static Tensor uniform(long seed, float lo, float hi, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) d[i] = (float) (lo + (hi - lo) * r.nextDouble());
        return t;
    }
}

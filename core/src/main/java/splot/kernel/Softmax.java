package splot.kernel;

/**
 * The softmax of one row of logits, strided, as a loss needs it: written out, and its log-normaliser returned.
 *
 * <p>A kernel rather than a loop of the loss's own, so that the launcher's lower compile thresholds for {@code
 * splot.kernel} and its compiler directives apply: a cross-entropy runs it once per prediction (128 times a step at
 * batch 128), and left to the JIT's default thresholds C2 compiled it, on stack and again the ordinary way, inside
 * fashion-mlp's timed training window (BENCHMARKS.md, session 39).
 */
public final class Softmax {
    static {
        // Primed, as LoopPriming primes the GEMM's loops: rows of two, so that C2 is asked for the ordinary compile
        // before the loops' steps reach the on-stack threshold, which 128 rows of ten a call reached first at times.
        float[] x = {0, 1}, out = new float[2];
        for (int i = 0; i < LoopPriming.CALLS; i++) row(x, 0, 1, 2, out);
    }

    private Softmax() {
    }

    /**
     * Writes softmax(x) of the n logits at {@code x[base + c * stride]} into {@code out} at the same offsets and returns
     * log sum_c exp(x_c); shifted by the row's maximum so that no exp overflows.
     */
    public static double row(float[] x, int base, int stride, int n, float[] out) {
        float max = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < n; c++) max = Math.max(max, x[base + c * stride]);
        double sum = 0;
        for (int c = 0; c < n; c++) {
            int k = base + c * stride;
            double e = Math.exp(x[k] - max);
            out[k] = (float) e;
            sum += e;
        }
        float inverse = (float) (1 / sum);
        for (int c = 0; c < n; c++) out[base + c * stride] *= inverse;
        return max + Math.log(sum);
    }
}

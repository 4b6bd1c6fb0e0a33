package splot.kernel;

/**
 * The softmax of one row of logits, strided, as a loss needs it: written out, and its log-normaliser returned; and the
 * cross-entropy's gradient from it for class-index targets.
 *
 * <p>A kernel rather than a loop of the loss's own, so that the launcher's lower compile thresholds for {@code
 * splot.kernel} and its compiler directives apply: a cross-entropy runs it once per prediction (128 times a step at
 * batch 128), and left to the JIT's default thresholds C2 compiled it, on stack and again the ordinary way, inside
 * fashion-mlp's timed training window (BENCHMARKS.md, session 39). The gradient, as the loss's backward lambda, was
 * compiled by C2 there too, for 7-12 ms (session 40). The loops are primed (C2 compiles them at start-up); their
 * two-line public entries the launcher's directives leave to C1, for C2 compiled those with the loop inlined, in the
 * same window.
 */
public final class Softmax {
    private Softmax() {
    }

    /**
     * Writes softmax(x) of the n logits at {@code x[base + c * stride]} into {@code out} at the same offsets and returns
     * log sum_c exp(x_c); shifted by the row's maximum so that no exp overflows.
     */
    public static double row(float[] x, int base, int stride, int n, float[] out) {
        Primed.ready();
        return softmax(x, base, stride, n, out);
    }

    private static double softmax(float[] x, int base, int stride, int n, float[] out) {
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

    /**
     * A cross-entropy's gradient for class-index targets, each row's n logits contiguous: element c of row r gets
     * {@code gr * (softmax - [c == labels[r]])}, where gr is {@code g[r] * scale} if {@code perRow} (no reduction), else
     * {@code g[0] * scale}; added to {@code gx} if {@code add}, else stored (gx's contents undefined). The product is
     * taken in double and rounded once, as the loss's general loop does.
     */
    public static void labelGradient(float[] softmax, int[] labels, float[] g, boolean perRow, float scale, float[] gx,
                                     boolean add, int rows, int n) {
        Primed.ready();
        gradient(softmax, labels, g, perRow, scale, gx, add, rows, n);
    }

    private static void gradient(float[] softmax, int[] labels, float[] g, boolean perRow, float scale, float[] gx,
                                 boolean add, int rows, int n) {
        // Two loops: in one that read g[r] or g[0] by a flag, C2 hoisted g[r]'s range check out of it on the primed
        // profile, and a mean's gradient (g of length 1) failed that check and threw the compiled loop out.
        if (perRow) {
            for (int r = 0; r < rows; r++) gradientRow(softmax, r * n, labels[r], g[r] * scale, gx, add, n);
        } else {
            double gr = g[0] * scale;
            for (int r = 0; r < rows; r++) gradientRow(softmax, r * n, labels[r], gr, gx, add, n);
        }
    }

    private static void gradientRow(float[] softmax, int base, int label, double gr, float[] gx, boolean add, int n) {
        for (int c = 0; c < n; c++) {
            float v = (float) (gr * (softmax[base + c] - (c == label ? 1.0 : 0.0)));
            gx[base + c] = add ? gx[base + c] + v : v;
        }
    }

    /**
     * The loops primed on rows of two to four when this class is first used, as {@link LoopPriming} primes the GEMM's,
     * so that C2 is asked for the ordinary compile before the loops' steps reach the on-stack threshold, which 128 rows
     * of ten a call reached first at times. A class of its own: primed from Softmax's own initializer, the compile
     * came while Softmax was still being initialized, and C2's code trapped on its first call after.
     */
    private static final class Primed {
        static {
            float[] x = {0, 1, -1, 2}, out = new float[4], g = {1, 1, 1, 1};
            // The gradient on up to four rows of up to twelve: primed on rows of two only, its loop's predicates
            // trapped on the first real call (ten classes) and C2 compiled it again.
            float[] p = new float[48], gx = new float[48];
            int[] labels = {1, 0, 1, 0};
            for (int i = 0; i < LoopPriming.CALLS; i++) {
                softmax(x, 0, 1, 2 + i % 3, out);
                gradient(p, labels, g, (i & 1) == 0, 0.5f, gx, (i & 2) == 0, 1 + i % 4, 2 + i % 11);
            }
        }

        static void ready() {
        }
    }
}

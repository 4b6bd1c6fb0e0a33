package splot.kernel;

/**
 * The softmax of rows of logits as a loss needs it: written out, with each row's log-normaliser; and the
 * cross-entropy's gradient from it for class-index targets. Contiguous rows ({@link #rows}) take their exps as one
 * loop over the whole batch that C2 compiles to vector code: a polynomial on double lanes ({@link #exp}) rather than
 * {@code Math.exp}, a call per element that no compiler vectorises. A strided row ({@link #row}) keeps {@code Math.exp}:
 * one element at a time, the polynomial took 1.2-1.4 times as long (BENCHMARKS.md, session 56). The two agree to a float's
 * rounding.
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
    /**
     * The Taylor coefficients of exp about {@code -EXP_CENTER}, each times exp(-EXP_CENTER): {@link #exp} evaluates exp
     * on [-EXP_CLAMP / 128, 0], which is [-2 EXP_CENTER, 0], there.
     */
    private static final double EXP_CENTER = 0.40625, EXP_CLAMP = 104;
    private static final double E0, E1, E2, E3, E4, E5, E6, E7, E8, E9, E10, E11, E12;

    static {
        double[] e = new double[13];
        double scale = Math.exp(-EXP_CENTER), factorial = 1;
        for (int k = 0; k < e.length; k++) {
            if (k > 0) factorial *= k;
            e[k] = scale / factorial;
        }
        E0 = e[0]; E1 = e[1]; E2 = e[2]; E3 = e[3]; E4 = e[4]; E5 = e[5]; E6 = e[6];
        E7 = e[7]; E8 = e[8]; E9 = e[9]; E10 = e[10]; E11 = e[11]; E12 = e[12];
    }

    private Softmax() {
    }

    /**
     * exp(x) for x <= 0 (NaN gives NaN), within some 1e-13 of {@code Math.exp} relative: rounded to a float, the same
     * float but for about one x in two million, and then one ulp away. Only arithmetic, no call and no bit
     * manipulation, so that a loop over it compiles to vector code: exp(x / 128) by a Taylor polynomial of degree 12
     * about -0.40625 (|x / 128 + 0.40625| <= 0.40625 leaves a truncation error under 2e-15), then squared seven times.
     * Below -104 every exp rounds to float zero, and x is clamped there so that the polynomial stays in its range.
     */
    static double exp(double x) {
        double r = Math.fma(Math.max(x, -EXP_CLAMP), 1.0 / 128, EXP_CENTER);
        double p = Math.fma(E12, r, E11);
        p = Math.fma(p, r, E10);
        p = Math.fma(p, r, E9);
        p = Math.fma(p, r, E8);
        p = Math.fma(p, r, E7);
        p = Math.fma(p, r, E6);
        p = Math.fma(p, r, E5);
        p = Math.fma(p, r, E4);
        p = Math.fma(p, r, E3);
        p = Math.fma(p, r, E2);
        p = Math.fma(p, r, E1);
        p = Math.fma(p, r, E0);
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        return p * p;
    }

    /**
     * Writes the softmax of each of {@code rows} contiguous rows of n logits in {@code x} into {@code out} at the same
     * offsets, and row r's log sum_c exp(x_c) into {@code logSumExp[r]}; shifted by each row's maximum so that no exp
     * overflows. {@link #row}'s floats but for their rounding: the exps differ by an ulp at most, and the sum runs over
     * the rounded exps.
     */
    public static void rows(float[] x, int rows, int n, float[] out, double[] logSumExp) {
        Primed.ready();
        softmaxRows(x, rows, n, out, logSumExp);
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
     * {@link #rows} in three passes: each row's shifted logits into out; all their exps in place, one loop over the
     * batch; then each row's sum, scale and log-normaliser. The sum runs over the floats: their doubles would need a
     * buffer, and a loop from doubles to floats that C2 left scalar.
     */
    private static void softmaxRows(float[] x, int rows, int n, float[] out, double[] logSumExp) {
        for (int r = 0; r < rows; r++) {
            int base = r * n;
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < n; c++) max = Math.max(max, x[base + c]);
            for (int c = 0; c < n; c++) out[base + c] = x[base + c] - max;
            logSumExp[r] = max;
        }
        for (int i = 0; i < rows * n; i++) out[i] = (float) exp(out[i]);
        for (int r = 0; r < rows; r++) {
            int base = r * n;
            double sum = 0;
            for (int c = 0; c < n; c++) sum += out[base + c];
            float inverse = (float) (1 / sum);
            for (int c = 0; c < n; c++) out[base + c] *= inverse;
            logSumExp[r] += Math.log(sum);
        }
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
            double[] logSumExp = new double[4];
            // The gradient on up to four rows of up to twelve: primed on rows of two only, its loop's predicates
            // trapped on the first real call (ten classes) and C2 compiled it again.
            float[] p = new float[48], gx = new float[48];
            int[] labels = {1, 0, 1, 0};
            for (int i = 0; i < LoopPriming.CALLS; i++) {
                softmax(x, 0, 1, 2 + i % 3, out);
                // Rows of the batch's loop on one or two rows of two to four: on up to four of up to twelve, its
                // loops' steps reached the on-stack threshold in the priming itself (LauncherTest checks).
                softmaxRows(p, 1 + i % 2, 2 + i % 3, gx, logSumExp);
                gradient(p, labels, g, (i & 1) == 0, 0.5f, gx, (i & 2) == 0, 1 + i % 4, 2 + i % 11);
            }
        }

        static void ready() {
        }
    }
}

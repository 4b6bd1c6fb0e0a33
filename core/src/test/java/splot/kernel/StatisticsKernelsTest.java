package splot.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The vector statistics loops against the scalar ones (every value in double) on every length from none to past four
 * vectors and on long odd runs across the vector loops' blocks, at odd offsets: within a few float roundings of the
 * sums of absolute values.
 */
class StatisticsKernelsTest {
    private static final StatisticsKernels VECTOR = new VectorStatistics();
    private static final StatisticsKernels SCALAR = new ScalarStatistics();

    @Test
    void theVectorLoopsAreInUse() {
        assertNotSame(BatchNormKernel.SCALAR, BatchNormKernel.KERNELS, "tests run with the Vector API module");
        assertEquals(BatchNormKernel.SCALAR, BatchNormKernel.choose("false"));
    }

    @Test
    void vectorAndScalarAgree() {
        SplittableRandom r = new SplittableRandom(11);
        for (int len = 0; len <= 4 * VectorStatistics.L + 3; len++) check(len, r);
        for (int len : new int[] {129, 1024, 1517, VectorStatistics.BLOCK * 3 + 5}) check(len, r);
    }

    /**
     * The vector sums to the last bit, against the same sums written out lane by lane (whole blocks of four vectors, no
     * scalar tail): four accumulators, then their lanes paired off i with i ^ h. An order left to the implementation
     * ({@code reduceLanes}) gave one answer interpreted and another compiled.
     */
    @Test
    void vectorSumsAddTheirLanesInOneStatedOrder() {
        SplittableRandom r = new SplittableRandom(12);
        int quad = 4 * VectorStatistics.L;
        for (int len : new int[] {quad, 3 * quad, 2 * VectorStatistics.BLOCK + quad}) {
            int off = 1 + r.nextInt(4);
            float[] x = new float[off + len], dy = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (r.nextDouble() * 6 - 2);
                dy[i] = (float) (r.nextDouble() * 2 - 1);
            }
            float mf = 0.7f;
            assertEquals(lanes(len, (i, sum) -> x[off + i] + sum), VECTOR.sum(x, off, len), "sum of " + len);
            assertEquals(lanes(len, (i, sum) -> Math.fma(x[off + i] - mf, x[off + i] - mf, sum)), VECTOR.squares(x, off, len, 0.7),
                    "squares of " + len);
            assertEquals(lanes(len, (i, sum) -> Math.fma(x[off + i] - mf, dy[off + i], sum)), VECTOR.products(dy, x, off, len, 0.7),
                    "products of " + len);
        }
    }

    /** One lane's step: value i added into its running float sum. */
    private interface Step {
        float add(int i, float sum);
    }

    /** VectorStatistics' loop lane by lane over len values, a whole number of four vectors. */
    private static double lanes(int len, Step step) {
        int lanes = VectorStatistics.L;
        double total = 0;
        for (int k = 0; k < len; ) {
            float[][] s = new float[4][lanes];
            for (int end = Math.min(len, k + VectorStatistics.BLOCK); k < end; k += 4 * lanes) {
                for (int j = 0; j < 4; j++) {
                    for (int l = 0; l < lanes; l++) s[j][l] = step.add(k + j * lanes + l, s[j][l]);
                }
            }
            float[] t = new float[lanes];
            for (int l = 0; l < lanes; l++) t[l] = 0f + s[0][l] + s[1][l] + (0f + s[2][l] + s[3][l]);
            for (int h = lanes / 2; h >= 1; h /= 2) {
                float[] u = new float[lanes];
                for (int l = 0; l < lanes; l++) u[l] = t[l ^ h] + t[l];
                t = u;
            }
            total += t[0];
        }
        return total;
    }

    private static void check(int len, SplittableRandom r) {
        int off = r.nextInt(5);
        float[] x = new float[off + len + 3], dy = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 6 - 2);
            dy[i] = (float) (r.nextDouble() * 2 - 1);
        }
        double m = 0.7, abs = 0, absSq = 0, absProducts = 0;
        for (int i = off; i < off + len; i++) {
            abs += Math.abs(x[i]);
            absSq += (x[i] - m) * (x[i] - m);
            absProducts += Math.abs(dy[i] * (x[i] - m));
        }
        double tol = 1e-6;
        assertEquals(SCALAR.sum(x, off, len), VECTOR.sum(x, off, len), tol * abs + 1e-12, "sum of " + len);
        assertEquals(SCALAR.squares(x, off, len, m), VECTOR.squares(x, off, len, m), tol * absSq + 1e-12, "squares of " + len);
        assertEquals(SCALAR.products(dy, x, off, len, m), VECTOR.products(dy, x, off, len, m), tol * absProducts + 1e-12,
                "products of " + len);
        for (boolean add : new boolean[] {true, false}) {
            float[] want = dy.clone(), got = x.clone();
            if (add) System.arraycopy(want, 0, got, 0, want.length);
            SCALAR.normGradient(dy, x, off, len, m, 1.3, 0.9, 0.05, -0.2, want, add);
            VECTOR.normGradient(dy, x, off, len, m, 1.3, 0.9, 0.05, -0.2, got, add);
            // Stored, the run holds the gradient alone, whatever the two arrays held before.
            for (int i = off; i < off + len; i++) {
                assertEquals(want[i], got[i], 1e-6 * (1 + Math.abs(want[i])), "input gradient of " + len + " at " + i + ", add " + add);
            }
        }
    }
}

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

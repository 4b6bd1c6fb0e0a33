package splot.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SoftmaxTest {
    private static final ElementwiseKernels VECTOR = new VectorElementwise(), SCALAR = new ScalarElementwise();
    /** Class counts on both sides of each vector width: a masked step alone, full steps and a masked one, full only. */
    private static final int[] CLASSES = {1, 2, 7, 8, 9, 10, 16, 17, 33, 100, 129, 1000};

    @Test
    void aVectorRowGivesTheScalarRowsFloats() {
        Random random = new Random(7);
        for (int n : CLASSES) {
            int rows = 128, off = 3;
            float[] x = new float[off + rows * n];
            for (int i = 0; i < x.length; i++) x[i] = (float) (random.nextGaussian() * 3);
            float[] want = new float[x.length], got = new float[x.length];
            for (int r = 0; r < rows; r++) {
                double lseWant = SCALAR.softmaxRow(x, off + r * n, n, want), lseGot = VECTOR.softmaxRow(x, off + r * n, n, got);
                // Only the sum's order differs: a double's last bits.
                assertEquals(lseWant, lseGot, 1e-12 * Math.abs(lseWant) + 1e-12, n + " classes, row " + r);
            }
            for (int i = 0; i < off; i++) assertEquals(0f, got[i], "before the rows");
            assertArrayEquals(want, got, n + " classes");
        }
    }

    @Test
    void aVectorRowTakesTheMaximumOfNegativeLogitsOnly() {
        // Every logit below zero: a vector's unused lanes, or a scratch row's old values, must not count toward the maximum.
        for (int n : new int[] {1, 3, 9, 10}) {
            float[] x = new float[n], out = new float[n];
            for (int c = 0; c < n; c++) x[c] = -200 - c;
            double lse = VECTOR.softmaxRow(x, 0, n, out);
            assertEquals(SCALAR.softmaxRow(x, 0, n, new float[n]), lse, 1e-9, n + " classes");
            assertTrue(Float.isFinite(out[0]) && out[0] > 0.5f, n + " classes: " + out[0]);
        }
    }

    @Test
    void aStridedRowMatchesTheDefinitionAndLeavesTheOtherElements() {
        // Row of three logits at 1, 3, 5 (stride 2) in an array that holds other values between them.
        float[] x = {9, 1, 9, 2, 9, 4, 9};
        float[] out = new float[7];
        java.util.Arrays.fill(out, -1);
        double logSumExp = Softmax.row(x, 1, 2, 3, out);
        double sum = Math.exp(1) + Math.exp(2) + Math.exp(4);
        assertEquals(Math.log(sum), logSumExp, 1e-12);
        assertEquals(Math.exp(1) / sum, out[1], 1e-7);
        assertEquals(Math.exp(2) / sum, out[3], 1e-7);
        assertEquals(Math.exp(4) / sum, out[5], 1e-7);
        for (int i : new int[] {0, 2, 4, 6}) assertEquals(-1, out[i], "element " + i + " is not in the row");
    }

    @Test
    void largeLogitsDoNotOverflow() {
        float[] x = {1000, 1001, -1000};
        float[] out = new float[3];
        double logSumExp = Softmax.row(x, 0, 1, 3, out);
        assertEquals(1001 + Math.log(1 + Math.exp(-1)), logSumExp, 1e-9);
        assertEquals(1 / (1 + Math.exp(1)), out[0], 1e-7);
        assertEquals(0f, out[2]);
        assertTrue(Float.isFinite(out[1]) && out[0] + out[1] + out[2] == 1f, "sums to one: " + (out[0] + out[1] + out[2]));
    }
}

package splot.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SoftmaxTest {
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

    @Test
    void expRoundsToMathExpsFloatButForOneUlpAtMost() {
        // Every 331st float from -110 to 0 (some three million), where softmax takes its exps.
        long count = 0, differ = 0;
        for (int bits = Float.floatToRawIntBits(110f); bits > 0; bits -= 331) {
            float x = -Float.intBitsToFloat(bits);
            float mine = (float) Softmax.exp(x), ref = (float) Math.exp(x);
            int ulps = Math.abs(Float.floatToRawIntBits(mine) - Float.floatToRawIntBits(ref));
            assertTrue(ulps <= 1, "exp(" + x + ") = " + mine + ", Math.exp gives " + ref);
            if (ulps != 0) differ++;
            count++;
        }
        assertTrue(differ * 100_000 < count, differ + " of " + count + " differ from Math.exp's float");
        assertEquals(1f, (float) Softmax.exp(0));
        assertEquals(1f, (float) Softmax.exp(-0.0));
        assertEquals(0f, (float) Softmax.exp(-104));
        assertEquals(0f, (float) Softmax.exp(Float.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(Softmax.exp(Double.NaN)));
    }

    @Test
    void rowsGiveWhatEachRowGivesAloneToAFloatsRounding() {
        java.util.Random random = new java.util.Random(7);
        for (int n : new int[] {1, 2, 7, 10, 17, 33, 129, 1000}) {
            for (int rows : new int[] {1, 3, 128}) {
                float[] x = new float[rows * n];
                for (int i = 0; i < x.length; i++) x[i] = (float) (random.nextGaussian() * 8);
                if (n > 2) {
                    x[n / 2] = Float.NEGATIVE_INFINITY;
                    x[x.length - 1] = -1e30f;
                }
                float[] out = new float[x.length], alone = new float[x.length];
                double[] logSumExp = new double[rows];
                Softmax.rows(x, rows, n, out, logSumExp);
                for (int r = 0; r < rows; r++) {
                    double expected = Softmax.row(x, r * n, 1, n, alone);
                    assertEquals(expected, logSumExp[r], 1e-7 * Math.max(1, Math.abs(expected)), "row " + r + " of " + rows + " x " + n);
                }
                for (int i = 0; i < x.length; i++) {
                    assertEquals(alone[i], out[i], 3e-7f * alone[i], "element " + i + " of " + rows + " x " + n);
                }
                if (n > 2) assertEquals(0f, out[n / 2], "exp(-inf) is zero");
            }
        }
    }

    @Test
    void rowsPassNaNThrough() {
        float[] x = {1, Float.NaN, 2, 0, 1, 2};
        float[] out = new float[6];
        double[] logSumExp = new double[2];
        Softmax.rows(x, 2, 3, out, logSumExp);
        assertTrue(Double.isNaN(logSumExp[0]) && Float.isNaN(out[0]) && Float.isNaN(out[2]), java.util.Arrays.toString(out));
        // The sum runs over the rounded floats: within their rounding of the exact one.
        assertEquals(2 + Math.log(1 + Math.exp(-1) + Math.exp(-2)), logSumExp[1], 1e-7);
    }
}

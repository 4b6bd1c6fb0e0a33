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
}

package splot.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AutogradTest {
    @Test
    void sumOfSquaresHasGradientTwoX() {
        Tensor w = Tensor.of(new float[] {1, 2, -3}, 3).requiresGrad(true);
        w.mul(w).sum().backward();
        assertArrayEquals(new float[] {2, 4, -6}, w.grad().toArray(), 1e-6f);
    }

    @Test
    void sharedWeightGetsTheSumOfItsUses() {
        Tensor w = Tensor.of(new float[] {3}, 1).requiresGrad(true);
        Tensor x = Tensor.of(new float[] {2}, 1);
        // y = w*x + w*w : dy/dw = x + 2w = 8
        w.mul(x).add(w.mul(w)).sum().backward();
        assertEquals(8f, w.grad().item(), 1e-6f);
    }

    @Test
    void gradientsAccumulateAcrossBackwardCallsUntilZeroed() {
        Tensor w = Tensor.of(new float[] {1}, 1).requiresGrad(true);
        w.mul(3f).sum().backward();
        w.mul(3f).sum().backward();
        assertEquals(6f, w.grad().item(), 1e-6f);
        w.zeroGrad();
        assertNull(w.grad());
    }

    @Test
    void noGradScopeRecordsNothing() {
        Tensor w = Tensor.of(new float[] {1}, 1).requiresGrad(true);
        Tensor y;
        try (var ignored = GradMode.off()) {
            y = w.mul(2f);
        }
        assertEquals(false, y.requiresGrad());
        assertEquals(true, GradMode.isEnabled());
        assertThrows(IllegalStateException.class, y::backward);
    }

    @Test
    void nestedNoGradScopesRestoreTheModeEachFound() {
        try (var outer = GradMode.off()) {
            try (var inner = GradMode.off()) {
                assertEquals(false, GradMode.isEnabled());
            }
            assertEquals(false, GradMode.isEnabled(), "the inner scope restores the outer one's mode: off");
        }
        assertEquals(true, GradMode.isEnabled());
    }

    @Test
    void broadcastGradientIsSummedOverRepeatedDimensions() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = Tensor.of(new float[] {10, 20, 30}, 3).requiresGrad(true);
        Tensor y = x.add(b);
        assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, y.toArray());
        y.sum().backward();
        assertArrayEquals(new float[] {2, 2, 2}, b.grad().toArray());
    }
}

package splot.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class LocalGradientsTest {
    @Test
    void boundGradientsTakeTheLeavesGradientsOnThisThreadOnly() throws InterruptedException {
        Tensor w = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad(true), v = Tensor.of(new float[] {4}, 1).requiresGrad(true);
        LocalGradients local = new LocalGradients(w);
        try (var bound = local.bind()) {
            assertNull(local.gradient(0), "no backward pass yet");
            w.mul(w).sum().add(v.mul(v).sum()).backward();
            // Another thread's backward pass is not redirected.
            Thread other = new Thread(() -> w.mul(w).sum().backward());
            other.start();
            other.join();
        }
        assertArrayEquals(new float[] {2, 4, 6}, local.gradient(0), "d(w^2)/dw = 2w, here");
        assertArrayEquals(new float[] {2, 4, 6}, w.grad().data(), "the other thread's pass in w's own gradient");
        assertArrayEquals(new float[] {8}, v.grad().data(), "a leaf these gradients do not hold keeps its own");
        w.zeroGrad();
        w.mul(w).sum().backward();
        assertArrayEquals(new float[] {2, 4, 6}, w.grad().data(), "unbound, gradients go to the leaf again");
        assertArrayEquals(new float[] {2, 4, 6}, local.gradient(0), "and not here");
    }

    @Test
    void passesAddUpUntilCleared() {
        Tensor w = Tensor.of(new float[] {1, -1}, 2).requiresGrad(true);
        LocalGradients local = new LocalGradients(w);
        try (var bound = local.bind()) {
            w.mul(w).sum().backward();
            float[] first = local.gradient(0);
            w.mul(3f).sum().backward();
            assertSame(first, local.gradient(0));
            assertArrayEquals(new float[] {5, 1}, first, "2w + 3");
            local.clear();
            assertNull(local.gradient(0));
            w.mul(3f).sum().backward();
            assertArrayEquals(new float[] {3, 3}, local.gradient(0), "cleared: from nothing again");
        }
        assertFalse(w.hasGrad(), "w's own gradient was never touched");
    }
}

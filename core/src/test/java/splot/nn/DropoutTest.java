package splot.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import splot.tensor.Rng;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/** Dropout masks over many elements (filled on several threads): the rate, the seed and the gradient. */
class DropoutTest {
    private static final int N = 100_003;     // several chunks of the elementwise loops, and an odd tail

    @Test
    void dropsAboutRateScalesTheRestAndRepeatsWithTheSeed() {
        float[] first = run(7, 0.25).toArray();
        long dropped = 0;
        for (float v : first) {
            assertTrue(v == 0 || v == 1 / 0.75f, "kept values are scaled by 1 / (1 - rate), got " + v);
            if (v == 0) dropped++;
        }
        // 0.25 * N +- about 5 standard deviations (sqrt(N * 0.25 * 0.75) ~ 137).
        assertEquals(0.25 * N, dropped, 700, "dropped " + dropped + " of " + N);
        assertArrayEquals(first, run(7, 0.25).toArray(), "the same seed gives the same mask");
        assertTrue(!java.util.Arrays.equals(first, run(8, 0.25).toArray()), "another seed gives another mask");
    }

    @Test
    void gradientFlowsOnlyThroughKeptElements() {
        Rng.seed(3);
        Sequential m = Sequential.of(Shape.of(N), new Dropout(0.5));
        Tensor x = Tensor.ones(1, N).requiresGrad(true);
        Tensor y = m.call(x);
        y.sum().backward();
        assertArrayEquals(y.toArray(), x.grad().toArray(), "with x = 1, dy/dx is the mask, as is y");
    }

    @Test
    void aSeedGivesTheSameMasksOnOneThreadAndOnTwo() {
        int n = 700_001;    // split over the threads even when the worker is parked
        float[][] masks = new float[2][];
        try {
            for (int threads = 1; threads <= 2; threads++) {
                splot.kernel.Parallel.setThreads(threads);
                Rng.seed(5);
                Sequential m = Sequential.of(Shape.of(n), new Dropout(0.5));
                masks[threads - 1] = m.call(Tensor.ones(1, n)).toArray();
            }
        } finally {
            splot.kernel.Parallel.setThreads(splot.kernel.Parallel.poolSize());
        }
        assertArrayEquals(masks[0], masks[1]);
    }

    @Test
    void eachCallDrawsANewMask() {
        Rng.seed(9);
        Sequential m = Sequential.of(Shape.of(N), new Dropout(0.5));
        assertTrue(!java.util.Arrays.equals(m.call(Tensor.ones(1, N)).toArray(), m.call(Tensor.ones(1, N)).toArray()));
    }

    private static Tensor run(long seed, double rate) {
        Rng.seed(seed);
        Sequential m = Sequential.of(Shape.of(N), new Dropout(rate));
        return m.call(Tensor.ones(1, N));
    }
}

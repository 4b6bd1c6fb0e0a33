package splot.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import splot.kernel.Parallel;

class ThreadScalingTest {
    /** A step of 1 ms that says how many threads it ran on: 2 "ms" on one thread, 1 on two. */
    private static double fakeStep(List<Integer> seen) {
        int threads = Parallel.threads();
        if (seen.isEmpty() || seen.get(seen.size() - 1) != threads) seen.add(threads);
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return threads == 1 ? 2.0 : 1.0;
    }

    @Test
    void turnsAlternateTheThreadCountAndSwapTheOrderEveryRound() {
        assertEquals(2, Parallel.poolSize(), "the bench module's tests run with -Dsplot.threads=2 (bench/pom.xml)");
        List<Integer> seen = new ArrayList<>();
        try {
            double[][][] ms = ThreadScaling.turns(List.of(new ThreadScaling.Phase("fake", () -> fakeStep(seen), 2)), 3);
            // Warm-up 1, 2; then round 0: 1, 2; round 1: 2, 1; round 2: 1, 2 (runs of the same count merge).
            assertEquals(List.of(1, 2, 1, 2, 1, 2), seen);
            for (int r = 0; r < 3; r++) {
                assertEquals(2.0, ms[0][0][r]);
                assertEquals(1.0, ms[0][1][r]);
            }
        } finally {
            Parallel.setThreads(Parallel.poolSize());
        }
    }

    @Test
    void theLineHasEachSidesMedianAndTheRatiosMedianAndRange() {
        double[][] ms = {{60, 58, 70}, {30, 40, 35}};
        // Ratios 2.0, 1.45, 2.0: median 2.0, range 1.45-2.0; medians of the sides 60 and 35.
        assertEquals("fashion-cnn training 60.00 35.00 2.00 1.45 2.00", ThreadScaling.line("fashion-cnn", "training", ms));
    }
}

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
            double[][][] ms = ThreadScaling.turns(List.of(new ThreadScaling.Phase("fake", () -> fakeStep(seen), 2)), 3, null);
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
    void pinnedTurnsRunOnOneThreadOnEachCpuInTurn() {
        VcpuPin pin = VcpuPin.find().orElseThrow(() -> new AssertionError("this test needs taskset and two CPUs"));
        List<String> seen = new ArrayList<>();
        try {
            ThreadScaling.turns(List.of(new ThreadScaling.Phase("fake", () -> {
                String where = Parallel.threads() + "@" + VcpuPinTest.allowedNow();
                if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(where)) seen.add(where);
                return 1.0;
            }, 0)), 2, pin);
        } finally {
            Parallel.setThreads(Parallel.poolSize());
        }
        String all = VcpuPinTest.allowedNow().toString(), a = "1@" + List.of(pin.cpus().get(0)), b = "1@" + List.of(pin.cpus().get(1));
        // Round 0: one thread free, two, one on the first CPU, one on the second; round 1 the reverse (its first turn
        // merges with round 0's last).
        assertEquals(List.of("1@" + all, "2@" + all, a, b, a, "2@" + all, "1@" + all), seen);
    }

    @Test
    void theSidesSwapTheirOrderEveryRound() {
        assertEquals(List.of(0, 1, 2, 3, 3, 2, 1, 0), List.of(ThreadScaling.sideAt(0, 0, 4), ThreadScaling.sideAt(0, 1, 4),
                ThreadScaling.sideAt(0, 2, 4), ThreadScaling.sideAt(0, 3, 4), ThreadScaling.sideAt(1, 0, 4), ThreadScaling.sideAt(1, 1, 4),
                ThreadScaling.sideAt(1, 2, 4), ThreadScaling.sideAt(1, 3, 4)));
    }

    @Test
    void withPinnedSidesTheLineAddsTheirMediansAndTwoThreadsAgainstTheirMeanRate() {
        double[][] ms = {{60, 58, 70}, {30, 40, 35}, {50, 60, 70}, {75, 60, 70}};
        // Against the mean rate: round 0 (1/30) / ((1/50 + 1/75) / 2) = 2.0, round 1 1.5, round 2 2.0.
        assertEquals("fashion-cnn training 60.00 35.00 2.00 1.45 2.00 60.00 70.00 2.00 1.50 2.00",
                ThreadScaling.line("fashion-cnn", "training", ms));
    }

    @Test
    void theLineHasEachSidesMedianAndTheRatiosMedianAndRange() {
        double[][] ms = {{60, 58, 70}, {30, 40, 35}};
        // Ratios 2.0, 1.45, 2.0: median 2.0, range 1.45-2.0; medians of the sides 60 and 35.
        assertEquals("fashion-cnn training 60.00 35.00 2.00 1.45 2.00", ThreadScaling.line("fashion-cnn", "training", ms));
    }
}

package splot.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The overlap of compiles with windows, and the table built from it. */
class JitWindowsTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    private static Instant at(long ms) {
        return T0.plusMillis(ms);
    }

    @Test
    void overlapCountsOnlyTheTimeInsideTheWindow() {
        Instant from = at(100), to = at(200);
        assertEquals(50_000_000L, JitWindows.overlapNanos(at(50), Duration.ofMillis(100), from, to), "starts before");
        assertEquals(20_000_000L, JitWindows.overlapNanos(at(180), Duration.ofMillis(100), from, to), "ends after");
        assertEquals(100_000_000L, JitWindows.overlapNanos(at(0), Duration.ofMillis(500), from, to), "spans it");
        assertEquals(10_000_000L, JitWindows.overlapNanos(at(120), Duration.ofMillis(10), from, to), "inside");
        assertEquals(0L, JitWindows.overlapNanos(at(200), Duration.ofMillis(10), from, to), "after");
        assertEquals(0L, JitWindows.overlapNanos(at(10), Duration.ofMillis(90), from, to), "before, touching");
    }

    @Test
    void tableSumsC2CompilesPerWindowAndNamesTheLongest() {
        List<JitWindows.Window> windows = List.of(new JitWindows.Window("lenet5", "train", at(0), at(1000), 9000),
                new JitWindows.Window("lenet5", "infer", at(1000), at(1100), 40000));
        List<JitWindows.Compile> compiles = List.of(
                new JitWindows.Compile("splot.kernel.Gemm::sgemm", false, 4, at(900), Duration.ofMillis(200)),
                new JitWindows.Compile("splot.kernel.Pool2d::avgHalving", true, 4, at(100), Duration.ofMillis(300)),
                new JitWindows.Compile("splot.kernel.Pool2d::avgHalving", false, 3, at(100), Duration.ofMillis(300)),
                new JitWindows.Compile("java.util.Arrays::rangeCheck", false, 4, at(-10), Duration.ofMillis(1).dividedBy(4)));
        String table = JitWindows.table(windows, compiles);
        assertTrue(table.contains("| lenet5 | train | 1000 | 9,000 | 400 | 40% | Pool2d::avgHalving (on-stack) 300, Gemm::sgemm 100 | Arrays::rangeCheck 0.3 |"), table);
        assertTrue(table.contains("| lenet5 | infer | 100 | 40,000 | 100 | 100% | Gemm::sgemm 100 | Gemm::sgemm 30.0 |"), table);
    }

    @Test
    void namesDropThePackageAndTheLambdasAddress() {
        assertEquals("Gemm::sgemm", JitWindows.shortName("splot.kernel.Gemm::sgemm"));
        assertEquals("Elementwise$$Lambda::run", JitWindows.shortName("splot.kernel.Elementwise$$Lambda.0x00000000810d4f00::run"));
        assertEquals("Main::main", JitWindows.shortName("Main::main"));
    }
}

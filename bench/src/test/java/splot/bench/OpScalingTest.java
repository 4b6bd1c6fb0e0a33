package splot.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import splot.kernel.Parallel;
import splot.ops.Activations;
import splot.tensor.OpProfile;
import splot.tensor.Tensor;

class OpScalingTest {
    /** One ReLU, in a step that says it took 2 "ms" on one thread and 1 on two. */
    private static double fakeStep() {
        OpProfile.markStep();
        Activations.relu(Tensor.of(new float[] {-1, 2}, 2));
        return Parallel.threads() == 1 ? 2.0 : 1.0;
    }

    /** A row's milliseconds on one thread and on two, after checking its name. */
    private static double[] cells(String row, String name) {
        String[] cells = row.split(" \\| ");
        assertEquals(name, cells[1], row);
        return new double[] {Double.parseDouble(cells[2]), Double.parseDouble(cells[3])};
    }

    @Test
    void theTableHasEachOpThenWhatTheStepSpentOutsideThem() {
        assertEquals(2, Parallel.poolSize(), "the bench module's tests run with -Dsplot.threads=2 (bench/pom.xml)");
        Map<String, long[]> table;
        try {
            table = OpScaling.turns(OpScalingTest::fakeStep, 2, 3, null);
        } finally {
            Parallel.setThreads(Parallel.poolSize());
        }
        long[] relu = table.get("forward relu#0");
        // Two rounds of three timed steps a side: six calls on one thread and six on two.
        assertEquals(6, relu[0]);
        assertEquals(6, relu[2]);
        List<String> rows = OpScaling.rows("training", table);
        assertEquals(4, rows.size(), String.join("\n", rows));
        assertTrue(rows.get(0).startsWith("| training | forward relu#0 |"), rows.get(0));
        assertEquals("| training | **whole step** | 2.000 | 1.000 | 2.00x | 0.000 |", rows.get(3));
        // The ops and what ran outside them make up the step, on either width (to the printed rounding).
        double[] ops = cells(rows.get(1), "**all ops**"), outside = cells(rows.get(2), "outside the ops");
        assertEquals(2.0, ops[0] + outside[0], 0.0015, rows.get(2));
        assertEquals(1.0, ops[1] + outside[1], 0.0015, rows.get(2));
        assertTrue(ops[0] >= 0 && ops[1] >= 0 && outside[1] < 1.0 + 1e-9, rows.get(1));
    }

    @Test
    void thePinnedTurnsAddEachVcpusTimeAndTwoThreadsAgainstTheirMean() {
        // Per side {calls, nanos}: one thread, two threads, one thread pinned to vCPU 0, to vCPU 1.
        Map<String, long[]> table = new LinkedHashMap<>();
        table.put("forward relu#0", new long[] {2, 4_000_000, 2, 2_600_000, 2, 4_000_000, 2, 6_000_000});
        table.put(OpScaling.STEP, new long[] {2, 5_000_000, 2, 3_000_000, 2, 5_000_000, 2, 7_000_000});
        List<String> rows = OpScaling.rows("training", table);
        assertEquals(4, rows.size(), String.join("\n", rows));
        // 2 and 3 ms on the two vCPUs are 0.833 calls a ms together, 1.2 ms a call: two threads' 1.3 ms is 0.1 ms more,
        // and 1.85 times the vCPUs' mean rate.
        assertEquals("| training | forward relu#0 | 2.000 | 1.300 | 1.54x | 0.300 | 2.000 / 3.000 | 1.85x | 0.100 |", rows.get(0));
        assertEquals("| training | **whole step** | 2.500 | 1.500 | 1.67x | 0.250 | 2.500 / 3.500 | 1.94x | 0.042 |", rows.get(3));
        assertEquals(OpScaling.header(true).get(0).split("\\|").length, rows.get(0).split("\\|").length, rows.get(0));
        assertEquals(OpScaling.header(false).get(0).split("\\|").length, OpScaling.row("x", "y", new double[] {1, 1}).split("\\|").length);
    }

    @Test
    void opsMatchByKindAndOneSidedOnesGetADash() {
        Map<String, Integer> seen = new java.util.HashMap<>();
        assertEquals(List.of("linear#0", "tanh#0", "linear#1"),
                List.of(OpScaling.byKind("linear#3", seen), OpScaling.byKind("tanh#4", seen), OpScaling.byKind("linear#5", seen)));
        Map<String, long[]> table = new LinkedHashMap<>();
        table.put("forward linear#0", new long[] {2, 4_000_000, 0, 0});
        table.put("forward row_slices#0", new long[] {0, 0, 2, 1_000_000});
        table.put(OpScaling.STEP, new long[] {2, 5_000_000, 2, 3_000_000});
        List<String> rows = OpScaling.rows("training", table);
        assertEquals("| training | forward linear#0 | 2.000 | – | – | – |", rows.get(0));
        assertEquals("| training | forward row_slices#0 | – | 0.500 | – | – |", rows.get(1));
        assertEquals("| training | **all ops** | 2.000 | 0.500 | 4.00x | -0.500 |", rows.get(2));
    }
}

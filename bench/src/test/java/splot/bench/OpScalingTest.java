package splot.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            table = OpScaling.turns(OpScalingTest::fakeStep, 2, 3);
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
}

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
        // Outside the ops: the step less the ReLU, which took well under the step's fake milliseconds.
        String[] outside = rows.get(2).split(" \\| ");
        assertEquals("outside the ops", outside[1]);
        double one = Double.parseDouble(outside[2]), two = Double.parseDouble(outside[3]);
        assertTrue(one > 1.9 && one < 2.0 && two > 0.9 && two < 1.0, rows.get(2));
    }
}

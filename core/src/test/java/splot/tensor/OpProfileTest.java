package splot.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OpProfileTest {
    private static void step(Tensor w) {
        OpProfile.markStep();
        w.pow(2).sum().backward();
    }

    @Test
    void eachOpIsTimedByPositionForwardAndBackwardOverSteps() {
        Tensor w = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad(true);
        List<OpProfile.Row> rows;
        try (OpProfile profile = OpProfile.start()) {
            for (int i = 0; i < 3; i++) step(w);
            rows = profile.rows();
        }
        assertEquals(List.of("pow#0 forward", "sum#1 forward", "sum#0 backward", "pow#1 backward"),
                rows.stream().map(r -> r.op() + " " + r.phase()).toList());
        for (OpProfile.Row row : rows) {
            assertEquals(3, row.calls(), row.toString());
            assertTrue(row.nanos() > 0 && row.millisPerCall() > 0, row.toString());
        }
        assertEquals(18f, w.grad().data()[2], 1e-6f, "profiling changes no result: 3 steps of d(w^2)/dw = 2w = 6");
    }

    @Test
    void onlyTheOpeningThreadIsTimedAndNothingAfterClose() throws InterruptedException {
        Tensor w = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        OpProfile profile = OpProfile.start();
        try {
            Thread other = new Thread(() -> step(w));
            other.start();
            other.join();
            assertEquals(List.of(), profile.rows(), "another thread's ops");
            var again = assertThrows(IllegalStateException.class, OpProfile::start);
            assertTrue(again.getMessage().contains("open already"), again.getMessage());
        } finally {
            profile.close();
        }
        step(w);
        assertEquals(List.of(), profile.rows(), "ops after close");
        try (OpProfile next = OpProfile.start()) {
            step(w);
            assertEquals(4, next.rows().size(), "a new profile opens once the last is closed");
        }
    }

    @Test
    void opsInAHiddenScopeAreNotTimed() {
        Tensor w = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad(true);
        List<OpProfile.Row> rows;
        try (OpProfile profile = OpProfile.start()) {
            OpProfile.markStep();
            Tensor y = w.pow(2);
            try (var hidden = OpProfile.hidden()) {
                y = y.mul(y);
            }
            y.sum().backward();
            rows = profile.rows();
        }
        assertEquals(List.of("pow#0 forward", "sum#1 forward", "sum#0 backward", "mul#1 backward", "pow#2 backward"),
                rows.stream().map(r -> r.op() + " " + r.phase()).toList());
    }
}

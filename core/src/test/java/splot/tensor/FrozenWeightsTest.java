package splot.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The scope's epochs: none outside, a new one for each scope, the one before restored on close, per thread; none with
 * the tape on.
 */
class FrozenWeightsTest {
    @Test
    void eachScopeHasItsOwnEpochAndCloseRestoresTheOneBefore() throws InterruptedException {
        try (var noTape = GradMode.off()) {
            epochsOfNestedScopes();
        }
    }

    private static void epochsOfNestedScopes() throws InterruptedException {
        assertEquals(0, FrozenWeights.epoch());
        long outer, inner;
        try (var a = FrozenWeights.on()) {
            outer = FrozenWeights.epoch();
            assertNotEquals(0, outer);
            try (var b = FrozenWeights.on()) {
                inner = FrozenWeights.epoch();
                assertNotEquals(outer, inner);
                AtomicLong other = new AtomicLong(-1);
                Thread t = new Thread(() -> {
                    try (var noTape = GradMode.off()) {
                        other.set(FrozenWeights.epoch());
                    }
                });
                t.start();
                t.join();
                assertEquals(0, other.get(), "another thread is outside the scope");
            }
            assertEquals(outer, FrozenWeights.epoch());
        }
        assertEquals(0, FrozenWeights.epoch());
        try (var again = FrozenWeights.on()) {
            assertNotEquals(outer, FrozenWeights.epoch(), "a later scope packs afresh");
            assertNotEquals(inner, FrozenWeights.epoch());
        }
    }

    @Test
    void withTheTapeOnThereIsNoEpoch() {
        try (var frozen = FrozenWeights.on()) {
            assertEquals(0, FrozenWeights.epoch(), "a training step run in a scope keeps nothing");
            try (var noTape = GradMode.off()) {
                assertNotEquals(0, FrozenWeights.epoch());
            }
            assertEquals(0, FrozenWeights.epoch());
        }
    }
}

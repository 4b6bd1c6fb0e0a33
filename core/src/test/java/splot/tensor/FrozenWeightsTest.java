package splot.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The scope's epochs: none outside, a new one for each scope, the one before restored on close, per thread. */
class FrozenWeightsTest {
    @Test
    void eachScopeHasItsOwnEpochAndCloseRestoresTheOneBefore() throws InterruptedException {
        assertEquals(0, FrozenWeights.epoch());
        long outer, inner;
        try (var a = FrozenWeights.on()) {
            outer = FrozenWeights.epoch();
            assertNotEquals(0, outer);
            try (var b = FrozenWeights.on()) {
                inner = FrozenWeights.epoch();
                assertNotEquals(outer, inner);
                AtomicLong other = new AtomicLong(-1);
                Thread t = new Thread(() -> other.set(FrozenWeights.epoch()));
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
}

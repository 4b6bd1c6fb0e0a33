package splot.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CompilerThreadsTest {
    @Test
    void findsThisJvmsCompilerThreads() {
        // The tests run on HotSpot with its JIT, on Linux: C2's threads (or C1's) are there.
        try (CompilerThreads threads = CompilerThreads.find()) {
            assertNotNull(threads, "no C2 or C1 compiler thread in /proc/self/task");
            assertTrue(threads.count() >= 1 && threads.count() <= 2 * Runtime.getRuntime().availableProcessors() + 2,
                    "compiler threads found: " + threads.count());
        }
    }

    @Test
    void aSpinningThreadRunsAndASleepingOneDoesNot() throws InterruptedException {
        try (StandInThread spinner = StandInThread.spinning("ctSpinner");
             StandInThread sleeper = StandInThread.sleeping("ctSleeper");
             CompilerThreads running = CompilerThreads.named("ctSpinner"::equals);
             CompilerThreads idle = CompilerThreads.named("ctSleeper"::equals)) {
            assertEquals(1, running.count());
            assertEquals(1, idle.count());
            assertTrue(seenRunning(running), "a thread in a busy loop is running or waiting for a core");
            assertFalse(idle.anyRunning(), "a thread in Thread.sleep is asleep");
            // Read by an interrupted thread, the files stay open: an interrupt closes a FileChannel for good.
            Thread.currentThread().interrupt();
            try {
                assertTrue(seenRunning(running), "read while interrupted");
            } finally {
                assertTrue(Thread.interrupted(), "the interrupt is left as it was");
            }
            assertTrue(seenRunning(running), "read again after the interrupt");
        }
    }

    /** Whether one of {@link StandInThread#LOOKS} reads a millisecond apart finds the threads running. */
    private static boolean seenRunning(CompilerThreads threads) {
        for (int read = 0; read < StandInThread.LOOKS; read++) {
            if (threads.anyRunning()) return true;
            StandInThread.spinFor(1_000_000);
        }
        return false;
    }

    @Test
    void noThreadOfThatNameIsNull() {
        assertNull(CompilerThreads.named("no such thread"::equals));
    }

    @Test
    void readsTheStateAfterTheLastParenthesisOfTheName() {
        assertEquals('R', state("4711 (C2 CompilerThre) R 1 4711 0"));
        assertEquals('S', state("4711 (odd) name) S 1 4711 0"));
        assertEquals('?', state("4711 (cut off)"));
        assertEquals('?', state("no name at all"));
    }

    private static char state(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.ISO_8859_1);
        return CompilerThreads.stateOf(bytes, bytes.length);
    }
}

package splot.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThreadTeamTest {
    private static final ThreadTeam TEAM = new ThreadTeam(3, "team-test-");

    @Test
    void thePiecesCoverTheRangeOnceAndTheWorkersTakeTheirShare() {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        Set<Integer> starts = ConcurrentHashMap.newKeySet();
        int[] hits = new int[103];
        // Each piece waits until all four have started: four threads must have run them at once.
        CountDownLatch started = new CountDownLatch(4);
        assertTrue(TEAM.tryRun((lo, hi) -> {
            threads.add(Thread.currentThread());
            starts.add(lo);
            for (int i = lo; i < hi; i++) hits[i]++;
            started.countDown();
            await(started);
        }, 0, 103, 1, 103, 4));
        int[] once = new int[103];
        java.util.Arrays.fill(once, 1);
        assertArrayEquals(once, hits);
        assertEquals(Set.of(0, 25, 51, 77), starts, "the pieces' bounds do not depend on who runs them");
        assertEquals(4, threads.size());
        assertTrue(threads.contains(Thread.currentThread()), "the caller takes a piece");
    }

    @Test
    void everyPieceRunsOnceWhoeverTakesIt() throws InterruptedException {
        ThreadTeam team = new ThreadTeam(1, "late-test-");
        // Instant pieces: a caller that meets a parked worker (after a pause) finishes before it wakes and takes its
        // piece too; one that meets a spinning worker may find both pieces taken. Each piece still runs once.
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        for (int round = 0; round < 2000; round++) {
            if (round % 100 == 99) Thread.sleep(3);
            int[] hits = new int[2];
            assertTrue(team.tryRun((lo, hi) -> {
                threads.add(Thread.currentThread());
                hits[lo]++;
            }, 0, 2, 1, 2, 2));
            assertArrayEquals(new int[] {1, 1}, hits, "round " + round);
        }
        assertTrue(threads.contains(Thread.currentThread()), "the caller ran pieces");
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "the other pieces started");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void asleepWhileEveryWorkerIsParkedNotWhileOneRunsAPiece() throws InterruptedException {
        ThreadTeam team = new ThreadTeam(1, "asleep-test-");
        // A worker with no loop spins a while at most (not at all while the JIT is busy), then parks.
        assertTrue(eventually(team::asleep), "a worker with no loop parks");
        CountDownLatch running = new CountDownLatch(1), release = new CountDownLatch(1);
        AtomicBoolean sawAwake = new AtomicBoolean();
        Thread caller = new Thread(() -> team.tryRun((lo, hi) -> {
            if (lo == 0) {
                try {
                    assertTrue(running.await(5, TimeUnit.SECONDS));
                    sawAwake.set(!team.asleep());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                release.countDown();
            } else {
                running.countDown();
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, 0, 2, 1, 2, 2));
        caller.start();
        caller.join();
        assertTrue(sawAwake.get(), "the worker ran its piece: not asleep");
        assertTrue(eventually(team::asleep), "it parks again after the loop");
    }

    private static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) Thread.sleep(2);
        return condition.getAsBoolean();
    }

    @Test
    void fewerPiecesThanThreadsLeaveTheOtherWorkersOut() {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        for (int pieces = 2; pieces <= 4; pieces++) {
            threads.clear();
            AtomicLong sum = new AtomicLong();
            CountDownLatch started = new CountDownLatch(pieces);
            assertTrue(TEAM.tryRun((lo, hi) -> {
                threads.add(Thread.currentThread());
                for (int i = lo; i < hi; i++) sum.addAndGet(i);
                started.countDown();
                await(started);
            }, 0, 1000, 1, 1000, pieces));
            assertEquals(999L * 1000 / 2, sum.get());
            assertEquals(pieces, threads.size());
        }
    }

    /** Back-to-back loops meet spinning workers; loops after a pause meet parked ones: both must hand over right. */
    @Test
    void loopsBackToBackAndAfterPausesAllComplete() throws InterruptedException {
        long[] sums = new long[4];
        for (int round = 0; round < 20_000; round++) {
            if (round % 2000 == 1999) Thread.sleep(3);
            java.util.Arrays.fill(sums, 0);
            int r = round;
            assertTrue(TEAM.tryRun((lo, hi) -> {
                for (int i = lo; i < hi; i++) sums[lo / 16] += i + r;
            }, 0, 64, 16, 4, 4));
            assertEquals(63L * 64 / 2 + 64L * round, sums[0] + sums[1] + sums[2] + sums[3], "round " + round);
        }
    }

    @Test
    void aSecondCallerFindsTheTeamBusyAndRunsNothing() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1), release = new CountDownLatch(1);
        Thread first = new Thread(() -> TEAM.tryRun((lo, hi) -> {
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, 0, 4, 1, 4, 4));
        first.start();
        assertTrue(started.await(10, TimeUnit.SECONDS));
        AtomicBoolean ran = new AtomicBoolean();
        assertFalse(TEAM.tryRun((lo, hi) -> ran.set(true), 0, 4, 1, 4, 4));
        assertFalse(ran.get());
        release.countDown();
        first.join(10_000);
        assertTrue(TEAM.tryRun((lo, hi) -> ran.set(true), 0, 4, 1, 4, 4), "free again once the first loop is done");
        assertTrue(ran.get());
    }

    @Test
    void failuresOfSeveralPiecesReachTheCallerAndTheTeamGoesOn() {
        var e = assertThrows(IllegalStateException.class, () -> TEAM.tryRun((lo, hi) -> {
            if (lo > 0) throw new IllegalStateException("piece at " + lo);
        }, 0, 4, 1, 4, 4));
        assertEquals("piece at 1", e.getMessage());
        assertEquals(2, e.getSuppressed().length);
        assertThrows(AssertionError.class, () -> TEAM.tryRun((lo, hi) -> {
            if (lo == 2) throw new AssertionError("an Error passes as it is");
        }, 0, 4, 1, 4, 4));
        AtomicLong count = new AtomicLong();
        assertTrue(TEAM.tryRun((lo, hi) -> count.addAndGet(hi - lo), 0, 4, 1, 4, 4));
        assertEquals(4, count.get());
    }

    @Test
    void theTeamDoesNotKeepWhatTheLastLoopHeld() throws InterruptedException {
        WeakReference<float[]> ref = runALoopOnAFreshArray();
        for (int i = 0; i < 20 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertTrue(ref.get() == null, "the array the last loop's body captured is still reachable");
    }

    /** In a method of its own, so that no frame of the test holds the array. */
    private static WeakReference<float[]> runALoopOnAFreshArray() {
        float[] captured = new float[1 << 20];
        assertTrue(TEAM.tryRun((lo, hi) -> captured[lo] = 1f, 0, 4, 1, 4, 4));
        return new WeakReference<>(captured);
    }
}

package splot.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ParallelTest {
    @Test
    void everyIndexRunsExactlyOnceInGrainAlignedPieces() {
        for (int from : new int[] {0, 3}) {
            for (int len : new int[] {0, 1, 2, 5, 6, 7, 100, 1001}) {
                for (int grain : new int[] {1, 6, 32}) {
                    int to = from + len;
                    AtomicIntegerArray hits = new AtomicIntegerArray(to + 1);
                    Set<Integer> starts = ConcurrentHashMap.newKeySet();
                    Parallel.forRange(from, to, grain, (lo, hi) -> {
                        starts.add(lo);
                        for (int i = lo; i < hi; i++) hits.incrementAndGet(i);
                    });
                    for (int i = 0; i <= to; i++) {
                        assertEquals(i >= from && i < to ? 1 : 0, hits.get(i), "index " + i + " of [" + from + ", " + to + ")");
                    }
                    for (int s : starts) assertEquals(0, (s - from) % grain, "piece start " + s + " with grain " + grain);
                    assertTrue(starts.size() <= Parallel.threads());
                }
            }
        }
    }

    @Test
    void blocksCoverEveryIndexOnceEachAtMostABlockLongAndAligned() {
        for (int from : new int[] {0, 3}) {
            for (int len : new int[] {0, 1, 5, 6, 7, 100, 1001}) {
                for (int block : new int[] {1, 6, 32, 5000}) {
                    int to = from + len;
                    AtomicIntegerArray hits = new AtomicIntegerArray(to + 1);
                    Parallel.forBlocks(from, to, block, (lo, hi) -> {
                        assertEquals(0, (lo - from) % block, "block start " + lo);
                        assertEquals(Math.min(block, to - lo), hi - lo, "block [" + lo + ", " + hi + ")");
                        for (int i = lo; i < hi; i++) hits.incrementAndGet(i);
                    });
                    for (int i = 0; i <= to; i++) {
                        assertEquals(i >= from && i < to ? 1 : 0, hits.get(i), "index " + i + " of [" + from + ", " + to + "), block " + block);
                    }
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Parallel.forBlocks(0, 10, 0, (lo, hi) -> { }));
    }

    @Test
    void theCallerRunsTheFirstPieceAndTheFirstShareOfBlocks() {
        // So that a batch's first part stays on the same thread from one loop to the next.
        Thread caller = Thread.currentThread();
        for (int round = 0; round < 50; round++) {
            Thread[] first = new Thread[2];
            Parallel.forRange(0, 64, (lo, hi) -> {
                if (lo == 0) first[0] = Thread.currentThread();
            });
            // Any other block waits for block 0 to have run, so that no thread can take it from the caller's share
            // while the caller is still on its way to it.
            java.util.concurrent.CountDownLatch firstRan = new java.util.concurrent.CountDownLatch(1);
            Parallel.forBlocks(0, 64, 4, (lo, hi) -> {
                if (lo == 0) {
                    first[1] = Thread.currentThread();
                    firstRan.countDown();
                    return;
                }
                try {
                    assertTrue(firstRan.await(10, java.util.concurrent.TimeUnit.SECONDS), "block 0 ran");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertEquals(caller, first[0], "the piece from 0, round " + round);
            assertEquals(caller, first[1], "the block from 0, round " + round);
        }
    }

    @Test
    void aSlowThreadTakesFewerBlocks() {
        // One thread sleeps in every block it takes; the others do not: an even split would give it half the blocks.
        Thread slow = Thread.currentThread();
        AtomicIntegerArray byCaller = new AtomicIntegerArray(2);
        Parallel.forBlocks(0, 64, 1, (lo, hi) -> {
            boolean caller = Thread.currentThread() == slow;
            byCaller.incrementAndGet(caller ? 0 : 1);
            if (caller) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        assertEquals(64, byCaller.get(0) + byCaller.get(1));
        if (Parallel.threads() > 1) assertTrue(byCaller.get(0) < 16, "the sleeping caller took " + byCaller.get(0) + " of 64 blocks");
    }

    @Test
    void blocksInsideALoopRunInOrderOnThatThread() {
        Parallel.forRange(0, 2, (a, b) -> {
            Thread outer = Thread.currentThread();
            int[] expect = {10};
            Parallel.forBlocks(10, 30, 4, (lo, hi) -> {
                assertEquals(outer, Thread.currentThread());
                assertEquals(expect[0], lo, "blocks in order");
                expect[0] = hi;
            });
            assertEquals(30, expect[0]);
        });
    }

    @Test
    void usesSeveralThreadsWhenTheMachineHasThem() {
        assertEquals(Parallel.threads(), threadsOfAConcurrentLoop());
    }

    /**
     * The threads that ran a loop of 1000 split as wide as the pool allows, whose pieces each wait for all the others
     * to start: one thread each (a caller that found a piece nobody had started would otherwise run it itself).
     */
    private static int threadsOfAConcurrentLoop() {
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(Parallel.threads());
        Parallel.forRange(0, 1000, (lo, hi) -> {
            seen.add(Thread.currentThread());
            started.countDown();
            try {
                assertTrue(started.await(10, java.util.concurrent.TimeUnit.SECONDS), "every piece started");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return seen.size();
    }

    @Test
    void setThreadsNarrowsTheLoopsAndWidensThemAgain() {
        int pool = Parallel.poolSize();
        assertEquals(pool, Parallel.threads());
        Thread caller = Thread.currentThread();
        try {
            Parallel.setThreads(1);
            assertEquals(1, Parallel.threads());
            Set<Thread> seen = ConcurrentHashMap.newKeySet();
            Parallel.forRange(0, 1000, (lo, hi) -> {
                assertEquals(0, lo);
                assertEquals(1000, hi);
                seen.add(Thread.currentThread());
            });
            Parallel.forBlocks(0, 1000, 10, (lo, hi) -> seen.add(Thread.currentThread()));
            assertEquals(Set.of(caller), seen, "one thread: every loop runs whole on its caller");
            Parallel.setThreads(pool);
            assertEquals(pool, threadsOfAConcurrentLoop());
        } finally {
            Parallel.setThreads(pool);
        }
        var low = assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
        assertTrue(low.getMessage().contains("between 1 and the pool's " + pool) && low.getMessage().endsWith("got 0"), low.getMessage());
        var high = assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(pool + 1));
        assertTrue(high.getMessage().endsWith("got " + (pool + 1)), high.getMessage());
        assertEquals(pool, Parallel.threads(), "a refused count changes nothing");
    }

    @Test
    void nestedLoopsComplete() {
        AtomicLong sum = new AtomicLong();
        Parallel.forRange(0, 10, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                int outer = i;
                Parallel.forRange(0, 100, (a, b) -> {
                    for (int j = a; j < b; j++) sum.addAndGet(outer * 100L + j);
                });
            }
        });
        assertEquals(999L * 1000 / 2, sum.get());
    }

    @Test
    void aLoopInsideAPieceRunsInlineOnThatPiecesThread() {
        Set<Boolean> sameThread = ConcurrentHashMap.newKeySet();
        Parallel.forRange(0, 4, (lo, hi) -> {
            Thread outer = Thread.currentThread();
            assertEquals(Parallel.threads() > 1, Parallel.insideLoop());
            Parallel.forRange(0, 100, (a, b) -> sameThread.add(Thread.currentThread() == outer));
        });
        assertEquals(Set.of(true), sameThread);
        assertFalse(Parallel.insideLoop(), "the flag is cleared when the loop ends");
    }

    @Test
    void anExceptionInAnyPieceReachesTheCaller() {
        var e = assertThrows(IllegalStateException.class, () -> Parallel.forRange(0, 100, (lo, hi) -> {
            if (hi == 100) throw new IllegalStateException("last piece failed");
        }));
        assertTrue(e.getMessage().contains("last piece failed"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Parallel.forRange(0, 10, 0, (lo, hi) -> { }));
    }

    /** Loops from two application threads at once: one gets the team, the other runs inline; both stay right. */
    @Test
    void loopsFromSeveralThreadsAtOnceAllComplete() throws InterruptedException {
        int callers = 3, rounds = 2000;
        AtomicLong wrong = new AtomicLong();
        Thread[] threads = new Thread[callers];
        for (int t = 0; t < callers; t++) {
            threads[t] = new Thread(() -> {
                for (int r = 0; r < rounds; r++) {
                    AtomicLong sum = new AtomicLong();
                    Parallel.forRange(0, 257, 8, (lo, hi) -> {
                        for (int i = lo; i < hi; i++) sum.addAndGet(i);
                    });
                    if (sum.get() != 256L * 257 / 2) wrong.incrementAndGet();
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) t.join(60_000);
        assertEquals(0, wrong.get());
    }
}

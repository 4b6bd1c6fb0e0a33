package splot.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class BlockSharesTest {
    @Test
    void aThreadTakesItsOwnShareInOrderThenTheOthersFromTheirEnds() {
        BlockShares shares = new BlockShares(10, 2);   // [0, 5) and [5, 10)
        assertEquals(5, shares.next(1));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 9, 8, 7, 6, -1}, take(shares, 0, 10));
        assertEquals(-1, shares.next(1));
    }

    @Test
    void sharesDifferByOneBlockAtMost() {
        BlockShares shares = new BlockShares(7, 3);   // [0, 2), [2, 4), [4, 7)
        assertEquals(2, shares.next(1));
        assertEquals(4, shares.next(2));
        assertEquals(0, shares.next(0));
        assertEquals(1, shares.next(0));
        assertEquals(3, shares.next(1));
        assertEquals(5, shares.next(2));
    }

    @Test
    void aThreadDoneWithItsShareTakesFromTheShareWithMostLeft() {
        BlockShares shares = new BlockShares(9, 3);   // [0, 3), [3, 6), [6, 9)
        assertEquals(6, shares.next(2));
        // Ties go to the first share: 5 (3 left against 2), 4 (2 and 2), 8, 3, 7.
        assertArrayEquals(new int[] {0, 1, 2, 5, 4, 8, 3, 7, -1}, take(shares, 0, 9));
    }

    @Test
    void concurrentTakersGetEveryBlockOnce() throws InterruptedException {
        int blocks = 200_000, threads = 4;
        BlockShares shares = new BlockShares(blocks, threads);
        AtomicIntegerArray taken = new AtomicIntegerArray(blocks);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> takers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int own = t;
            takers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                // Thread 0 takes nothing of its own share: the others empty it from its end.
                if (own == 0) return;
                for (int b; (b = shares.next(own)) >= 0; ) taken.incrementAndGet(b);
            }));
        }
        start.countDown();
        for (Thread t : takers) t.join();
        for (int b = 0; b < blocks; b++) assertEquals(1, taken.get(b), "block " + b);
    }

    @Test
    void refusesMoreSharesThanBlocks() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BlockShares(2, 3));
        assertEquals("2 blocks in 3 shares", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BlockShares(5, 0));
    }

    private static int[] take(BlockShares shares, int own, int count) {
        int[] got = new int[count];
        for (int i = 0; i < count; i++) got[i] = shares.next(own);
        return got;
    }
}

package splot.kernel;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The blocks [0, blocks) of one {@link Parallel#forBlocks} loop, cut into one contiguous share a thread: a thread takes
 * its own share's blocks from the front, in order, and once its share is empty takes the last block of the share that
 * has most left. So each thread works on the same part of a batch in one loop as in the next, as an even split
 * ({@link Parallel#forRange}) gives it, while a thread that runs slower still takes fewer blocks.
 *
 * <p>Why: on the 2-vCPU AMD EPYC Zen 5 of BENCHMARKS.md (session 44) the two cores share no cache (a cache line takes
 * some 195 ns from one to the other), and with one queue of blocks taken in turn a convolution's images went to either
 * thread at random, so most of what the previous layer had just written sat in the other core's cache. fashion-cnn's
 * first convolution ran 1.39-1.45 times as fast on two threads as on one that way, 1.76-1.83 with shares.
 */
final class BlockShares {
    /** Longs between two shares' entries: each on a cache line of its own, so that one thread's takes do not slow the other's. */
    private static final int STRIDE = 8;

    /** Per share, at {@code share * STRIDE}: its next block in the high half, its end (exclusive) in the low half. */
    private final AtomicLongArray shares;
    private final int count;

    /** Blocks [0, blocks) in {@code count} shares of nearly equal size. */
    BlockShares(int blocks, int count) {
        if (count < 1 || blocks < count) throw new IllegalArgumentException(blocks + " blocks in " + count + " shares");
        this.count = count;
        shares = new AtomicLongArray(count * STRIDE);
        for (int s = 0; s < count; s++) {
            shares.set(s * STRIDE, pack((int) ((long) blocks * s / count), (int) ((long) blocks * (s + 1) / count)));
        }
    }

    /** The next block for the thread of share {@code own}: its own share's first left, else another's last; -1 when none is left. */
    int next(int own) {
        int block = takeFront(own);
        while (block < 0) {
            int richest = richest();
            if (richest < 0) return -1;
            block = takeBack(richest);
        }
        return block;
    }

    private int takeFront(int s) {
        int i = s * STRIDE;
        for (long v; front(v = shares.get(i)) < end(v); ) {
            if (shares.compareAndSet(i, v, pack(front(v) + 1, end(v)))) return front(v);
        }
        return -1;
    }

    private int takeBack(int s) {
        int i = s * STRIDE;
        for (long v; front(v = shares.get(i)) < end(v); ) {
            if (shares.compareAndSet(i, v, pack(front(v), end(v) - 1))) return end(v) - 1;
        }
        return -1;
    }

    /** The share with most blocks left, or -1 when all are empty. */
    private int richest() {
        int best = -1, most = 0;
        for (int s = 0; s < count; s++) {
            long v = shares.get(s * STRIDE);
            int left = end(v) - front(v);
            if (left > most) {
                most = left;
                best = s;
            }
        }
        return best;
    }

    private static long pack(int front, int end) {
        return (long) front << 32 | end & 0xffffffffL;
    }

    private static int front(long v) {
        return (int) (v >>> 32);
    }

    private static int end(long v) {
        return (int) v;
    }
}

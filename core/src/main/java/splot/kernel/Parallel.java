package splot.kernel;

/**
 * The parallel loops of Splot, on a shared team of threads sized to the machine ({@link ThreadTeam}):
 * {@link #forRange} splits an index range into a few contiguous pieces, one per thread, so each piece can keep its
 * own buffers and caches warm, and the calling thread runs the first piece itself; {@link #forBlocks} hands out
 * blocks of a given size, each thread first those of its own share, then any left, for coarse work (images of a
 * convolution) where an even split would wait for a thread that runs slower.
 *
 * <p>The pool holds {@code Runtime.availableProcessors()} threads, or the system property {@code splot.threads}
 * when set (1 turns all parallelism off). {@link #setThreads} narrows the loops to fewer of them at run time, as
 * PyTorch's {@code torch.set_num_threads} does, and widens them again up to the pool's size.
 *
 * <p>A loop started inside a piece of another (a GEMM inside a convolution that already runs one image per
 * thread) runs inline on its thread: the outer loop has taken every thread already, and a nested split would
 * only queue work behind it.
 *
 * <pre>{@code
 * Parallel.forRange(0, batch, (from, to) -> {
 *     for (int i = from; i < to; i++) convolveOneImage(i);
 * });
 * }</pre>
 */
public final class Parallel {
    /** The body of a parallel loop: handles the indices {@code [from, to)}. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    private static final int POOL = threadCount();
    private static final ThreadTeam TEAM = POOL > 1 ? new ThreadTeam(POOL - 1, "splot-worker-") : null;
    /** How many of the pool's threads a loop uses now ({@link #setThreads}). */
    private static volatile int width = POOL;
    /** Set on a thread while it runs a piece of a split loop. */
    private static final ThreadLocal<boolean[]> INSIDE = ThreadLocal.withInitial(() -> new boolean[1]);

    private Parallel() {
    }

    /** How many threads a parallel loop uses at most: the pool's size unless {@link #setThreads} narrowed it. */
    public static int threads() {
        return width;
    }

    /** How many threads the pool holds: the most {@link #setThreads} takes. */
    public static int poolSize() {
        return POOL;
    }

    /**
     * Makes the loops that start from now on use {@code n} threads of the pool (1: each runs inline on its caller),
     * for the whole JVM; a loop already running keeps its split. The pool is sized once, by {@code splot.threads}:
     * {@code n} may not exceed it.
     *
     * @throws IllegalArgumentException when {@code n} is below 1 or above {@link #poolSize()}
     */
    public static void setThreads(int n) {
        if (n < 1 || n > POOL) {
            throw new IllegalArgumentException("threads must be between 1 and the pool's " + POOL
                    + " (set the pool's size with -Dsplot.threads before the first loop), got " + n);
        }
        width = n;
    }

    /** Runs {@code body} over {@code [from, to)} split into at most {@link #threads()} contiguous pieces. */
    public static void forRange(int from, int to, Range body) {
        forRange(from, to, 1, body);
    }

    /**
     * Runs {@code body} over {@code [from, to)} split into at most {@link #threads()} contiguous pieces whose
     * lengths are multiples of {@code grain} (except the last), so that, say, GEMM rows stay aligned to the
     * micro-kernel height. Returns when every piece is done; an exception in any piece is rethrown here.
     */
    public static void forRange(int from, int to, int grain, Range body) {
        if (grain < 1) throw new IllegalArgumentException("grain must be >= 1, got " + grain);
        if (to <= from) return;
        long units = ((long) to - from + grain - 1) / grain;
        int pieces = (int) Math.min(width, units);
        if (pieces <= 1 || insideLoop()) {
            body.run(from, to);
            return;
        }
        if (!TEAM.tryRun(body, from, to, grain, units, pieces)) body.run(from, to);
    }

    /**
     * Runs {@code body} over {@code [from, to)} in blocks of {@code block} indices (the last may be shorter). Each
     * thread starts on its own contiguous share of the blocks, in order (the first share the caller's, as in {@link
     * #forRange}), and a thread done with its share takes blocks from the end of the others' ({@link BlockShares}): a
     * thread that runs slower (another tenant on its core, the JIT compiler) takes fewer blocks instead of holding up
     * the loop, as an even split does, and a batch's images stay with the thread that worked on them in the loop
     * before. Each call of {@code body} is one block, run whole on one thread, and which thread runs it changes
     * nothing but the timing: for work whose blocks are independent. Inside another loop, or with one thread, the
     * blocks run in order on this thread.
     */
    public static void forBlocks(int from, int to, int block, Range body) {
        if (block < 1) throw new IllegalArgumentException("block must be >= 1, got " + block);
        if (to <= from) return;
        int blocks = (int) Math.min(Integer.MAX_VALUE, ((long) to - from + block - 1) / block);
        int threads = width;
        if (blocks == 1 || threads == 1 || insideLoop()) {
            for (int b = 0; b < blocks; b++) runBlock(from, to, block, b, body);
            return;
        }
        int slots = Math.min(threads, blocks);
        BlockShares shares = new BlockShares(blocks, slots);
        forRange(0, slots, (slot, end) -> {
            for (int b; (b = shares.next(slot)) >= 0; ) runBlock(from, to, block, b, body);
        });
    }

    private static void runBlock(int from, int to, int block, int b, Range body) {
        long lo = from + (long) b * block;
        body.run((int) lo, (int) Math.min(to, lo + block));
    }

    /**
     * Whether the workers are all parked, so that a loop started now pays a wake-up (some 90 µs on the 2-vCPU VM of
     * BENCHMARKS.md) before its other pieces start, and the caller one more if it parks while it waits for them.
     */
    static boolean workersAsleep() {
        return TEAM != null && TEAM.asleep();
    }

    /** Whether this thread is running a piece of a split loop (so a loop it starts now runs inline). */
    public static boolean insideLoop() {
        return INSIDE.get()[0];
    }

    static void runPiece(Range body, int lo, int hi) {
        boolean[] inside = INSIDE.get();
        boolean was = inside[0];
        inside[0] = true;
        try {
            body.run(lo, hi);
        } finally {
            inside[0] = was;
        }
    }

    private static int threadCount() {
        int n = Integer.getInteger("splot.threads", Runtime.getRuntime().availableProcessors());
        return Math.max(1, n);
    }
}

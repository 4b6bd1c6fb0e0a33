package splot.kernel;

/**
 * The one parallel-for of Splot: splits an index range into a few contiguous pieces and runs them on a
 * shared team of threads sized to the machine ({@link ThreadTeam}). Coarse grained on purpose: one piece per
 * thread, so each piece can keep its own buffers and caches warm, and the calling thread runs the first piece
 * itself.
 *
 * <p>The thread count is {@code Runtime.availableProcessors()}, or the system property
 * {@code splot.threads} when set (1 turns all parallelism off).
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

    private static final int THREADS = threadCount();
    private static final ThreadTeam TEAM = THREADS > 1 ? new ThreadTeam(THREADS - 1, "splot-worker-") : null;
    /** Set on a thread while it runs a piece of a split loop. */
    private static final ThreadLocal<boolean[]> INSIDE = ThreadLocal.withInitial(() -> new boolean[1]);

    private Parallel() {
    }

    /** How many threads a parallel loop uses at most. */
    public static int threads() {
        return THREADS;
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
        int pieces = (int) Math.min(THREADS, units);
        if (pieces <= 1 || insideLoop()) {
            body.run(from, to);
            return;
        }
        if (!TEAM.tryRun(body, from, to, grain, units, pieces)) body.run(from, to);
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

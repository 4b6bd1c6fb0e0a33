package splot.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one parallel-for of Splot: splits an index range into a few contiguous pieces and runs them on a
 * shared pool sized to the machine. Coarse grained on purpose: one piece per thread, so each piece can
 * keep its own buffers and caches warm, and the calling thread runs the first piece itself.
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
    private static final AtomicInteger WORKER_IDS = new AtomicInteger();
    private static final ForkJoinPool POOL = THREADS > 1 ? new ForkJoinPool(THREADS, Parallel::newWorker, null, false) : null;
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
        @SuppressWarnings("unchecked")
        ForkJoinTask<Void>[] tasks = new ForkJoinTask[pieces];
        for (int t = 1; t < pieces; t++) {
            int lo = bound(from, to, grain, units * t / pieces), hi = bound(from, to, grain, units * (t + 1) / pieces);
            ForkJoinTask<Void> task = ForkJoinTask.adapt(() -> runPiece(body, lo, hi), null);
            // Inside a worker, fork() lets the pool steal it; outside, submit() hands it to the pool.
            tasks[t] = ForkJoinTask.inForkJoinPool() ? task.fork() : POOL.submit(task);
        }
        RuntimeException failure = null;
        try {
            runPiece(body, from, bound(from, to, grain, units / pieces));
        } catch (RuntimeException e) {
            failure = e;
        }
        for (int t = 1; t < pieces; t++) {
            try {
                tasks[t].join();
            } catch (RuntimeException e) {
                if (failure == null) failure = e; else failure.addSuppressed(e);
            }
        }
        if (failure != null) throw failure;
    }

    /** Whether this thread is running a piece of a split loop (so a loop it starts now runs inline). */
    public static boolean insideLoop() {
        return INSIDE.get()[0];
    }

    private static void runPiece(Range body, int lo, int hi) {
        boolean[] inside = INSIDE.get();
        boolean was = inside[0];
        inside[0] = true;
        try {
            body.run(lo, hi);
        } finally {
            inside[0] = was;
        }
    }

    private static int bound(int from, int to, int grain, long unit) {
        return (int) Math.min(to, from + unit * grain);
    }

    private static int threadCount() {
        int n = Integer.getInteger("splot.threads", Runtime.getRuntime().availableProcessors());
        return Math.max(1, n);
    }

    private static ForkJoinWorkerThread newWorker(ForkJoinPool pool) {
        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        t.setName("splot-worker-" + WORKER_IDS.incrementAndGet());
        t.setDaemon(true);
        return t;
    }
}

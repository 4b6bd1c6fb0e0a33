package splot.kernel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The worker threads behind {@link Parallel}: a fixed team that runs one split loop at a time, its first piece on
 * the calling thread and the others taken in turn by whichever thread comes to them, the caller included. A piece is
 * the same range of the loop whichever thread runs it, so the floats do not depend on who did.
 *
 * <p>Why the caller takes the pieces nobody has started rather than wait for them: a worker that was parked, or that
 * the JIT compiler holds off its core, may start its piece long after the caller has finished its own, and the caller
 * then waited for all of it. Running a piece nobody has claimed costs the caller no more than waiting for it would.
 * fashion-mlp's training window on the Intel Xeon of BENCHMARKS.md (session 39, 8 pairs of fresh JVMs): 1.10 times
 * the rate, its inference window 1.07; where the worker started late, the caller had waited 130 us a loop.
 *
 * <p>Why not a {@code ForkJoinPool}: its workers park as soon as their queue is empty, and a split loop that had to
 * wake one cost 30–60 µs on the 2-core VM of BENCHMARKS.md, longer than many of the loops it split (a training step
 * of fashion-mlp runs several in well under a millisecond). Workers here spin on the next loop for a while ({@code
 * splot.spin.steady.micros}, default {@value #DEFAULT_STEADY_SPIN_MICROS} µs, or none when {@code splot.spin.micros}
 * is 0) before they park, as OpenMP runtimes do, so a loop that follows another closely starts in about a microsecond.
 * The caller spins on the pieces it waits for in the same way. {@link SpinBudget} says when not to spin: while the
 * JIT's C2 thread runs, and after a spinner was preempted; where the JIT cannot be watched that way, the short
 * {@code splot.spin.micros} (default {@value #DEFAULT_SPIN_MICROS} µs) until it has been quiet for a second. Steady
 * state on that VM (BENCHMARKS.md, session 7): fashion-mlp's training step 0.68–0.72 -> 0.51–0.53 ms, its inference
 * batch 0.46–0.52 -> 0.36–0.39 ms. The longer budget because a convolution's last block, or a stretch of small serial
 * ops, leaves a worker waiting for more than 100 µs many times a step (BENCHMARKS.md, session 26).
 *
 * <p>One loop at a time: a caller that finds the team busy (another application thread is running a loop) runs its
 * loop inline, whole, rather than queue behind it.
 */
final class ThreadTeam {
    static final int DEFAULT_SPIN_MICROS = 100;
    static final int DEFAULT_STEADY_SPIN_MICROS = 1000;

    /** One split loop, published to the workers through {@link #current}: only its body changes, dropped when done. */
    private static final class Loop {
        /** Dropped once the loop is done: workers keep the last loop, which must not keep what its body holds. */
        Parallel.Range body;
        final int from, to, grain, pieces;
        final long units;
        /** The next piece nobody has claimed: whoever comes runs it, the caller included. Piece 0 is the caller's. */
        final AtomicInteger next = new AtomicInteger(1);
        /** Pieces not yet done. */
        final AtomicInteger pending;
        final Throwable[] failures;

        Loop(Parallel.Range body, int from, int to, int grain, long units, int pieces) {
            this.body = body;
            this.from = from;
            this.to = to;
            this.grain = grain;
            this.units = units;
            this.pieces = pieces;
            this.pending = new AtomicInteger(pieces);
            this.failures = new Throwable[pieces];
        }

        /**
         * The caller's share: piece 0, which no worker takes, so that a loop's first part runs on the same thread
         * loop after loop ({@link Parallel#forBlocks}'s shares follow it); then unclaimed pieces until none is left.
         */
        void runAsCaller() {
            runPiece(0);
            pending.decrementAndGet();
            runPieces();
        }

        /** Runs unclaimed pieces until none is left; true if this thread finished the loop's last one. */
        boolean runPieces() {
            boolean last = false;
            for (int piece; (piece = next.getAndIncrement()) < pieces; ) {
                runPiece(piece);
                last = pending.decrementAndGet() == 0;
            }
            return last;
        }

        private void runPiece(int piece) {
            int lo = bound(units * piece / pieces), hi = bound(units * (piece + 1) / pieces);
            try {
                Parallel.runPiece(body, lo, hi);
            } catch (Throwable t) {
                failures[piece] = t;
            }
        }

        private int bound(long unit) {
            return (int) Math.min(to, from + unit * grain);
        }
    }

    private final Thread[] workers;
    /** Whether worker {@code i} is parked (or about to): the caller must unpark it for a new loop. */
    private final AtomicBoolean[] parked;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final SpinBudget spin;
    private volatile Loop current;
    private volatile Thread waitingCaller;

    ThreadTeam(int workerCount, String namePrefix) {
        workers = new Thread[workerCount];
        parked = new AtomicBoolean[workerCount];
        for (int i = 0; i < workerCount; i++) {
            int piece = i + 1;
            parked[i] = new AtomicBoolean();
            workers[i] = new Thread(() -> work(piece), namePrefix + piece);
            workers[i].setDaemon(true);
        }
        long spinMicros = Long.getLong("splot.spin.micros", DEFAULT_SPIN_MICROS);
        // Asked never to spin, the team does not spin in the steady state either.
        long steadyMicros = Long.getLong("splot.spin.steady.micros",
                spinMicros == 0 ? 0 : Math.max(spinMicros, DEFAULT_STEADY_SPIN_MICROS));
        spin = new SpinBudget(spinMicros * 1000L, steadyMicros * 1000L);
        for (Thread w : workers) w.start();
        // Off the workers, so that the first loops need not wait for the management classes to load.
        Thread.ofPlatform().daemon().name(namePrefix + "jit-watch").start(spin::watchJit);
    }

    /**
     * Runs the loop split into {@code pieces} (at most one more than the workers) pieces of {@code units} grains, and
     * returns when all are done; false, having run nothing, when the team is busy with another thread's loop.
     */
    boolean tryRun(Parallel.Range body, int from, int to, int grain, long units, int pieces) {
        if (!busy.compareAndSet(false, true)) return false;
        try {
            spin.update(System.nanoTime());
            Loop loop = new Loop(body, from, to, grain, units, pieces);
            current = loop;
            for (int w = 0; w < pieces - 1; w++) {
                if (parked[w].get()) LockSupport.unpark(workers[w]);
            }
            loop.runAsCaller();
            awaitPieces(loop);
            loop.body = null;
            rethrow(loop.failures);
            return true;
        } finally {
            busy.set(false);
        }
    }

    /** Whether every worker is parked (or about to park): a loop started now waits for a wake-up before its pieces run. */
    boolean asleep() {
        for (AtomicBoolean p : parked) {
            if (!p.get()) return false;
        }
        return true;
    }

    private void awaitPieces(Loop loop) {
        long start = System.nanoTime(), last = start;
        while (loop.pending.get() != 0) {
            long now = System.nanoTime();
            if (spin.spinOn(start, last, now)) {
                last = now;
                Thread.onSpinWait();
                continue;
            }
            waitingCaller = Thread.currentThread();
            while (loop.pending.get() != 0) LockSupport.park(this);
            waitingCaller = null;
        }
    }

    private void work(int piece) {
        AtomicBoolean myParked = parked[piece - 1];
        Loop done = null;
        while (true) {
            Loop loop = awaitLoop(done, myParked);
            done = loop;
            if (piece >= loop.pieces) continue;
            if (loop.runPieces()) {
                Thread caller = waitingCaller;
                if (caller != null) LockSupport.unpark(caller);
            }
        }
    }

    /** The next loop after {@code done}: spins for it a while, then parks until the caller unparks this thread. */
    private Loop awaitLoop(Loop done, AtomicBoolean myParked) {
        long start = System.nanoTime(), last = start;
        Loop loop;
        while ((loop = current) == done) {
            long now = System.nanoTime();
            if (spin.spinOn(start, last, now)) {
                last = now;
                Thread.onSpinWait();
                continue;
            }
            // Announce the park before looking once more: a caller that publishes a loop after that look sees the
            // flag and unparks this thread; one that published before it is seen here.
            myParked.set(true);
            while ((loop = current) == done) LockSupport.park(this);
            myParked.set(false);
            return loop;
        }
        return loop;
    }

    private static void rethrow(Throwable[] failures) {
        Throwable first = null;
        for (Throwable t : failures) {
            if (t == null) continue;
            if (first == null) first = t; else first.addSuppressed(t);
        }
        if (first instanceof RuntimeException e) throw e;
        if (first instanceof Error e) throw e;
        if (first != null) throw new IllegalStateException(first);
    }
}

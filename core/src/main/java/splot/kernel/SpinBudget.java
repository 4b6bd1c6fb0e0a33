package splot.kernel;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How long a {@link ThreadTeam} thread that waits (for the next loop, or for the pieces of this one) may spin before
 * it parks: {@code splot.spin.steady.micros}, but not at all while the JIT compiler is at work (within {@link
 * #JIT_BUSY_NANOS} of a look that found its C2 thread running, {@link CompilerThreads}), nor within {@link
 * #BACKOFF_NANOS} of a spinner having been preempted. Where the compiler threads cannot be read: not within {@link
 * #JIT_QUIET_NANOS} of the JIT finishing a method, and only {@code splot.spin.micros} until that quiet has lasted
 * {@link #STEADY_NANOS}.
 *
 * <p>Spinning is what makes a split loop start in a microsecond instead of the 30–60 µs a parked thread takes to
 * wake. But a spinning thread holds a core, and early in a run the JIT compiler needs one: on 2 cores, spinning
 * from the start made the C2 thread take turns with the application's threads, and fashion-mlp's first 20
 * inference batches ran at 220–260k images/s instead of 310–360k. The compiler threads' scheduler state, read at
 * most once a millisecond by whichever thread comes first, tells when it is at work. Another process that wants the
 * core shows as a jump in {@code System.nanoTime()} between two turns of a spin loop: the thread was off its core.
 */
final class SpinBudget {
    /** A gap between two turns of a spin loop longer than this means the thread was off its core. */
    static final long PREEMPTED_NANOS = 500_000;
    /** How long nobody spins after a preemption was seen. */
    static final long BACKOFF_NANOS = 20_000_000;

    /**
     * How long nobody spins after the JIT compiler finished a method, where its threads cannot be watched: the
     * finished compile says only that the JIT was at work, and compiles come in bursts.
     */
    static final long JIT_QUIET_NANOS = 50_000_000;

    /** How long nobody spins after a look found a compiler thread running: until the next look or two. */
    static final long JIT_BUSY_NANOS = 2_000_000;

    /** The least time between two looks at the JIT. */
    static final long LOOK_NANOS = 1_000_000;

    /**
     * How long the quiet lasts before the steady budget applies. In a fresh JVM the short windows of {@code splot
     * bench} fall between compiles, where a worker that spins a millisecond holds the core a compile is about to need:
     * fashion-mlp's training window ran 0.90 times as fast with 1 ms spins from the start (8 pairs of fresh JVMs,
     * session 26). Training the conv models, the JIT is quiet for seconds at a time.
     */
    static final long STEADY_NANOS = 1_000_000_000;

    private final long spinNanos, steadySpinNanos;
    private volatile CompilationMXBean jit;
    private volatile CompilerThreads compilers;
    /** Held by the thread that looks at the JIT now: the others do not wait for it. */
    private final AtomicBoolean looking = new AtomicBoolean();
    private long jitTime = -1;
    private volatile long lastLook;
    /** A JVM that just started is compiling: no spinning until the JIT has been watched for a while. */
    private volatile long quietUntil = System.nanoTime() + JIT_QUIET_NANOS;

    SpinBudget(long spinNanos, long steadySpinNanos) {
        this.spinNanos = spinNanos;
        this.steadySpinNanos = steadySpinNanos;
    }

    /**
     * Starts watching the JIT. {@link ThreadTeam} calls it on a thread of its own: reading the process's threads from
     * {@code /proc}, or loading the management classes where that fails (some 12 ms), is nothing the first loops of a
     * run need wait for.
     */
    void watchJit() {
        CompilerThreads threads = CompilerThreads.find();
        if (threads != null) watch(threads);
        else watch(compilationBean());
    }

    /** Watches these threads for the JIT at work. */
    void watch(CompilerThreads threads) {
        compilers = threads;
    }

    /** Watches the JIT's total compilation time instead (none: {@code null}), where its threads cannot be read. */
    void watch(CompilationMXBean bean) {
        jit = bean;
    }

    /**
     * Looks whether the JIT is at work (at most once a {@link #LOOK_NANOS}, by one thread at a time): a compiler thread
     * running now, or, where those cannot be read, a compile finished since the last look.
     */
    void update(long now) {
        if (now - lastLook < LOOK_NANOS || !looking.compareAndSet(false, true)) return;
        try {
            if (now - lastLook < LOOK_NANOS) return;
            lastLook = now;
            CompilerThreads threads = compilers;
            if (threads != null) {
                if (threads.anyRunning()) quietUntil(now + JIT_BUSY_NANOS);
                return;
            }
            CompilationMXBean bean = jit;
            if (bean == null) return;
            long t = bean.getTotalCompilationTime();
            if (t != jitTime) {
                jitTime = t;
                quietUntil(now + JIT_QUIET_NANOS);
            }
        } finally {
            looking.set(false);
        }
    }

    /** Moves the end of the no-spinning time to {@code until} unless it is later already (a race may lose one). */
    private void quietUntil(long until) {
        if (until - quietUntil > 0) quietUntil = until;
    }

    static CompilationMXBean compilationBean() {
        try {
            CompilationMXBean bean = ManagementFactory.getCompilationMXBean();
            return bean != null && bean.isCompilationTimeMonitoringSupported() ? bean : null;
        } catch (LinkageError | RuntimeException e) {
            return null;   // no java.management module in this runtime: nothing to watch with
        }
    }

    /**
     * Whether a thread that started waiting at {@code start}, and last looked at {@code last}, may spin on at
     * {@code now} (all {@link System#nanoTime()}); false means park.
     */
    boolean spinOn(long start, long last, long now) {
        update(now);
        if (now - last > PREEMPTED_NANOS) {
            quietUntil(now + BACKOFF_NANOS);
            return false;
        }
        long quiet = now - quietUntil;
        return quiet >= 0 && now - start < budget(quiet);
    }

    /**
     * How long a wait may spin after {@code quiet} nanoseconds of an idle JIT: the steady budget once that has lasted
     * {@link #STEADY_NANOS}, or at once where the compiler threads are watched. Watched, a spinner sees a compile begin
     * within a look or two and parks; the short budget was for a JIT seen only after its compiles ended. This way
     * against the total compilation time's 50 ms of quiet and short budget, both with the caller taking the pieces no
     * worker has started ({@link ThreadTeam}), 8 pairs of fresh JVMs on splot bench's protocol (Intel Xeon,
     * BENCHMARKS.md session 39): fashion-mlp's inference window 1.13 times the rate, its training window 0.93; lenet5's
     * (without that caller) 1.09 and 0.99.
     */
    private long budget(long quiet) {
        return compilers != null || quiet >= STEADY_NANOS ? steadySpinNanos : spinNanos;
    }
}

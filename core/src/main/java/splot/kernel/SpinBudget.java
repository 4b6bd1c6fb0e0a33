package splot.kernel;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * How long a {@link ThreadTeam} thread that waits (for the next loop, or for the pieces of this one) may spin before
 * it parks: {@code splot.spin.micros}, but not at all within {@link #JIT_QUIET_NANOS} of the JIT compiler finishing
 * a method, nor within {@link #BACKOFF_NANOS} of a spinner having been preempted; and once that quiet has lasted
 * {@link #STEADY_NANOS}, the longer {@code splot.spin.steady.micros}.
 *
 * <p>Spinning is what makes a split loop start in a microsecond instead of the 30–60 µs a parked thread takes to
 * wake. But a spinning thread holds a core, and early in a run the JIT compiler needs one: on 2 cores, spinning
 * from the start made the C2 thread take turns with the application's threads, and fashion-mlp's first 20
 * inference batches ran at 220–260k images/s instead of 310–360k. The JIT's total compilation time (a cheap
 * counter, read at most once a millisecond) tells when it is at work. Another process that wants the core shows as a
 * jump in {@code System.nanoTime()} between two turns of a spin loop: the thread was off its core.
 */
final class SpinBudget {
    /** A gap between two turns of a spin loop longer than this means the thread was off its core. */
    static final long PREEMPTED_NANOS = 500_000;
    /** How long nobody spins after a preemption was seen. */
    static final long BACKOFF_NANOS = 20_000_000;

    /** How long nobody spins after the JIT compiler finished a method. */
    static final long JIT_QUIET_NANOS = 50_000_000;

    /**
     * How long the quiet lasts before the steady budget applies. In a fresh JVM the short windows of {@code splot
     * bench} fall between compiles, where a worker that spins a millisecond holds the core a compile is about to need:
     * fashion-mlp's training window ran 0.90 times as fast with 1 ms spins from the start (8 pairs of fresh JVMs,
     * session 26). Training the conv models, the JIT is quiet for seconds at a time.
     */
    static final long STEADY_NANOS = 1_000_000_000;

    private final long spinNanos, steadySpinNanos;
    private volatile CompilationMXBean jit;
    private long jitTime = -1, lastLook;
    /** A JVM that just started is compiling: no spinning until the JIT has been watched for a while. */
    private volatile long quietUntil = System.nanoTime() + JIT_QUIET_NANOS;

    SpinBudget(long spinNanos, long steadySpinNanos) {
        this.spinNanos = spinNanos;
        this.steadySpinNanos = steadySpinNanos;
    }

    /**
     * Starts watching the JIT. {@link ThreadTeam} calls it on a thread of its own: loading the management classes
     * takes some 12 ms, which the first loops of a run need not wait for.
     */
    void watchJit() {
        jit = compilationBean();
    }

    /** Looks whether the JIT compiled something since the last look (at most once a millisecond). */
    void update(long now) {
        CompilationMXBean bean = jit;
        if (bean == null || now - lastLook < 1_000_000) return;
        lastLook = now;
        long t = bean.getTotalCompilationTime();
        if (t != jitTime) {
            jitTime = t;
            quietUntil(now + JIT_QUIET_NANOS);
        }
    }

    /** Moves the end of the no-spinning time to {@code until} unless it is later already (a race may lose one). */
    private void quietUntil(long until) {
        if (until - quietUntil > 0) quietUntil = until;
    }

    private static CompilationMXBean compilationBean() {
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
        if (now - last > PREEMPTED_NANOS) {
            quietUntil(now + BACKOFF_NANOS);
            return false;
        }
        long quiet = now - quietUntil;
        return quiet >= 0 && now - start < (quiet >= STEADY_NANOS ? steadySpinNanos : spinNanos);
    }
}

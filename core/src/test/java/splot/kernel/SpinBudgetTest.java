package splot.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.CompilationMXBean;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class SpinBudgetTest {
    private static final long US = 1_000;

    @Test
    void spinsUntilTheBudgetIsSpent() {
        SpinBudget budget = new SpinBudget(100 * US, 1000 * US);
        long t = System.nanoTime() + SpinBudget.JIT_QUIET_NANOS + SpinBudget.BACKOFF_NANOS;
        assertTrue(budget.spinOn(t, t, t + 1));
        assertSpinsFor(budget, t, 100, "the budget");
    }

    @Test
    void spinsTheSteadyBudgetOnceTheQuietHasLasted() {
        SpinBudget budget = new SpinBudget(100 * US, 1000 * US);
        assertSpinsFor(budget, System.nanoTime() + SpinBudget.JIT_QUIET_NANOS + SpinBudget.STEADY_NANOS, 1000, "the steady budget");
    }

    @Test
    void aPreemptionEndsTheSteadyBudgetToo() {
        SpinBudget budget = new SpinBudget(100 * US, 1000 * US);
        long t = System.nanoTime() + SpinBudget.JIT_QUIET_NANOS + SpinBudget.STEADY_NANOS;
        assertFalse(budget.spinOn(t, t, t + SpinBudget.PREEMPTED_NANOS + 1));
        long after = t + SpinBudget.PREEMPTED_NANOS + 1 + SpinBudget.BACKOFF_NANOS;
        assertSpinsFor(budget, after, 100, "the short budget again after the backoff, not yet the steady one");
    }

    /** A thread that started waiting at {@code start} spins until {@code micros} later, and not past it. */
    private static void assertSpinsFor(SpinBudget budget, long start, long micros, String what) {
        assertTrue(budget.spinOn(start, start + (micros - 2) * US, start + (micros - 1) * US), what + ": spins just before it ends");
        assertFalse(budget.spinOn(start, start + micros * US, start + (micros + 1) * US), what + ": parks once it is spent");
    }

    @Test
    void aPreemptionStopsEverySpinnerForTheBackoff() {
        SpinBudget budget = new SpinBudget(100 * US, 1000 * US);
        long t = System.nanoTime() + SpinBudget.JIT_QUIET_NANOS + SpinBudget.BACKOFF_NANOS;
        long back = t + SpinBudget.PREEMPTED_NANOS + 1;
        assertFalse(budget.spinOn(t, t, back), "a gap longer than a preemption: park");
        long later = back + 1_000_000;
        assertFalse(budget.spinOn(later, later, later + 1), "another thread, 1 ms later, does not spin either");
        long after = back + SpinBudget.BACKOFF_NANOS;
        assertTrue(budget.spinOn(after, after, after + 1), "spinning again once the backoff is over");
    }

    @Test
    void noSpinningInAJvmThatJustStarted() {
        SpinBudget budget = new SpinBudget(100 * US, 1000 * US);
        long now = System.nanoTime();
        assertFalse(budget.spinOn(now, now, now + 1));
        long later = now + SpinBudget.JIT_QUIET_NANOS;
        assertTrue(budget.spinOn(later, later, later + 1), "nothing compiled since, as far as anyone looked");
    }

    @Test
    void noSpinningRightAfterTheJitCompiled() {
        // A bean of our own: the JVM's own counts whatever its JIT compiles meanwhile, as it does at once after a test
        // that ran hot loops (the look at the quiet's end then saw a new compile: failed in one full run of session 56).
        long[] compileMillis = {40};
        SpinBudget budget = new SpinBudget(100 * US, 1000 * US);
        budget.watch(compilationBean(compileMillis));
        long now = System.nanoTime() + SpinBudget.JIT_QUIET_NANOS;
        budget.update(now);   // the first look sees compile time that the JVM already spent
        assertFalse(budget.spinOn(now, now, now + 1));
        long quiet = now + SpinBudget.JIT_QUIET_NANOS;
        assertTrue(budget.spinOn(quiet, quiet, quiet + 1), "nothing compiled since");
        compileMillis[0]++;
        long next = quiet + SpinBudget.LOOK_NANOS;
        assertFalse(budget.spinOn(next, next, next + 1), "a compile finished since the last look");
        assertTrue(budget.spinOn(next + SpinBudget.JIT_QUIET_NANOS, next + SpinBudget.JIT_QUIET_NANOS,
                next + SpinBudget.JIT_QUIET_NANOS + 1), "quiet again");
        assertNotNull(SpinBudget.compilationBean(), "this JVM reports its compile time");
    }

    /** A JIT whose total compile time is {@code millis[0]}. */
    private static CompilationMXBean compilationBean(long[] millis) {
        return new CompilationMXBean() {
            @Override
            public String getName() {
                return "stand-in";
            }

            @Override
            public boolean isCompilationTimeMonitoringSupported() {
                return true;
            }

            @Override
            public long getTotalCompilationTime() {
                return millis[0];
            }

            @Override
            public ObjectName getObjectName() {
                return null;
            }
        };
    }

    @Test
    void noSpinningWhileAWatchedCompilerThreadRuns() throws InterruptedException {
        SpinBudget budget = new SpinBudget(100 * US, 1000 * US);
        try (StandInThread compiler = StandInThread.spinning("budgetCompiler")) {
            long t = watchAndLook(budget, "budgetCompiler");
            // A look can miss the spinning thread (StandInThread.LOOKS): more looks, a millisecond apart on the budget's
            // clock and on the real one. From the first that finds it running, nobody spins for the busy time.
            int looks = 1;
            for (; looks < StandInThread.LOOKS && budget.spinOn(t, t, t + 1); looks++) {
                StandInThread.spinFor(SpinBudget.LOOK_NANOS);
                t += SpinBudget.LOOK_NANOS;
            }
            assertTrue(looks < StandInThread.LOOKS, "a compiler thread running: park within " + StandInThread.LOOKS + " looks");
            assertFalse(budget.spinOn(t + 1, t + 1, t + SpinBudget.JIT_BUSY_NANOS - 1), "still within the busy time");
        }
    }

    @Test
    void aWatchedIdleJitAllowsTheSteadyBudgetAtOnce() throws InterruptedException {
        SpinBudget budget = new SpinBudget(100 * US, 1000 * US);
        try (StandInThread compiler = StandInThread.sleeping("budgetIdle")) {
            long t = watchAndLook(budget, "budgetIdle");
            assertSpinsFor(budget, t, 1000, "an idle compiler thread: the steady budget, with no quiet second to wait for");
        }
    }

    /** Watches the thread named {@code name} as the JIT's and looks at it once, past the start-up quiet; returns when. */
    private static long watchAndLook(SpinBudget budget, String name) {
        CompilerThreads threads = CompilerThreads.named(name::equals);
        assertNotNull(threads, "the stand-in thread " + name + " among this process's threads");
        budget.watch(threads);
        long t = System.nanoTime() + SpinBudget.JIT_QUIET_NANOS;
        budget.update(t);
        return t;
    }
}

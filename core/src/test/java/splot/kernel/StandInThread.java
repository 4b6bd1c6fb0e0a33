package splot.kernel;

import java.util.concurrent.CountDownLatch;

/**
 * A named thread for the tests of {@link CompilerThreads} and {@link SpinBudget} to watch in a compiler thread's place:
 * one that spins (running) or one that sleeps (asleep), already in that state when {@link #start} returns.
 */
final class StandInThread implements AutoCloseable {
    private final Thread thread;
    private volatile boolean stop;

    private StandInThread(String name, boolean spins) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        thread = new Thread(() -> {
            started.countDown();
            if (spins) {
                while (!stop) Thread.onSpinWait();
            } else {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    // asked to end
                }
            }
        }, name);
        thread.start();
        started.await();
        if (!spins) Thread.sleep(20);   // into its sleep
    }

    /**
     * Reads of a spinning stand-in's state a test takes, {@link #spinFor} a millisecond apart, before it gives up on
     * finding it running: one read can find it out of its run state for a moment (held at a safepoint, most likely),
     * as a CI run of SpinBudgetTest once did.
     */
    static final int LOOKS = 20;

    /** Waits {@code nanos} by spinning, not sleeping: it serves a test thread that is interrupted as well. */
    static void spinFor(long nanos) {
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() < until) Thread.onSpinWait();
    }

    /** A thread named {@code name} (at most 15 characters, as /proc keeps them) that spins until closed. */
    static StandInThread spinning(String name) throws InterruptedException {
        return new StandInThread(name, true);
    }

    /** A thread named {@code name} that sleeps until closed. */
    static StandInThread sleeping(String name) throws InterruptedException {
        return new StandInThread(name, false);
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.interrupt();
        thread.join();
    }
}

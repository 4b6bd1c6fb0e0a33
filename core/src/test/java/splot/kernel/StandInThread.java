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

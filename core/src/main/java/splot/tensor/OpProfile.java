package splot.tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a step's time goes, op by op: while a profile is open on a thread, each op that thread runs is timed
 * forward, and each step of {@link Tensor#backward} backward, as PyTorch's autograd profiler does.
 *
 * <pre>{@code
 * try (OpProfile profile = OpProfile.start()) {
 *     for (int i = 0; i < 20; i++) {
 *         OpProfile.markStep();                       // op positions count from here
 *         loss.compute(model.call(x), y).backward();
 *     }
 *     profile.rows().forEach(System.out::println);    // Row[op=conv2d_relu#0, phase=forward, calls=20, nanos=...]
 * }
 * }</pre>
 *
 * An op is named by its kind and its position in the step ({@code conv2d_relu#0}, the first op after
 * {@link #markStep}; backward ones by their position in the backward pass). A forward op's time is the time since the
 * last op ended (or the step was marked): the op itself and whatever ran between the two, which in a model is little.
 * Ops finish on the thread that started them, so split loops count whole. One profile is open at a time, in the JVM.
 */
public final class OpProfile implements AutoCloseable {
    /** One op at one position of a step: how often it ran and its total time. */
    public record Row(String op, String phase, long calls, long nanos) {
        /** Milliseconds a call. */
        public double millisPerCall() {
            return calls == 0 ? 0 : nanos / 1e6 / calls;
        }
    }

    private static volatile OpProfile active;

    private final Thread thread = Thread.currentThread();
    private final Map<String, long[]> forward = new LinkedHashMap<>(), backward = new LinkedHashMap<>();
    private long last = System.nanoTime();
    private int forwardPosition, backwardPosition;
    /** How many {@link #hidden} scopes are open on the profile's thread. */
    private int hidden;

    private OpProfile() {
    }

    /**
     * Opens a profile on this thread.
     *
     * @throws IllegalStateException when a profile is open already
     */
    public static synchronized OpProfile start() {
        if (active != null) {
            throw new IllegalStateException("A profile is open already, on thread " + active.thread.getName() + "; close it first");
        }
        OpProfile profile = new OpProfile();
        active = profile;
        return profile;
    }

    /** Starts a step on this thread's open profile, if any: positions count from 0 again, and time from now. */
    public static void markStep() {
        OpProfile p = current();
        if (p != null) {
            p.forwardPosition = 0;
            p.backwardPosition = 0;
            p.last = System.nanoTime();
        }
    }

    /** The profile open on this thread, or null (also while {@link #hidden} on it). */
    static OpProfile current() {
        OpProfile p = active;
        return p != null && p.thread == Thread.currentThread() && p.hidden == 0 ? p : null;
    }

    /**
     * Times nothing on this thread until the returned scope closes: for ops that run inside another one, on whichever
     * thread takes them (a slice of a batch in {@code Sequential}'s row slices), and count as part of it.
     */
    public static Binding hidden() {
        OpProfile p = current();
        if (p == null) return () -> { };
        p.hidden++;
        return () -> p.hidden--;
    }

    /** An op's output is ready: charges it the time since the last one. */
    void forwardDone(String op) {
        long now = System.nanoTime();
        add(forward, op + "#" + forwardPosition++, now - last);
        last = now;
    }

    /** A step of the backward pass that started at {@code start} (from {@link System#nanoTime()}) is done. */
    void backwardDone(String op, long start) {
        long now = System.nanoTime();
        add(backward, op + "#" + backwardPosition++, now - start);
        last = now;
    }

    private static void add(Map<String, long[]> table, String key, long nanos) {
        long[] cell = table.computeIfAbsent(key, k -> new long[2]);
        cell[0]++;
        cell[1] += nanos;
    }

    /** Every op timed so far: the forward ones in the order they first ran, then the backward ones. */
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        forward.forEach((op, cell) -> rows.add(new Row(op, "forward", cell[0], cell[1])));
        backward.forEach((op, cell) -> rows.add(new Row(op, "backward", cell[0], cell[1])));
        return rows;
    }

    /** Stops timing; {@link #rows()} still reads what was timed. */
    @Override
    public void close() {
        synchronized (OpProfile.class) {
            if (active == this) active = null;
        }
    }
}

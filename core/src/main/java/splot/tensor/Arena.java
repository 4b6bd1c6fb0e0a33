package splot.tensor;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * The arrays of one training step, reused by the next: ops take their outputs, gradients and tape
 * buffers here, and while a step of this arena is open on the thread they come from the arrays the
 * previous step gave back instead of from the heap. A steady-state step then allocates only small
 * objects (tensors, tape closures), not the megabytes of activations whose zeroing and young
 * collections cost a few percent of a conv step.
 *
 * <pre>{@code
 * Arena arena = new Arena();
 * for (Batch b : loader.epoch(epoch)) {
 *     try (var step = arena.step()) {      // every tensor an op makes in here dies at close()
 *         optimizer.zeroGrad();
 *         Tensor loss = lossFn.compute(model.call(b.images()), b.labels());
 *         loss.backward();
 *         optimizer.step();
 *         lossSum += loss.item();          // read what you need before the step closes
 *     }
 * }
 * }</pre>
 *
 * <p>Tensors made inside a step must not be used after it closes: their arrays are handed out again.
 * Parameters and optimizer state are never arena arrays. A parameter's gradient is its own, but inside a
 * step the next backward writes it into the array {@code zeroGrad()} dropped: copy a gradient to keep it.
 * Outside a step, {@link #zeros} and {@link #floats} are plain {@code new float[n]}. An arena keeps
 * only what its last step used, so a change of batch size does not make it grow. One thread per step.
 */
public final class Arena {
    private static final ThreadLocal<Arena> OPEN = new ThreadLocal<>();

    // Arrays from earlier steps not yet taken in this one, and this step's: handed out, and given back early.
    private final ArrayList<float[]> idle = new ArrayList<>(), taken = new ArrayList<>(), returned = new ArrayList<>();
    private final ArrayList<int[]> idleInts = new ArrayList<>(), takenInts = new ArrayList<>();

    /**
     * Opens a step on this thread; ops take their arrays from this arena until the step is closed. Inside a step
     * already open on this thread (say, {@code model.evaluate} called within a training loop's step) the new one
     * joins it: its arrays stay taken until the outer step closes, and closing it does nothing.
     */
    public Step step() {
        if (OPEN.get() != null) return () -> { };
        OPEN.set(this);
        return this::close;
    }

    /**
     * Binds this arena to this thread for a part of a step that spans several scopes, perhaps on a different thread
     * each (a slice of a batch whose forward pass runs in one parallel loop and its backward pass in a later one): the
     * arrays taken stay taken when the returned scope closes, until {@link #endStep}. The arena this thread had open
     * before, if any, is open again after. One thread at a time.
     */
    public Binding join() {
        return Binding.set(OPEN, this);
    }

    /** Ends a step taken part by part through {@link #join} (joined on no thread now): its arrays supply the next one. */
    public void endStep() {
        recycle();
    }

    /** Whether a step is open on this thread. */
    public static boolean isOpen() {
        return OPEN.get() != null;
    }

    /** Zero-filled floats: an arena array inside a step, else {@code new float[n]}. */
    public static float[] zeros(int n) {
        Arena a = OPEN.get();
        if (a == null) return new float[n];
        float[] r = a.take(n);
        Arrays.fill(r, 0f);
        return r;
    }

    /**
     * Floats whose contents are undefined inside a step (the last step's values): for a caller that writes every
     * element before reading any. Outside a step, {@code new float[n]}.
     */
    public static float[] floats(int n) {
        Arena a = OPEN.get();
        return a == null ? new float[n] : a.take(n);
    }

    /** Ints whose contents are undefined inside a step, as {@link #floats}. */
    public static int[] ints(int n) {
        Arena a = OPEN.get();
        if (a == null) return new int[n];
        int[] r = takeFrom(a.idleInts, n);
        if (r == null) r = new int[n];
        a.takenInts.add(r);
        return r;
    }

    /**
     * Hands back, before the step ends, an array taken in it that nothing reads any more (an intermediate
     * gradient once backward has passed it on). Arrays not taken in the open step are left alone.
     */
    static void giveBack(float[] array) {
        Arena a = OPEN.get();
        if (a == null) return;
        for (int i = a.taken.size() - 1; i >= 0; i--) {
            if (a.taken.get(i) == array) {
                a.returned.add(removeAt(a.taken, i));
                return;
            }
        }
    }

    private float[] take(int n) {
        float[] r = takeFrom(returned, n);
        if (r == null) r = takeFrom(idle, n);
        if (r == null) r = new float[n];
        taken.add(r);
        return r;
    }

    /** Removes and returns an array of exactly length n from the list, or null. A step holds tens of arrays: a scan is cheap. */
    private static <T> T takeFrom(ArrayList<T> arrays, int n) {
        for (int i = arrays.size() - 1; i >= 0; i--) {
            if (Array.getLength(arrays.get(i)) == n) return removeAt(arrays, i);
        }
        return null;
    }

    /** Removes element i by moving the last one into its place: order does not matter here. */
    private static <T> T removeAt(ArrayList<T> list, int i) {
        T last = list.remove(list.size() - 1);
        if (i == list.size()) return last;
        return list.set(i, last);
    }

    /** Ends the step: what it took becomes the next step's supply, and arrays it did not need are dropped. */
    private void close() {
        if (OPEN.get() != this) throw new IllegalStateException("This arena's step is not open on this thread");
        OPEN.remove();
        recycle();
    }

    private void recycle() {
        idle.clear();
        moveAll(taken, idle);
        moveAll(returned, idle);
        idleInts.clear();
        moveAll(takenInts, idleInts);
    }

    /**
     * Appends {@code from}'s arrays to {@code to} and empties {@code from}: by {@code add}, which every step runs already,
     * where {@code addAll} was one more JDK method for the JIT to compile in the first timed batches of a run.
     */
    private static <T> void moveAll(ArrayList<T> from, ArrayList<T> to) {
        for (int i = 0; i < from.size(); i++) to.add(from.get(i));
        from.clear();
    }

    /** An open step; closing it gives its arrays back. */
    public interface Step extends AutoCloseable {
        @Override
        void close();
    }
}

package splot.tensor;

import java.util.Arrays;

/**
 * Gradient arrays of one thread's own for leaves that several threads' graphs share: the parameters of layers that
 * each thread runs on a slice of a batch. While bound to a thread, a backward pass there accumulates those leaves'
 * gradients here, one array of each leaf's size, instead of into the leaves' own; the owner adds them up after, in an
 * order of its choosing, so that the sum does not depend on which thread ran which slice.
 *
 * <pre>{@code
 * var local = new LocalGradients(weight, bias);
 * try (var bound = local.bind()) {
 *     local.clear();
 *     out.backward(gradOut);             // weight's gradient goes to local.gradient(0)
 * }
 * }</pre>
 */
public final class LocalGradients {
    private static final ThreadLocal<LocalGradients> BOUND = new ThreadLocal<>();

    private final Tensor[] leaves;
    private final float[][] arrays;
    private final boolean[] reached;

    /** Arrays for these leaves (parameters: tensors no op made), made when a backward pass first reaches each. */
    public LocalGradients(Tensor... leaves) {
        this.leaves = leaves.clone();
        arrays = new float[leaves.length][];
        reached = new boolean[leaves.length];
    }

    /** Sends the leaves' gradients on this thread here until the returned scope closes. One thread at a time. */
    public Binding bind() {
        return Binding.set(BOUND, this);
    }

    /** Forgets the gradients: the next backward pass starts each from nothing, as a leaf after {@code zeroGrad()}. */
    public void clear() {
        Arrays.fill(reached, false);
    }

    /** Leaf {@code i}'s gradient since {@link #clear}, or null if no backward pass reached it. */
    public float[] gradient(int i) {
        return reached[i] ? arrays[i] : null;
    }

    /**
     * Where this thread's bound gradients keep {@code leaf}'s: null if none is bound or it does not hold the leaf.
     * Zero-filled on first use when {@code zeroed}, else (a pass that sets every element) to store into.
     */
    static GradTarget target(Tensor leaf, boolean zeroed) {
        LocalGradients local = BOUND.get();
        if (local == null) return null;
        for (int i = 0; i < local.leaves.length; i++) {
            if (local.leaves[i] == leaf) return local.target(i, zeroed);
        }
        return null;
    }

    private GradTarget target(int i, boolean zeroed) {
        if (reached[i]) return new GradTarget(arrays[i], true);
        if (arrays[i] == null) arrays[i] = new float[leaves[i].size()];
        else if (zeroed) Arrays.fill(arrays[i], 0f);
        reached[i] = true;
        return new GradTarget(arrays[i], false);
    }
}

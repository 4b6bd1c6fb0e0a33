package splot.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import splot.ops.Activations;
import splot.ops.Arithmetic;
import splot.ops.MatMul;
import splot.ops.Reductions;
import splot.ops.Reshapes;

/**
 * A float32 tensor: a contiguous row-major array and its {@link Shape} (NCHW for image batches).
 *
 * <p>PyTorch-style autograd: a tensor made with {@link #requiresGrad(boolean) requiresGrad(true)} is a leaf;
 * every op on it records how to push a gradient back, and {@link #backward()} walks that tape in reverse,
 * accumulating into {@link #grad()}. Gradients add up over uses and over calls until {@link #zeroGrad()}.
 * Inside {@link GradMode#off()} nothing is recorded.
 *
 * <pre>{@code
 * var w = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
 * var loss = w.mul(w).sum();      // sum of squares
 * loss.backward();                // w.grad() == [2, 4]
 * }</pre>
 */
public final class Tensor {
    private final float[] data;
    private final Shape shape;
    private float[] grad;
    // A leaf's gradient array that zeroGrad() dropped, taken back by the next backward inside an Arena step.
    private float[] spareGrad;
    private boolean requiresGrad;
    private boolean retainGrad;
    // The tape: set only on tensors made by an op while recording.
    private Tensor[] inputs;
    private Backward backward;
    private String op;

    private Tensor(float[] data, Shape shape) {
        if (data.length != shape.size()) {
            throw new IllegalArgumentException("Data of length " + data.length + " does not fit shape " + shape
                    + " (" + shape.size() + " elements)");
        }
        this.data = data;
        this.shape = shape;
    }

    // ---------------------------------------------------------------- creation

    /** A tensor over {@code data} (not copied) with the given shape. */
    public static Tensor of(float[] data, int... shape) {
        return new Tensor(data, Shape.of(shape));
    }

    /** A tensor over {@code data} (not copied) with the given shape. */
    public static Tensor of(float[] data, Shape shape) {
        return new Tensor(data, shape);
    }

    /** A 0-dimensional tensor holding one number. */
    public static Tensor scalar(float value) {
        return new Tensor(new float[] {value}, Shape.of());
    }

    /** A 2-D tensor copied from rows of equal length. */
    public static Tensor of(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] d = new float[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException("Ragged rows: row 0 has " + cols + " values, row " + r + " has " + rows[r].length);
            }
            System.arraycopy(rows[r], 0, d, r * cols, cols);
        }
        return of(d, rows.length, cols);
    }

    /** A 4-D tensor (N, C, H, W) copied from nested arrays. */
    public static Tensor of(float[][][][] nchw) {
        int n = nchw.length, c = nchw[0].length, h = nchw[0][0].length, w = nchw[0][0][0].length;
        float[] d = new float[n * c * h * w];
        int i = 0;
        for (float[][][] a : nchw)
            for (float[][] b : a)
                for (float[] row : b) {
                    if (row.length != w) throw new IllegalArgumentException("Ragged input: expected rows of " + w + ", got " + row.length);
                    System.arraycopy(row, 0, d, i, w);
                    i += w;
                }
        return of(d, n, c, h, w);
    }

    public static Tensor zeros(int... shape) {
        return zeros(Shape.of(shape));
    }

    public static Tensor zeros(Shape shape) {
        return new Tensor(new float[shape.size()], shape);
    }

    public static Tensor full(Shape shape, float value) {
        float[] d = new float[shape.size()];
        Arrays.fill(d, value);
        return new Tensor(d, shape);
    }

    public static Tensor ones(int... shape) {
        return full(Shape.of(shape), 1f);
    }

    /** Uniform numbers in [0, 1) from the global {@link Rng}. */
    public static Tensor rand(int... shape) {
        Tensor t = zeros(shape);
        Rng.uniform(t.data, 0f, 1f);
        return t;
    }

    /** Standard normal numbers from the global {@link Rng}. */
    public static Tensor randn(int... shape) {
        Tensor t = zeros(shape);
        Rng.normal(t.data, 0f, 1f);
        return t;
    }

    /**
     * The output of an op: records {@code backward} on the tape when recording is on and any input
     * needs a gradient. Op implementations call this; users do not need it.
     */
    public static Tensor fromOp(String op, float[] data, Shape shape, Backward backward, Tensor... inputs) {
        OpProfile profile = OpProfile.current();
        if (profile != null) profile.forwardDone(op);
        Tensor out = new Tensor(data, shape);
        if (GradMode.isEnabled()) {
            for (Tensor in : inputs) {
                if (in != null && in.requiresGrad) {
                    out.requiresGrad = true;
                    out.inputs = inputs;
                    out.backward = backward;
                    out.op = op;
                    break;
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- data

    public Shape shape() {
        return shape;
    }

    /** Size of dimension {@code i}; negative counts from the end. */
    public int dim(int i) {
        return shape.dim(i);
    }

    public int rank() {
        return shape.rank();
    }

    /** Number of elements. */
    public int size() {
        return data.length;
    }

    /** The backing array itself, row-major. Kernels and ops read and write it; users normally copy with {@link #toArray()}. */
    public float[] data() {
        return data;
    }

    /** A copy of the values, row-major. */
    public float[] toArray() {
        return data.clone();
    }

    /** A copy of a 2-D tensor as rows. */
    public float[][] toMatrix() {
        if (rank() != 2) throw new IllegalStateException("toMatrix() needs a 2-D tensor, got shape " + shape);
        float[][] m = new float[dim(0)][dim(1)];
        for (int r = 0; r < m.length; r++) System.arraycopy(data, r * dim(1), m[r], 0, dim(1));
        return m;
    }

    /** The value of a one-element tensor. */
    public float item() {
        if (data.length != 1) throw new IllegalStateException("item() needs a tensor of one element, got shape " + shape);
        return data[0];
    }

    /** The value at a full index. */
    public float get(int... index) {
        return data[offset(index)];
    }

    /** Sets the value at a full index (in place, not recorded). */
    public void set(float value, int... index) {
        data[offset(index)] = value;
    }

    private int offset(int[] index) {
        if (index.length != shape.rank()) {
            throw new IllegalArgumentException("Index " + Arrays.toString(index) + " has " + index.length + " dimensions, tensor has shape " + shape);
        }
        int off = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape.dim(i)) {
                throw new IndexOutOfBoundsException("Index " + Arrays.toString(index) + " out of bounds for shape " + shape);
            }
            off = off * shape.dim(i) + index[i];
        }
        return off;
    }

    /** A new tensor with a copy of the data, off the tape. */
    public Tensor copy() {
        return new Tensor(data.clone(), shape);
    }

    /** The same data, off the tape: no gradient flows through the result (as PyTorch's {@code detach()}). */
    public Tensor detach() {
        return new Tensor(data, shape);
    }

    // ---------------------------------------------------------------- autograd

    /** Marks this tensor as a leaf whose gradient is wanted. Returns this. */
    public Tensor requiresGrad(boolean on) {
        if (inputs != null && !on) throw new IllegalStateException("Cannot turn off requiresGrad on an op's output; use detach()");
        this.requiresGrad = on;
        return this;
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** True for tensors not made by a recorded op (parameters, inputs). */
    public boolean isLeaf() {
        return inputs == null;
    }

    /** Keeps this non-leaf tensor's gradient after backward (leaves always keep theirs). Returns this. */
    public Tensor retainGrad() {
        this.retainGrad = true;
        return this;
    }

    /** The accumulated gradient, or null before any backward reached this tensor. Shares storage. */
    public Tensor grad() {
        return grad == null ? null : new Tensor(grad, shape);
    }

    /** Whether a backward pass has reached this tensor since its gradient was last cleared. */
    public boolean hasGrad() {
        return grad != null;
    }

    /**
     * The gradient array, allocated (zeros) on first use. Ops accumulate into it during backward. An op's output
     * takes it from the open {@link Arena} step, if any. A leaf's is its own; inside an arena step it is the array
     * {@link #zeroGrad()} last dropped, zero-filled; where {@link LocalGradients} that hold the leaf are bound to this
     * thread, theirs.
     */
    public float[] gradBuffer() {
        if (op == null) {
            GradTarget local = LocalGradients.target(this, true);
            if (local != null) return local.data();
        }
        // op, not inputs: backward clears an op output's inputs, and its retained gradient must not become a spare.
        if (grad == null) grad = op == null ? leafGradient(true) : Arena.zeros(data.length);
        return grad;
    }

    /**
     * The gradient array for a backward pass that sets every element of it: {@link #gradBuffer}'s, to add into, where
     * a gradient is already there; else a new one whose contents are undefined inside an {@link Arena} step, to store
     * into. Storing saves filling an activation's gradient (megabytes) with zeros on one thread, only to read the
     * zeros back and add to them.
     */
    public GradTarget gradTarget() {
        if (op == null) {
            GradTarget local = LocalGradients.target(this, false);
            if (local != null) return local;
        }
        if (grad != null) return new GradTarget(grad, true);
        grad = op == null ? leafGradient(false) : Arena.floats(data.length);
        return new GradTarget(grad, false);
    }

    private float[] leafGradient(boolean zeroed) {
        float[] g = spareGrad;
        spareGrad = null;
        if (g == null || !Arena.isOpen()) return new float[data.length];
        if (zeroed) Arrays.fill(g, 0f);
        return g;
    }

    /**
     * Drops the accumulated gradient (PyTorch's {@code zero_grad(set_to_none=True)}). Inside an {@link Arena} step
     * the next backward writes a leaf's new gradient into the dropped array: copy a gradient to keep it.
     */
    public void zeroGrad() {
        if (op == null && grad != null) spareGrad = grad;
        grad = null;
    }

    /** Name of the op that made this tensor, or null for a leaf. */
    public String op() {
        return op;
    }

    /** Backpropagates from a one-element tensor (a loss): d(this)/d(this) = 1. */
    public void backward() {
        if (data.length != 1) {
            throw new IllegalStateException("backward() without a gradient needs a one-element tensor (a loss), got shape " + shape
                    + "; pass the output gradient with backward(Tensor)");
        }
        backward(Tensor.full(shape, 1f));
    }

    /** Backpropagates {@code gradOutput} (same shape as this) through the recorded tape. */
    public void backward(Tensor gradOutput) {
        if (!requiresGrad) {
            throw new IllegalStateException("backward() on a tensor that does not require grad: no input had requiresGrad(true), or it was made under GradMode.off()");
        }
        if (!gradOutput.shape.equals(shape)) {
            throw new IllegalArgumentException("Gradient of shape " + gradOutput.shape + " does not match tensor of shape " + shape);
        }
        List<Tensor> order = topologicalOrder();
        float[] g = gradBuffer();
        for (int i = 0; i < g.length; i++) g[i] += gradOutput.data[i];
        OpProfile profile = OpProfile.current();
        for (int k = order.size() - 1; k >= 0; k--) {
            Tensor t = order.get(k);
            if (t.backward == null || t.grad == null) continue;
            long start = profile != null ? System.nanoTime() : 0;
            t.backward.apply(t.grad);
            if (profile != null) profile.backwardDone(t.op, start);
            // The graph is used once, as in PyTorch: free it and the intermediate gradients.
            t.backward = null;
            t.inputs = null;
            if (!t.retainGrad) {
                Arena.giveBack(t.grad);
                t.grad = null;
            }
        }
    }

    /** Tensors reachable from this one through the tape, each after all its inputs. */
    private List<Tensor> topologicalOrder() {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        // Iterative depth-first search: deep networks must not overflow the Java stack.
        ArrayDeque<Tensor> stack = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>();
        stack.push(this);
        next.push(0);
        seen.put(this, true);
        while (!stack.isEmpty()) {
            Tensor t = stack.peek();
            int i = next.pop();
            if (t.inputs != null && i < t.inputs.length) {
                next.push(i + 1);
                Tensor in = t.inputs[i];
                if (in != null && in.requiresGrad && seen.put(in, true) == null) {
                    stack.push(in);
                    next.push(0);
                }
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }

    // ---------------------------------------------------------------- ops (PyTorch-style methods)

    public Tensor add(Tensor other) { return Arithmetic.add(this, other); }

    public Tensor sub(Tensor other) { return Arithmetic.sub(this, other); }

    public Tensor mul(Tensor other) { return Arithmetic.mul(this, other); }

    public Tensor div(Tensor other) { return Arithmetic.div(this, other); }

    public Tensor add(float c) { return Arithmetic.add(this, scalar(c)); }

    public Tensor mul(float c) { return Arithmetic.mul(this, scalar(c)); }

    public Tensor neg() { return Arithmetic.neg(this); }

    public Tensor pow(float exponent) { return Arithmetic.pow(this, exponent); }

    public Tensor exp() { return Arithmetic.exp(this); }

    public Tensor log() { return Arithmetic.log(this); }

    public Tensor sqrt() { return Arithmetic.sqrt(this); }

    public Tensor matmul(Tensor other) { return MatMul.matmul(this, other); }

    public Tensor relu() { return Activations.relu(this); }

    public Tensor leakyRelu(float slope) { return Activations.leakyRelu(this, slope); }

    public Tensor tanh() { return Activations.tanh(this); }

    public Tensor sigmoid() { return Activations.sigmoid(this); }

    public Tensor gelu() { return Activations.gelu(this); }

    /** Softmax over dimension {@code dim}. */
    public Tensor softmax(int dim) { return Activations.softmax(this, dim); }

    /** Log-softmax over dimension {@code dim}. */
    public Tensor logSoftmax(int dim) { return Activations.logSoftmax(this, dim); }

    /** Sum of all elements, a scalar. */
    public Tensor sum() { return Reductions.sum(this); }

    /** Sum over one dimension. */
    public Tensor sum(int dim, boolean keepDim) { return Reductions.sum(this, dim, keepDim); }

    /** Mean of all elements, a scalar. */
    public Tensor mean() { return Reductions.mean(this); }

    /** Mean over one dimension. */
    public Tensor mean(int dim, boolean keepDim) { return Reductions.mean(this, dim, keepDim); }

    /** Maximum over one dimension; the gradient goes to the (first) maximum. */
    public Tensor max(int dim, boolean keepDim) { return Reductions.max(this, dim, keepDim); }

    /** Maximum of all elements, a scalar. */
    public Tensor max() { return Reductions.max(this); }

    /** Index of the maximum over one dimension (not differentiable). */
    public Tensor argmax(int dim) { return Reductions.argmax(this, dim); }

    /** Same data, new shape; one dimension may be -1 and is inferred. */
    public Tensor reshape(int... shape) { return Reshapes.reshape(this, shape); }

    /** Alias of {@link #reshape(int...)}: tensors here are always contiguous. */
    public Tensor view(int... shape) { return Reshapes.reshape(this, shape); }

    /** Keeps dimension 0 and flattens the rest: (N, ...) -> (N, prod(...)). */
    public Tensor flatten() { return Reshapes.flatten(this); }

    /** Reorders dimensions: {@code permute(0, 2, 3, 1)} turns NCHW into NHWC. */
    public Tensor permute(int... order) { return Reshapes.permute(this, order); }

    /** Swaps two dimensions. */
    public Tensor transpose(int a, int b) { return Reshapes.transpose(this, a, b); }

    /** Items {@code from} (inclusive) to {@code to} (exclusive) along dimension 0. */
    public Tensor slice(int from, int to) { return Reshapes.slice(this, from, to); }

    /** Joins tensors along dimension {@code dim}; all other dimensions must agree. */
    public static Tensor concat(int dim, Tensor... parts) { return Reshapes.concat(dim, parts); }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor(shape=").append(shape);
        if (op != null) sb.append(", op=").append(op);
        if (requiresGrad) sb.append(", requiresGrad");
        sb.append(", data=[");
        int n = Math.min(data.length, 8);
        for (int i = 0; i < n; i++) sb.append(i == 0 ? "" : ", ").append(data[i]);
        if (data.length > n) sb.append(", ...");
        return sb.append("])").toString();
    }
}

package splot.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import splot.kernel.Elementwise;
import splot.kernel.Parallel;
import splot.tensor.Arena;
import splot.tensor.GradMode;
import splot.tensor.GradTarget;
import splot.tensor.LocalGradients;
import splot.tensor.OpProfile;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * The run of layers at the end of a {@link Sequential} that treat each row of a batch alone (Flatten, Linear and
 * elementwise activations), run in training on slices of the batch's rows, one slice a thread: each thread takes its
 * rows through the whole run forward, and later backward, with no loop shared with the other threads inside it.
 * (N, ...) in, (N, out) out, the same values as the layers one by one up to the order of the weight gradients' sums.
 *
 * <p>Why: such a run is many small ops (lenet5's 400 -> 120 -> 84 -> 10 with tanh between, and its loss: 0.33 ms
 * of a 4.7 ms step on one thread). Split op by op, each waits for the other thread once or twice, and a product's
 * rows or columns are written on one core and read on the other; too small to split at all, it ran on one thread
 * while the other waited. Two threads took it as long as one did (BENCHMARKS.md, session 58).
 *
 * <p>How: each slice runs in an {@link Arena} of its own, joined on whichever thread takes it, and its input is a
 * copy of its rows. The first slice accumulates the parameters' gradients into their own arrays; the others into
 * {@link LocalGradients}, added to those in slice order after all are done, so that the sum does not depend on which
 * thread ran which slice.
 */
final class RowSlices {
    /** The fewest rows a slice takes: below that, a thread's share of the products is not worth a slice. */
    static final int MIN_ROWS = 16;
    /**
     * The most floats of weights a sliced run may hold. Each thread reads all of them (lays the weight out for its
     * products) and each slice but the first sums a gradient of their size: where they are large against the rows,
     * the ops split one by one do better (fashion-mlp's 784 -> 128 -> 10, 101,770 floats, took 1.21 times as long this
     * way: BENCHMARKS.md, session 58).
     */
    static final int MAX_WEIGHTS = 1 << 16;

    private final Layer[] layers;
    private final Tensor[] params;
    /**
     * Slices whose last backward pass is done, for the next call; empty while a call waits for its backward pass. Taken
     * atomically: two application threads that call the model at once (a server that left the tape on) each get slices
     * of their own.
     */
    private final AtomicReference<Slices> idle = new AtomicReference<>();

    RowSlices(Layer[] layers) {
        this.layers = layers;
        List<Tensor> all = new ArrayList<>();
        for (Layer l : layers) {
            for (Parameter p : l.weights()) all.add(p.value());
        }
        params = all.toArray(new Tensor[0]);
    }

    /**
     * Where the run of row-by-row layers at the end of {@code built} starts: {@code built.length} if there is none
     * that holds a Linear and another layer, or whose weights are over {@link #MAX_WEIGHTS}.
     */
    static int start(Layer[] built) {
        int from = built.length;
        while (from > 0 && rowByRow(built[from - 1])) from--;
        boolean dense = false;
        long weights = 0;
        for (int i = from; i < built.length; i++) {
            dense |= built[i] instanceof Linear;
            weights += built[i].countParams();
        }
        return dense && built.length - from >= 2 && weights <= MAX_WEIGHTS ? from : built.length;
    }

    private static boolean rowByRow(Layer layer) {
        return layer instanceof Linear || layer instanceof ReLU || layer instanceof Tanh || layer instanceof Sigmoid
                || layer instanceof LeakyReLU || layer instanceof GELU || layer instanceof Flatten;
    }

    /** Whether a call on {@code x} runs in slices: on a tape, on several threads, with rows enough for two slices. */
    boolean applies(Tensor x) {
        return slices(x.dim(0)) > 1 && GradMode.isEnabled() && !Parallel.insideLoop() && (x.requiresGrad() || anyTrained());
    }

    private boolean anyTrained() {
        for (Tensor p : params) {
            if (p.requiresGrad()) return true;
        }
        return false;
    }

    private static int slices(int rows) {
        return Math.min(Parallel.threads(), rows / MIN_ROWS);
    }

    /** The run on x's rows, a slice a thread; its backward pass runs the slices' backward passes the same way. */
    Tensor call(Tensor x) {
        return call(x, slices(x.dim(0)));
    }

    /** The run on x's rows in {@code count} slices, on as many threads as {@link Parallel} has for them. */
    Tensor call(Tensor x, int count) {
        int n = x.dim(0);
        // A call before the last one's backward pass (two batches through the model, one loss) takes new slices.
        Slices kept = idle.getAndSet(null);
        Slices set = kept != null && kept.parts.length == count ? kept : new Slices(count, params);
        Slice[] parts = set.parts;
        boolean wantX = x.requiresGrad();
        Parallel.forRange(0, count, (a, b) -> {
            for (int s = a; s < b; s++) parts[s].forward(layers, x, (int) ((long) n * s / count), (int) ((long) n * (s + 1) / count), wantX);
        });
        Tensor first = parts[0].output;
        int width = first.shape().sizeFrom(1);
        float[] y = Arena.floats(n * width);
        for (Slice p : parts) System.arraycopy(p.output.data(), 0, y, p.lo * width, (p.hi - p.lo) * width);
        Tensor[] inputs = new Tensor[params.length + 1];
        inputs[0] = x;
        System.arraycopy(params, 0, inputs, 1, params.length);
        return Tensor.fromOp("row_slices", y, first.shape().withoutBatch().withBatch(n), gy -> backward(set, x, gy, width), inputs);
    }

    private void backward(Slices set, Tensor x, float[] gy, int width) {
        GradTarget gx = x.requiresGrad() ? x.gradTarget() : null;
        Slice[] parts = set.parts;
        Parallel.forRange(0, parts.length, (a, b) -> {
            for (int s = a; s < b; s++) parts[s].backward(gy, width, gx);
        });
        float[][] sum = new float[parts.length][];
        for (int i = 0; i < params.length; i++) {
            if (!params[i].requiresGrad()) continue;
            int count = 0;
            sum[count++] = params[i].gradBuffer();
            for (int s = 1; s < parts.length; s++) {
                float[] g = parts[s].local.gradient(i);
                if (g != null) sum[count++] = g;
            }
            if (count > 1) Elementwise.addParts(sum, count, params[i].size());
        }
        idle.set(set);
    }

    /** One call's slices. */
    private static final class Slices {
        final Slice[] parts;

        Slices(int count, Tensor[] params) {
            parts = new Slice[count];
            for (int s = 0; s < count; s++) parts[s] = new Slice(s == 0 ? null : new LocalGradients(params));
        }
    }

    /** Rows [lo, hi) of a batch, their arena, and the ends of their graph through the run. */
    private static final class Slice {
        final Arena arena = new Arena();
        /** Where this slice's parameter gradients go; null for the first slice, which writes the parameters' own. */
        final LocalGradients local;
        Tensor input, output;
        float[] gradOut = new float[0];
        int lo, hi;

        Slice(LocalGradients local) {
            this.local = local;
        }

        void forward(Layer[] layers, Tensor x, int lo, int hi, boolean wantX) {
            this.lo = lo;
            this.hi = hi;
            // The last call's backward pass is done: its arrays are this one's supply.
            arena.endStep();
            int item = x.shape().sizeFrom(1), size = (hi - lo) * item;
            Shape shape = x.shape().withoutBatch().withBatch(hi - lo);
            if (input == null || !input.shape().equals(shape)) {
                input = Tensor.of(new float[size], shape);
            } else {
                input.zeroGrad();
            }
            input.requiresGrad(wantX);
            System.arraycopy(x.data(), lo * item, input.data(), 0, size);
            try (var joined = arena.join(); var unprofiled = OpProfile.hidden()) {
                output = Sequential.run(layers, 0, layers.length, input);
            }
        }

        void backward(float[] gy, int width, GradTarget gx) {
            int rows = (hi - lo) * width;
            if (gradOut.length != rows) gradOut = new float[rows];
            System.arraycopy(gy, lo * width, gradOut, 0, rows);
            try (var joined = arena.join(); var unprofiled = OpProfile.hidden(); var bound = local == null ? null : local.bind()) {
                if (local != null) local.clear();
                output.backward(Tensor.of(gradOut, output.shape()));
            }
            if (gx == null) return;
            int at = lo * input.shape().sizeFrom(1), size = input.size();
            if (!input.hasGrad()) {
                if (!gx.add()) Arrays.fill(gx.data(), at, at + size, 0f);
            } else if (gx.add()) {
                Elementwise.addRun(input.grad().data(), 0, gx.data(), at, size);
            } else {
                System.arraycopy(input.grad().data(), 0, gx.data(), at, size);
            }
        }
    }
}

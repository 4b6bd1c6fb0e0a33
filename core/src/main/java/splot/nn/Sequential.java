package splot.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import splot.ops.ConvEpilogue;
import splot.tensor.GradMode;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * Layers applied one after the other, each built from the previous one's output shape.
 *
 * <pre>{@code
 * var model = Sequential.of(Shape.of(1, 28, 28),
 *         new Flatten(), new Linear(128), new ReLU(), new Linear(10));
 * System.out.print(model.summary());    // Total params: 101,770
 * }</pre>
 * Built at once when given an input shape; otherwise on the first batch.
 */
public final class Sequential extends Model {
    private final List<Layer> layers = new ArrayList<>();
    /**
     * The layers as built, for the forward pass: an array, so that a batch calls no collection method. A forward pass
     * that read the list called ArrayList.get some twenty times a batch, and the JDK's own count of its calls brought
     * C2's compile of it into fashion-mlp's timed inference window (JFR, BENCHMARKS.md session 40), where a compiling
     * C2 keeps the thread team's worker from spinning for 2 ms.
     */
    private Layer[] built = new Layer[0];
    /** The layers from {@code rowsFrom} on, run in training on slices of the batch ({@link RowSlices}); null if none. */
    private RowSlices rowSlices;
    private int rowsFrom;

    public Sequential(Layer... layers) {
        for (Layer l : layers) add(l);
    }

    /** A model built for input items of shape {@code input} (no batch dimension). */
    public static Sequential of(Shape input, Layer... layers) {
        Sequential s = new Sequential(layers);
        s.buildFor(input);
        return s;
    }

    /** Appends a layer; only before the model is built. Returns this. */
    public Sequential add(Layer layer) {
        if (isBuilt()) throw new IllegalStateException("Cannot add " + layer + " to " + describe() + ": it is already built");
        layers.add(layer);
        return this;
    }

    @Override
    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    @Override
    protected Shape build(Shape input) {
        if (layers.isEmpty()) throw new IllegalStateException(describe() + " has no layers");
        nameLayers();
        Shape s = input;
        for (Layer l : layers) s = l.buildFor(s);
        built = layers.toArray(new Layer[0]);
        rowsFrom = RowSlices.start(built);
        rowSlices = rowsFrom < built.length ? new RowSlices(Arrays.copyOfRange(built, rowsFrom, built.length)) : null;
        return s;
    }

    /**
     * Runs the layers in order, except that a Conv2d followed by a ReLU (and a MaxPool2d), or by a Tanh (and an
     * AvgPool2d), runs as one op, which finishes each block of the convolution's output while it is in cache and keeps
     * less for the backward pass. A ZeroPad2d before a Conv2d joins it as extra padding. Without a tape (inference), a
     * BatchNorm2d in evaluation mode between the ReLU and the pool joins the same op as a per-channel affine map. A
     * Linear followed by a ReLU runs as one op too.
     * {@code -Dsplot.fuse=false} runs every layer on its own. In training on several threads, a run of dense layers
     * and activations at the end goes through {@link RowSlices}: each thread takes a slice of the batch's rows through
     * all of it.
     */
    @Override
    protected Tensor forward(Tensor x) {
        if (rowSlices != null && rowSlices.applies(x)) return rowSlices.call(run(built, 0, rowsFrom, x));
        return run(built, 0, built.length, x);
    }

    /** Layers {@code [from, to)} of {@code layers} on x, in order, fused as {@link #forward} says. */
    static Tensor run(Layer[] layers, int from, int to, Tensor x) {
        for (int i = from; i < to; ) {
            ZeroPad2d pad = FUSE && layers[i] instanceof ZeroPad2d p && layer(layers, i + 1, to) instanceof Conv2d ? p : null;
            int at = pad == null ? i : i + 1;
            if (FUSE && layers[at] instanceof Conv2d conv
                    && (pad != null || layer(layers, at + 1, to) instanceof ReLU || layer(layers, at + 1, to) instanceof Tanh)) {
                int next = at + 1;
                ConvEpilogue epilogue = ConvEpilogue.NONE;
                if (layer(layers, next, to) instanceof ReLU) {
                    epilogue = ConvEpilogue.RELU;
                    next++;
                    if (layer(layers, next, to) instanceof BatchNorm2d bn && bn.inputShape() != null && !bn.isTraining()
                            && !GradMode.isEnabled()) {
                        epilogue = epilogue.withAffine(bn.evalAffine());
                        next++;
                    }
                    if (layer(layers, next, to) instanceof MaxPool2d pool) {
                        epilogue = epilogue.withMaxPool(pool.spec());
                        next++;
                    }
                } else if (layer(layers, next, to) instanceof Tanh) {
                    epilogue = ConvEpilogue.TANH;
                    next++;
                    if (layer(layers, next, to) instanceof AvgPool2d pool) {
                        epilogue = epilogue.withAvgPool(pool.spec());
                        next++;
                    }
                }
                x = conv.callFused(x, pad, epilogue);
                i = next;
            } else if (FUSE && layers[i] instanceof Linear linear && layer(layers, i + 1, to) instanceof ReLU) {
                x = linear.callWithRelu(x);
                i += 2;
            } else {
                x = layers[i++].call(x);
            }
        }
        return x;
    }

    private static final boolean FUSE = !"false".equalsIgnoreCase(System.getProperty("splot.fuse"));

    private static Layer layer(Layer[] layers, int i, int to) {
        return i < to ? layers[i] : null;
    }
}

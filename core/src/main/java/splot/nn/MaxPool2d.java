package splot.nn;

import java.util.Map;
import splot.ops.Pool2dSpec;
import splot.ops.Pooling;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * Max pooling: the largest value of each window, per channel, as PyTorch's {@code nn.MaxPool2d}.
 * The gradient goes to the input that held the maximum (the first one on ties); the others get 0.
 * Padding counts as minus infinity, so it never wins.
 *
 * <p>Shape: input (N, C, H, W) -> output (N, C, Hout, Wout), Hout = floor((H + 2 * padding - size) / stride) + 1.
 * Takes images of any size. No parameters.
 */
public final class MaxPool2d extends Layer {
    private final int size, stride;
    private int padding;

    /** size x size windows that do not overlap (stride = size). */
    public MaxPool2d(int size) {
        this(size, size);
    }

    public MaxPool2d(int size, int stride) {
        this.size = size;
        this.stride = stride;
        spec(); // validates
    }

    /** Pads each side by {@code p} (at most size / 2). Returns this. */
    public MaxPool2d padding(int p) {
        if (isBuilt()) throw new IllegalStateException(describe() + " is already built; set its padding before first use");
        padding = p;
        spec();
        return this;
    }

    public Pool2dSpec spec() {
        return Pool2dSpec.of(size, stride, padding);
    }

    @Override
    protected Shape build(Shape input) {
        if (input.rank() != 3) throw new IllegalArgumentException(describe() + " expects images (N, C, H, W), got items of shape " + input);
        return PoolShapes.output2d(describe(), spec(), input);
    }

    @Override
    protected boolean accepts(Shape built, Shape got) {
        return got.rank() == 3;
    }

    @Override
    protected Tensor forward(Tensor x) {
        PoolShapes.output2d(describe(), spec(), x.shape().withoutBatch());
        return Pooling.maxPool2d(x, spec());
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("size", size, "stride", stride, "padding", padding);
    }

    /** The layer {@link #config()} describes, unbuilt (for {@link LayerTypes}). */
    static MaxPool2d fromConfig(Config c) {
        return new MaxPool2d(c.getInt("size"), c.getInt("stride")).padding(c.getInt("padding"));
    }

    public int size() {
        return size;
    }

    public int stride() {
        return stride;
    }

    public int padding() {
        return padding;
    }
}

package splot.nn;

import java.util.Map;
import splot.ops.Pool2dSpec;
import splot.ops.Pooling;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * Average pooling: the mean of each window, per channel, as PyTorch's {@code nn.AvgPool2d} (count_include_pad=True:
 * padding counts as zeros and every window divides by size * size).
 *
 * <p>Shape: input (N, C, H, W) -> output (N, C, Hout, Wout), Hout = floor((H + 2 * padding - size) / stride) + 1.
 * Takes images of any size. No parameters.
 */
public final class AvgPool2d extends Layer {
    private final int size, stride;
    private int padding;

    /** size x size windows that do not overlap (stride = size). */
    public AvgPool2d(int size) {
        this(size, size);
    }

    public AvgPool2d(int size, int stride) {
        this.size = size;
        this.stride = stride;
        spec(); // validates
    }

    /** Pads each side by {@code p} (at most size / 2). Returns this. */
    public AvgPool2d padding(int p) {
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
        return Pooling.avgPool2d(x, spec());
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("size", size, "stride", stride, "padding", padding);
    }

    /** The layer {@link #config()} describes, unbuilt (for {@link LayerTypes}). */
    static AvgPool2d fromConfig(Config c) {
        return new AvgPool2d(c.getInt("size"), c.getInt("stride")).padding(c.getInt("padding"));
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

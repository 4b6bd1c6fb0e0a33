package splot.nn;

import java.util.Map;
import splot.ops.Pool2dSpec;
import splot.ops.Pooling;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * 1-D max pooling over signals, as PyTorch's {@code nn.MaxPool1d}: the largest value of each window,
 * per channel; the gradient goes to that input (the first on ties).
 *
 * <p>Shape: input (N, C, L) -> output (N, C, Lout), Lout = floor((L + 2 * padding - size) / stride) + 1.
 * Takes signals of any length. No parameters.
 */
public final class MaxPool1d extends Layer {
    private final int size, stride;
    private int padding;

    /** Windows of {@code size} that do not overlap (stride = size). */
    public MaxPool1d(int size) {
        this(size, size);
    }

    public MaxPool1d(int size, int stride) {
        this.size = size;
        this.stride = stride;
        validate();
    }

    /** Pads each end by {@code p} (at most size / 2). Returns this. */
    public MaxPool1d padding(int p) {
        if (isBuilt()) throw new IllegalStateException(describe() + " is already built; set its padding before first use");
        padding = p;
        validate();
        return this;
    }

    private void validate() {
        new Pool2dSpec(1, size, 1, stride, 0, padding);
    }

    @Override
    protected Shape build(Shape input) {
        if (input.rank() != 2) throw new IllegalArgumentException(describe() + " expects signals (N, C, L), got items of shape " + input);
        return PoolShapes.output1d(describe(), size, stride, padding, input);
    }

    @Override
    protected boolean accepts(Shape built, Shape got) {
        return got.rank() == 2;
    }

    @Override
    protected Tensor forward(Tensor x) {
        PoolShapes.output1d(describe(), size, stride, padding, x.shape().withoutBatch());
        return Pooling.maxPool1d(x, size, stride, padding);
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("size", size, "stride", stride, "padding", padding);
    }

    /** The layer {@link #config()} describes, unbuilt (for {@link LayerTypes}). */
    static MaxPool1d fromConfig(Config c) {
        return new MaxPool1d(c.getInt("size"), c.getInt("stride")).padding(c.getInt("padding"));
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

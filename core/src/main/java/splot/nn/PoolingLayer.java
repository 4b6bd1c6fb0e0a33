package splot.nn;

import java.util.Map;
import splot.ops.Pool2dSpec;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * What the max and average pooling layers share: a window size, a stride, a padding, the output
 * size they imply, and their model-file config. Subclasses say only which pooling they compute.
 * Items are (C, L) for 1-D pooling and (C, H, W) for 2-D; any length or image size is taken.
 *
 * @param <L> the concrete layer, so that {@link #padding(int)} returns it
 */
public abstract sealed class PoolingLayer<L extends PoolingLayer<L>> extends Layer permits MaxPool1d, AvgPool1d, MaxPool2d, AvgPool2d {
    private final int dims;
    private final int size, stride;
    private int padding;

    PoolingLayer(int dims, int size, int stride) {
        this.dims = dims;
        this.size = size;
        this.stride = stride;
        spec(); // validates
    }

    /** The pooling itself, on a batch whose items fit this layer. */
    protected abstract Tensor pool(Tensor x);

    /** Pads each side by {@code p} (at most size / 2). Returns this. */
    @SuppressWarnings("unchecked")
    public L padding(int p) {
        if (isBuilt()) throw new IllegalStateException(describe() + " is already built; set its padding before first use");
        padding = p;
        spec();
        return (L) this;
    }

    /** The window as the pooling ops take it (a 1-D window is 1 x size). */
    public Pool2dSpec spec() {
        return dims == 1 ? new Pool2dSpec(1, size, 1, stride, 0, padding) : Pool2dSpec.of(size, stride, padding);
    }

    @Override
    protected Shape build(Shape input) {
        if (input.rank() != dims + 1) {
            throw new IllegalArgumentException(describe() + " expects " + (dims == 1 ? "signals (N, C, L)" : "images (N, C, H, W)")
                    + ", got items of shape " + input);
        }
        return outputShape(input);
    }

    private Shape outputShape(Shape item) {
        return dims == 1 ? PoolShapes.output1d(describe(), size, stride, padding, item) : PoolShapes.output2d(describe(), spec(), item);
    }

    @Override
    protected boolean accepts(Shape built, Shape got) {
        return got.rank() == dims + 1;
    }

    @Override
    protected Tensor forward(Tensor x) {
        outputShape(x.shape().withoutBatch()); // a too-small input fails here, naming the layer
        return pool(x);
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("size", size, "stride", stride, "padding", padding);
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

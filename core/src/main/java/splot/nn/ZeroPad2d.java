package splot.nn;

import java.util.Map;
import splot.ops.Pad;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * Surrounds each image with zeros, as PyTorch's {@code nn.ZeroPad2d} and Keras' {@code ZeroPadding2D}.
 * Input (N, C, H, W) -> output (N, C, top + H + bottom, left + W + right). Takes images of any size. No parameters.
 */
public final class ZeroPad2d extends Layer {
    private final int top, bottom, left, right;

    /** p zeros on every side. */
    public ZeroPad2d(int p) {
        this(p, p, p, p);
    }

    public ZeroPad2d(int top, int bottom, int left, int right) {
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException("ZeroPad2d needs paddings >= 0, got top " + top + ", bottom " + bottom + ", left " + left + ", right " + right);
        }
        this.top = top;
        this.bottom = bottom;
        this.left = left;
        this.right = right;
    }

    @Override
    protected Shape build(Shape input) {
        if (input.rank() != 3) throw new IllegalArgumentException(describe() + " expects images (N, C, H, W), got items of shape " + input);
        return Shape.of(input.dim(0), top + input.dim(1) + bottom, left + input.dim(2) + right);
    }

    @Override
    protected boolean accepts(Shape built, Shape got) {
        return got.rank() == 3;
    }

    @Override
    protected Tensor forward(Tensor x) {
        return Pad.zeroPad2d(x, top, bottom, left, right);
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("top", top, "bottom", bottom, "left", left, "right", right);
    }

    /** The layer {@link #config()} describes (for {@link LayerTypes}). */
    static ZeroPad2d fromConfig(Config c) {
        return new ZeroPad2d(c.getInt("top"), c.getInt("bottom"), c.getInt("left"), c.getInt("right"));
    }

    public int top() {
        return top;
    }

    public int bottom() {
        return bottom;
    }

    public int left() {
        return left;
    }

    public int right() {
        return right;
    }
}

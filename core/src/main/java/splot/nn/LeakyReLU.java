package splot.nn;

import java.util.Map;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/** max(x, 0) + slope * min(x, 0); slope 0.01 by default as in PyTorch. Any shape -> the same shape. */
public final class LeakyReLU extends Layer {
    private final float slope;

    public LeakyReLU() {
        this(0.01f);
    }

    public LeakyReLU(float slope) {
        this.slope = slope;
    }

    @Override
    protected Shape build(Shape input) {
        return input;
    }

    @Override
    protected Tensor forward(Tensor x) {
        return x.leakyRelu(slope);
    }

    public float slope() {
        return slope;
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("slope", slope);
    }
}

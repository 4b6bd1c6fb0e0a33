package splot.nn;

import java.util.Map;
import splot.ops.MatMul;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * Fully connected layer (Keras' Dense): y = x W^T + b.
 * Input (N, in) -> output (N, out); {@code in} is learned at build time. Params = (in + 1) * out.
 * Weight (out, in) and bias (out) start Kaiming-uniform, as in PyTorch.
 */
public final class Linear extends Layer {
    private final int units;
    private final boolean useBias;
    private Tensor weight, bias;

    /** A dense layer with {@code units} outputs and a bias. */
    public Linear(int units) {
        this(units, true);
    }

    public Linear(int units, boolean bias) {
        if (units <= 0) throw new IllegalArgumentException("Linear needs at least one unit, got " + units);
        this.units = units;
        this.useBias = bias;
    }

    @Override
    protected Shape build(Shape input) {
        if (input.rank() != 1) {
            throw new IllegalArgumentException(describe() + " expects flat items (N, features), got items of shape " + input
                    + "; put a Flatten before it");
        }
        int in = input.dim(0);
        weight = addParameter("weight", Init.kaimingUniform(Tensor.zeros(units, in), in), true);
        if (useBias) bias = addParameter("bias", Init.kaimingUniform(Tensor.zeros(units), in), true);
        return Shape.of(units);
    }

    @Override
    protected Tensor forward(Tensor x) {
        return MatMul.linear(x, weight, bias);
    }

    /** {@code relu(call(x))} as one op ({@link MatMul#linearRelu}): Sequential runs a Linear and the ReLU after it so. */
    Tensor callWithRelu(Tensor x) {
        prepare(x);
        return MatMul.linearRelu(x, weight, bias);
    }

    public int units() {
        return units;
    }

    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("units", units, "bias", useBias);
    }
}

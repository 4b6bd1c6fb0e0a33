package splot.nn;

import java.util.Map;
import splot.ops.Conv1dSpec;
import splot.ops.Convolution;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * 1-D convolution layer over signals (audio samples as 1-D "pixels"), cross-correlation as
 * PyTorch's {@code nn.Conv1d}; the input channel count is learned at build time.
 *
 * <p>Shape: input (N, Cin, L) -> output (N, Cout, Lout),
 * Lout = floor((L + padLeft + padRight - dilation * (k - 1) - 1) / stride) + 1.
 * Once built, it takes signals of any length, but always Cin channels.
 * Weight (Cout, Cin / groups, k) and bias (Cout) start Kaiming-uniform. Params = (k * Cin / groups + 1) * Cout.
 * Padding: {@link Padding#VALID}, {@link Padding#SAME} or {@link Padding#of(int)} (p zeros at each end).
 */
public final class Conv1d extends ConvLayer<Conv1d> {
    private final int kernel;
    private int stride = 1;

    /** {@code outChannels} filters of {@code kernel} taps, stride 1, no padding. */
    public Conv1d(int outChannels, int kernel) {
        super(outChannels);
        if (outChannels <= 0 || kernel <= 0) {
            throw new IllegalArgumentException("Conv1d needs positive channels and kernel, got " + outChannels + " channels, kernel " + kernel);
        }
        this.kernel = kernel;
    }

    public Conv1d(int outChannels, int kernel, Padding padding) {
        this(outChannels, kernel);
        padding(padding);
    }

    public Conv1d stride(int s) {
        beforeBuild();
        if (s <= 0) throw new IllegalArgumentException(describe() + ": stride must be >= 1, got " + s);
        stride = s;
        return this;
    }

    @Override
    void checkPadding(Padding p) {
        if (p.height() != p.width()) {
            throw new IllegalArgumentException(describe() + " pads a signal at both ends by one amount; got 2-D padding " + p + ", use Padding.of(p)");
        }
    }

    @Override
    protected Shape build(Shape input) {
        createParameters(input, "signals (N, C, L)", kernel);
        return outputFor(input);
    }

    @Override
    protected Tensor forward(Tensor x) {
        outputFor(x.shape().withoutBatch());
        return Convolution.conv1d(x, weight(), bias(), spec(x.dim(2)));
    }

    private Shape outputFor(Shape item) {
        int out = spec(item.dim(1)).outLength(item.dim(1), kernel);
        if (out <= 0) {
            throw new IllegalArgumentException(describe() + ": a kernel of " + kernel + " with dilation " + dilation()
                    + " and padding " + padding() + " does not fit input items of shape " + item);
        }
        return Shape.of(outChannels(), out);
    }

    /** The op's settings for a signal of {@code length} (SAME padding depends on it when the stride is above 1). */
    public Conv1dSpec spec(int length) {
        int[] p = padding().along(1, length, kernel, stride, dilation());
        return Conv1dSpec.DEFAULT.stride(stride).padding(p[0], p[1]).dilation(dilation()).groups(groups());
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("filters", outChannels(), "kernel", kernel, "stride", stride, "padding", padding().toString(),
                "dilation", dilation(), "groups", groups(), "bias", hasBias());
    }

    /** The layer {@link #config()} describes, unbuilt (for {@link LayerTypes}). */
    static Conv1d fromConfig(Config c) {
        return new Conv1d(c.getInt("filters"), c.getInt("kernel")).stride(c.getInt("stride")).padding(Padding.parse(c.getString("padding")))
                .dilation(c.getInt("dilation")).groups(c.getInt("groups")).bias(c.getBoolean("bias"));
    }

    public int kernelSize() {
        return kernel;
    }

    public int stride() {
        return stride;
    }
}

package splot.nn;

import java.util.Map;
import java.util.Objects;
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
public final class Conv1d extends Layer {
    private final int outChannels, kernel;
    private int stride = 1, dilation = 1, groups = 1;
    private Padding padding = Padding.VALID;
    private boolean useBias = true;
    private Tensor weight, bias;

    /** {@code outChannels} filters of {@code kernel} taps, stride 1, no padding. */
    public Conv1d(int outChannels, int kernel) {
        if (outChannels <= 0 || kernel <= 0) {
            throw new IllegalArgumentException("Conv1d needs positive channels and kernel, got " + outChannels + " channels, kernel " + kernel);
        }
        this.outChannels = outChannels;
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

    public Conv1d padding(Padding p) {
        beforeBuild();
        Objects.requireNonNull(p, "padding");
        if (p.height() != p.width()) {
            throw new IllegalArgumentException(describe() + " pads a signal at both ends by one amount; got 2-D padding " + p + ", use Padding.of(p)");
        }
        padding = p;
        return this;
    }

    public Conv1d dilation(int d) {
        beforeBuild();
        if (d <= 0) throw new IllegalArgumentException(describe() + ": dilation must be >= 1, got " + d);
        dilation = d;
        return this;
    }

    /** Splits input and output channels into {@code g} groups convolved separately. */
    public Conv1d groups(int g) {
        beforeBuild();
        if (g <= 0 || outChannels % g != 0) {
            throw new IllegalArgumentException(describe() + ": groups must be >= 1 and divide the " + outChannels + " output channels, got " + g);
        }
        groups = g;
        return this;
    }

    public Conv1d bias(boolean on) {
        beforeBuild();
        useBias = on;
        return this;
    }

    private void beforeBuild() {
        if (isBuilt()) throw new IllegalStateException(describe() + " is already built; set its options before first use");
    }

    @Override
    protected Shape build(Shape input) {
        if (input.rank() != 2) {
            throw new IllegalArgumentException(describe() + " expects signals (N, C, L), got items of shape " + input);
        }
        int cin = input.dim(0);
        if (cin % groups != 0) {
            throw new IllegalArgumentException(describe() + ": groups=" + groups + " does not divide the " + cin + " input channels of " + input);
        }
        int fanIn = cin / groups * kernel;
        weight = addParameter("weight", Init.kaimingUniform(Tensor.zeros(outChannels, cin / groups, kernel), fanIn), true);
        if (useBias) bias = addParameter("bias", Init.kaimingUniform(Tensor.zeros(outChannels), fanIn), true);
        return outputFor(input);
    }

    @Override
    protected boolean accepts(Shape built, Shape got) {
        return got.rank() == 2 && got.dim(0) == built.dim(0);
    }

    @Override
    protected Tensor forward(Tensor x) {
        outputFor(x.shape().withoutBatch());
        return Convolution.conv1d(x, weight, bias, spec(x.dim(2)));
    }

    private Shape outputFor(Shape item) {
        int out = spec(item.dim(1)).outLength(item.dim(1), kernel);
        if (out <= 0) {
            throw new IllegalArgumentException(describe() + ": a kernel of " + kernel + " with dilation " + dilation
                    + " and padding " + padding + " does not fit input items of shape " + item);
        }
        return Shape.of(outChannels, out);
    }

    /** The op's settings for a signal of {@code length} (SAME padding depends on it when the stride is above 1). */
    public Conv1dSpec spec(int length) {
        int[] p = padding.along(1, length, kernel, stride, dilation);
        return Conv1dSpec.DEFAULT.stride(stride).padding(p[0], p[1]).dilation(dilation).groups(groups);
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("filters", outChannels, "kernel", kernel, "stride", stride, "padding", padding.toString(),
                "dilation", dilation, "groups", groups, "bias", useBias);
    }

    /** The layer {@link #config()} describes, unbuilt (for {@link LayerTypes}). */
    static Conv1d fromConfig(Config c) {
        return new Conv1d(c.getInt("filters"), c.getInt("kernel")).stride(c.getInt("stride")).padding(Padding.parse(c.getString("padding")))
                .dilation(c.getInt("dilation")).groups(c.getInt("groups")).bias(c.getBoolean("bias"));
    }

    /** The filters (Cout, Cin / groups, k), or null before build. */
    public Tensor weight() {
        return weight;
    }

    /** The biases (Cout), or null before build or without bias. */
    public Tensor bias() {
        return bias;
    }

    public int outChannels() {
        return outChannels;
    }

    public int kernelSize() {
        return kernel;
    }

    public int stride() {
        return stride;
    }

    public Padding padding() {
        return padding;
    }

    public int dilation() {
        return dilation;
    }

    public int groups() {
        return groups;
    }

    public boolean hasBias() {
        return useBias;
    }
}

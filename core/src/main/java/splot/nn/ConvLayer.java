package splot.nn;

import java.util.Objects;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * What the 1-D and 2-D convolution layers share: output channels, padding, dilation, groups and
 * bias options that can be set until the layer is built, and the weight and bias created then.
 * Subclasses add the kernel and stride, which have one or two dimensions.
 *
 * @param <L> the concrete layer, so that the option setters return it
 */
public abstract sealed class ConvLayer<L extends ConvLayer<L>> extends Layer permits Conv1d, Conv2d {
    private final int outChannels;
    private Padding padding = Padding.VALID;
    private int dilation = 1, groups = 1;
    private boolean useBias = true;
    private Tensor weight, bias;

    ConvLayer(int outChannels) {
        this.outChannels = outChannels;
    }

    /** Rejects a padding this layer cannot use; any by default. */
    void checkPadding(Padding p) {
    }

    public L padding(Padding p) {
        beforeBuild();
        Objects.requireNonNull(p, "padding");
        checkPadding(p);
        padding = p;
        return self();
    }

    public L dilation(int d) {
        beforeBuild();
        if (d <= 0) throw new IllegalArgumentException(describe() + ": dilation must be >= 1, got " + d);
        dilation = d;
        return self();
    }

    /** Splits input and output channels into {@code g} groups convolved separately (g == Cin: depthwise). */
    public L groups(int g) {
        beforeBuild();
        if (g <= 0 || outChannels % g != 0) {
            throw new IllegalArgumentException(describe() + ": groups must be >= 1 and divide the " + outChannels + " output channels, got " + g);
        }
        groups = g;
        return self();
    }

    public L bias(boolean on) {
        beforeBuild();
        useBias = on;
        return self();
    }

    @SuppressWarnings("unchecked")
    private L self() {
        return (L) this;
    }

    /** Options are fixed once the weights exist. */
    final void beforeBuild() {
        if (isBuilt()) throw new IllegalStateException(describe() + " is already built; set its options before first use");
    }

    /**
     * Checks the input item shape ({@code kernel.length + 1} dimensions, channels divisible by the
     * groups) and creates weight (Cout, Cin / groups, ...kernel) and bias (Cout), Kaiming-uniform.
     */
    final void createParameters(Shape input, String items, int... kernel) {
        if (input.rank() != kernel.length + 1) {
            throw new IllegalArgumentException(describe() + " expects " + items + ", got items of shape " + input);
        }
        int cin = input.dim(0);
        if (cin % groups != 0) {
            throw new IllegalArgumentException(describe() + ": groups=" + groups + " does not divide the " + cin + " input channels of " + input);
        }
        int[] dims = new int[kernel.length + 2];
        dims[0] = outChannels;
        dims[1] = cin / groups;
        int fanIn = cin / groups;
        for (int i = 0; i < kernel.length; i++) {
            dims[i + 2] = kernel[i];
            fanIn *= kernel[i];
        }
        weight = addParameter("weight", Init.kaimingUniform(Tensor.zeros(dims), fanIn), true);
        if (useBias) bias = addParameter("bias", Init.kaimingUniform(Tensor.zeros(outChannels), fanIn), true);
    }

    /** Any length or image size, but the built channel count. */
    @Override
    protected boolean accepts(Shape built, Shape got) {
        return got.rank() == built.rank() && got.dim(0) == built.dim(0);
    }

    /** The filters (Cout, Cin / groups, ...kernel), or null before build. */
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

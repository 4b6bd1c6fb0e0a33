package splot.nn;

import java.util.List;
import java.util.Map;
import splot.ops.Conv2dSpec;
import splot.ops.ConvEpilogue;
import splot.ops.Convolution;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * 2-D convolution layer (cross-correlation, no kernel flip), as PyTorch's {@code nn.Conv2d} and
 * Keras' {@code Conv2D}; the input channel count is learned at build time.
 *
 * <p>Shape: input (N, Cin, H, W) -> output (N, Cout, Hout, Wout) with
 * Hout = floor((H + padTop + padBottom - dilation * (kh - 1) - 1) / stride) + 1 (likewise Wout).
 * Once built, it takes images of any height and width, but always Cin channels.
 * Weight (Cout, Cin / groups, kh, kw) and bias (Cout) start Kaiming-uniform, as in PyTorch.
 * Params = (kh * kw * Cin / groups + 1) * Cout (a 5x5 single-channel filter has 26).
 *
 * <pre>{@code
 * new Conv2d(6, 5);                                  // LeNet's first layer: 6 maps, 5x5, valid
 * new Conv2d(64, 3, Padding.SAME);                   // keeps H x W
 * new Conv2d(128, 3).stride(2).padding(Padding.of(1)).bias(false);
 * }</pre>
 */
public final class Conv2d extends ConvLayer<Conv2d> {
    private final int kernelH, kernelW;
    private int strideH = 1, strideW = 1;

    /** {@code outChannels} filters of kernel x kernel, stride 1, no padding. */
    public Conv2d(int outChannels, int kernel) {
        this(outChannels, kernel, kernel);
    }

    public Conv2d(int outChannels, int kernel, Padding padding) {
        this(outChannels, kernel, kernel);
        padding(padding);
    }

    /** Rectangular kh x kw filters. */
    public Conv2d(int outChannels, int kh, int kw) {
        super(outChannels);
        if (outChannels <= 0 || kh <= 0 || kw <= 0) {
            throw new IllegalArgumentException("Conv2d needs positive channels and kernel, got " + outChannels + " channels, kernel " + kh + "x" + kw);
        }
        this.kernelH = kh;
        this.kernelW = kw;
    }

    public Conv2d stride(int s) {
        return stride(s, s);
    }

    public Conv2d stride(int sh, int sw) {
        beforeBuild();
        if (sh <= 0 || sw <= 0) throw new IllegalArgumentException(describe() + ": stride must be >= 1, got " + sh + "x" + sw);
        strideH = sh;
        strideW = sw;
        return this;
    }

    @Override
    protected Shape build(Shape input) {
        createParameters(input, "images (N, C, H, W)", kernelH, kernelW);
        return outputFor(input);
    }

    @Override
    protected Tensor forward(Tensor x) {
        outputFor(x.shape().withoutBatch());
        return Convolution.conv2d(x, weight(), bias(), spec(x.dim(2), x.dim(3)));
    }

    /**
     * {@code pad} (null for none), this layer, then {@code epilogue} (a ReLU, batch norm and max pool, or a tanh and
     * average pool), as one op: what {@link Sequential} runs for that run of layers, with the same values and
     * gradients. The zero padding joins the convolution's own (the column matrix is the same, without the padded copy
     * of x).
     */
    Tensor callFused(Tensor x, ZeroPad2d pad, ConvEpilogue epilogue) {
        if (pad != null) pad.prepare(x);
        prepare(x);
        int h = x.dim(2) + (pad == null ? 0 : pad.top() + pad.bottom()), w = x.dim(3) + (pad == null ? 0 : pad.left() + pad.right());
        outputFor(Shape.of(x.dim(1), h, w));
        Conv2dSpec spec = spec(h, w);
        if (pad != null) {
            spec = spec.padding(spec.padTop() + pad.top(), spec.padBottom() + pad.bottom(), spec.padLeft() + pad.left(),
                    spec.padRight() + pad.right());
        }
        return Convolution.conv2d(x, weight(), bias(), spec, epilogue);
    }

    /** The output item shape for input items (C, H, W), after checking that the kernel fits the padded input. */
    private Shape outputFor(Shape item) {
        Conv2dSpec spec = spec(item.dim(1), item.dim(2));
        int oh = spec.outHeight(item.dim(1), kernelH), ow = spec.outWidth(item.dim(2), kernelW);
        if (oh <= 0 || ow <= 0) {
            throw new IllegalArgumentException(describe() + ": a " + kernelH + "x" + kernelW + " kernel with dilation " + dilation()
                    + " and padding " + padding() + " does not fit input items of shape " + item);
        }
        return Shape.of(outChannels(), oh, ow);
    }

    /** The op's settings for an h x w input (SAME padding depends on the size when the stride is above 1). */
    public Conv2dSpec spec(int h, int w) {
        int[] ph = padding().along(0, h, kernelH, strideH, dilation()), pw = padding().along(1, w, kernelW, strideW, dilation());
        return Conv2dSpec.DEFAULT.stride(strideH, strideW).padding(ph[0], ph[1], pw[0], pw[1]).dilation(dilation()).groups(groups());
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("filters", outChannels(), "kernel", List.of(kernelH, kernelW), "stride", List.of(strideH, strideW),
                "padding", padding().toString(), "dilation", dilation(), "groups", groups(), "bias", hasBias());
    }

    /** The layer {@link #config()} describes, unbuilt (for {@link LayerTypes}). */
    static Conv2d fromConfig(Config c) {
        int[] k = c.getIntArray("kernel"), s = c.getIntArray("stride");
        return new Conv2d(c.getInt("filters"), k[0], k[1]).stride(s[0], s[1]).padding(Padding.parse(c.getString("padding")))
                .dilation(c.getInt("dilation")).groups(c.getInt("groups")).bias(c.getBoolean("bias"));
    }

    public int kernelHeight() {
        return kernelH;
    }

    public int kernelWidth() {
        return kernelW;
    }

    public int strideHeight() {
        return strideH;
    }

    public int strideWidth() {
        return strideW;
    }
}

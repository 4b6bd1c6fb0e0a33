package splot.ops;

import splot.kernel.Window2d;

/**
 * How a 2-D convolution slides: stride, zero padding on each side (asymmetric padding is what
 * TensorFlow-style "same" needs for even kernels or strides above 1), dilation and groups.
 * Immutable; start from {@link #DEFAULT} (stride 1, no padding, dilation 1, one group) and change
 * what differs:
 * <pre>{@code
 * var spec = Conv2dSpec.DEFAULT.stride(2).padding(1);          // PyTorch Conv2d(..., stride=2, padding=1)
 * var y = Convolution.conv2d(x, weight, bias, spec);
 * }</pre>
 * With groups g, the input channels split into g equal groups, each convolved with its own
 * Cout / g filters (g == Cin is a depthwise convolution).
 */
public record Conv2dSpec(int strideH, int strideW, int padTop, int padBottom, int padLeft, int padRight,
                         int dilationH, int dilationW, int groups) {

    /** Stride 1, no padding, dilation 1, one group. */
    public static final Conv2dSpec DEFAULT = new Conv2dSpec(1, 1, 0, 0, 0, 0, 1, 1, 1);

    public Conv2dSpec {
        if (strideH <= 0 || strideW <= 0 || dilationH <= 0 || dilationW <= 0 || groups <= 0
                || padTop < 0 || padBottom < 0 || padLeft < 0 || padRight < 0) {
            throw new IllegalArgumentException("Convolution needs strides, dilations and groups >= 1 and paddings >= 0, got " + this);
        }
    }

    public Conv2dSpec stride(int s) {
        return stride(s, s);
    }

    public Conv2dSpec stride(int sh, int sw) {
        return new Conv2dSpec(sh, sw, padTop, padBottom, padLeft, padRight, dilationH, dilationW, groups);
    }

    /** The same padding p on all four sides. */
    public Conv2dSpec padding(int p) {
        return padding(p, p, p, p);
    }

    /** ph above and below, pw left and right. */
    public Conv2dSpec padding(int ph, int pw) {
        return padding(ph, ph, pw, pw);
    }

    public Conv2dSpec padding(int top, int bottom, int left, int right) {
        return new Conv2dSpec(strideH, strideW, top, bottom, left, right, dilationH, dilationW, groups);
    }

    public Conv2dSpec dilation(int d) {
        return dilation(d, d);
    }

    public Conv2dSpec dilation(int dh, int dw) {
        return new Conv2dSpec(strideH, strideW, padTop, padBottom, padLeft, padRight, dh, dw, groups);
    }

    public Conv2dSpec groups(int g) {
        return new Conv2dSpec(strideH, strideW, padTop, padBottom, padLeft, padRight, dilationH, dilationW, g);
    }

    /** Output height for input height {@code h} and kernel height {@code kh}: floor((h + pads - d(kh - 1) - 1) / s) + 1. */
    public int outHeight(int h, int kh) {
        return Window2d.outSize(h, padTop + padBottom, kh, strideH, dilationH);
    }

    /** Output width for input width {@code w} and kernel width {@code kw}. */
    public int outWidth(int w, int kw) {
        return Window2d.outSize(w, padLeft + padRight, kw, strideW, dilationW);
    }

    /** The window over one group of {@code channels} channels of an h x w image, or an error when it has no room. */
    Window2d window(int channels, int h, int w, int kh, int kw, String op) {
        int oh = outHeight(h, kh), ow = outWidth(w, kw);
        if (oh <= 0 || ow <= 0) {
            throw new IllegalArgumentException(op + ": a " + kh + "x" + kw + " kernel (dilation " + dilationH + "x" + dilationW
                    + ") does not fit an input of " + h + "x" + w + " padded by " + (padTop + padBottom) + "x" + (padLeft + padRight));
        }
        return new Window2d(channels, h, w, kh, kw, strideH, strideW, padTop, padLeft, dilationH, dilationW, oh, ow);
    }
}

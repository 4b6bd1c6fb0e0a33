package splot.ops;

/**
 * How a 1-D convolution slides: stride, zero padding before and after the signal, dilation and
 * groups. Immutable; start from {@link #DEFAULT} and change what differs, as {@link Conv2dSpec}.
 */
public record Conv1dSpec(int stride, int padLeft, int padRight, int dilation, int groups) {

    /** Stride 1, no padding, dilation 1, one group. */
    public static final Conv1dSpec DEFAULT = new Conv1dSpec(1, 0, 0, 1, 1);

    public Conv1dSpec {
        if (stride <= 0 || dilation <= 0 || groups <= 0 || padLeft < 0 || padRight < 0) {
            throw new IllegalArgumentException("Convolution needs stride, dilation and groups >= 1 and paddings >= 0, got " + this);
        }
    }

    public Conv1dSpec stride(int s) {
        return new Conv1dSpec(s, padLeft, padRight, dilation, groups);
    }

    /** The same padding p on both ends. */
    public Conv1dSpec padding(int p) {
        return padding(p, p);
    }

    public Conv1dSpec padding(int left, int right) {
        return new Conv1dSpec(stride, left, right, dilation, groups);
    }

    public Conv1dSpec dilation(int d) {
        return new Conv1dSpec(stride, padLeft, padRight, d, groups);
    }

    public Conv1dSpec groups(int g) {
        return new Conv1dSpec(stride, padLeft, padRight, dilation, g);
    }

    /** Output length: floor((L + pads - d(k - 1) - 1) / s) + 1. */
    public int outLength(int length, int kernel) {
        return asConv2d().outWidth(length, kernel);
    }

    /** The same convolution over a 1 x L image. */
    Conv2dSpec asConv2d() {
        return new Conv2dSpec(1, stride, 0, 0, padLeft, padRight, 1, dilation, groups);
    }
}

package splot.ops;

import splot.kernel.Window2d;

/**
 * The window of a 2-D pooling: kernel size, stride and symmetric padding per axis, as PyTorch's
 * {@code MaxPool2d(kernel_size, stride, padding)} (floor mode). Padding may be at most half the
 * kernel, so that every window holds at least one input.
 * Output size: floor((H + 2 * padH - kernelH) / strideH) + 1.
 */
public record Pool2dSpec(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {

    public Pool2dSpec {
        if (kernelH <= 0 || kernelW <= 0 || strideH <= 0 || strideW <= 0) {
            throw new IllegalArgumentException("Pooling needs kernel and stride >= 1, got " + this);
        }
        if (padH < 0 || padW < 0 || padH > kernelH / 2 || padW > kernelW / 2) {
            throw new IllegalArgumentException("Pooling padding must be between 0 and half the kernel, got " + this);
        }
    }

    /** A size x size window moved by its own size (non-overlapping), as PyTorch's default stride. */
    public static Pool2dSpec of(int size) {
        return of(size, size, 0);
    }

    public static Pool2dSpec of(int size, int stride) {
        return of(size, stride, 0);
    }

    public static Pool2dSpec of(int size, int stride, int padding) {
        return new Pool2dSpec(size, size, stride, stride, padding, padding);
    }

    public int outHeight(int h) {
        return Window2d.outSize(h, 2 * padH, kernelH, strideH, 1);
    }

    public int outWidth(int w) {
        return Window2d.outSize(w, 2 * padW, kernelW, strideW, 1);
    }

    /** The window over {@code planes} planes of h x w, or an error when the input is smaller than the window. */
    Window2d window(int planes, int h, int w, String op) {
        int oh = outHeight(h), ow = outWidth(w);
        if (oh <= 0 || ow <= 0) {
            throw new IllegalArgumentException(op + ": a " + kernelH + "x" + kernelW + " window does not fit an input of " + h + "x" + w
                    + " with padding " + padH + "x" + padW);
        }
        return new Window2d(planes, h, w, kernelH, kernelW, strideH, strideW, padH, padW, 1, 1, oh, ow);
    }
}

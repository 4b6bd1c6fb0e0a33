package splot.ops;

import splot.kernel.Gemm;
import splot.kernel.Im2col;
import splot.kernel.Window2d;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * Convolutions as deep-learning layers compute them: cross-correlation (the kernel is not
 * flipped), NCHW, as PyTorch's {@code F.conv2d} and {@code F.conv1d}.
 *
 * <p>conv2d: input (N, Cin, H, W), weight (Cout, Cin / groups, kh, kw), bias (Cout) or null ->
 * output (N, Cout, Hout, Wout), Hout = floor((H + padTop + padBottom - d(kh - 1) - 1) / s) + 1.
 *
 * <p>Each image and group is one GEMM over its im2col matrix (see {@link Im2col}):
 * {@code y_g = W_g x col_g}. Backward reuses the same matrices: {@code dW_g += dy_g x col_g^T},
 * {@code dcol = W_g^T x dy_g} folded back into dx by col2im, {@code db = sum of dy}. The column
 * buffer is one image's worth and is rebuilt in backward instead of kept, so memory stays at
 * one (Cin/g * kh * kw) x (Hout * Wout) matrix whatever the batch size.
 * A 1x1 convolution with stride 1 and no padding needs no im2col: the image already is its column matrix.
 */
public final class Convolution {
    private Convolution() {
    }

    /** conv2d with stride 1, no padding, dilation 1, one group. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias) {
        return conv2d(x, weight, bias, Conv2dSpec.DEFAULT);
    }

    /** 2-D cross-correlation of x (N, Cin, H, W) with weight (Cout, Cin / groups, kh, kw), plus bias (Cout) if not null. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, Conv2dSpec spec) {
        if (x.rank() != 4 || weight.rank() != 4) {
            throw new IllegalArgumentException("conv2d: expected input (N, C, H, W) and weight (Cout, Cin/groups, kh, kw), got input "
                    + x.shape() + " and weight " + weight.shape());
        }
        int cout = checkChannels("conv2d", x, weight, bias, spec.groups());
        Window2d win = spec.window(weight.dim(1), x.dim(2), x.dim(3), weight.dim(2), weight.dim(3), "conv2d");
        return convolve("conv2d", x, weight, bias, spec.groups(), win, Shape.of(x.dim(0), cout, win.outH(), win.outW()));
    }

    /** 1-D cross-correlation of x (N, Cin, L) with weight (Cout, Cin / groups, k), plus bias (Cout) if not null. */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, Conv1dSpec spec) {
        if (x.rank() != 3 || weight.rank() != 3) {
            throw new IllegalArgumentException("conv1d: expected input (N, C, L) and weight (Cout, Cin/groups, k), got input "
                    + x.shape() + " and weight " + weight.shape());
        }
        int cout = checkChannels("conv1d", x, weight, bias, spec.groups());
        // A signal is a 1 x L image: the 2-D machinery with a 1 x k kernel.
        Window2d win = spec.asConv2d().window(weight.dim(1), 1, x.dim(2), 1, weight.dim(2), "conv1d");
        return convolve("conv1d", x, weight, bias, spec.groups(), win, Shape.of(x.dim(0), cout, win.outW()));
    }

    /** conv1d with stride 1, no padding, dilation 1, one group. */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias) {
        return conv1d(x, weight, bias, Conv1dSpec.DEFAULT);
    }

    /** Checks that channels, groups and bias agree; returns Cout. */
    private static int checkChannels(String op, Tensor x, Tensor weight, Tensor bias, int groups) {
        int cin = x.dim(1), cout = weight.dim(0);
        if (weight.dim(1) * groups != cin) {
            throw new IllegalArgumentException(op + ": input " + x.shape() + " has " + cin + " channels but weight " + weight.shape()
                    + " with groups=" + groups + " expects " + weight.dim(1) * groups);
        }
        if (cout % groups != 0) {
            throw new IllegalArgumentException(op + ": " + cout + " output channels do not split into groups=" + groups);
        }
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != cout)) {
            throw new IllegalArgumentException(op + ": bias " + bias.shape() + " does not match " + cout + " output channels");
        }
        return cout;
    }

    private static Tensor convolve(String op, Tensor x, Tensor weight, Tensor bias, int groups, Window2d win, Shape outShape) {
        int n = x.dim(0), cout = weight.dim(0), og = cout / groups;
        int k = win.colRows(), p = win.outPlane(), groupIn = win.channels() * win.inPlane(), imageIn = groups * groupIn;
        boolean direct = isPointwise(win);
        float[] xd = x.data(), wd = weight.data();
        float[] col = direct ? null : new float[k * p];
        float[] y = new float[n * cout * p];
        for (int i = 0; i < n; i++) {
            for (int g = 0; g < groups; g++) {
                int xOff = i * imageIn + g * groupIn;
                if (!direct) Im2col.im2col(xd, xOff, win, col, 0);
                Gemm.sgemm(false, false, og, p, k, wd, g * og * k, k, direct ? xd : col, direct ? xOff : 0, p,
                        y, (i * cout + g * og) * p, p, false);
            }
            if (bias != null) {
                float[] b = bias.data();
                for (int c = 0; c < cout; c++) {
                    int off = (i * cout + c) * p;
                    for (int j = 0; j < p; j++) y[off + j] += b[c];
                }
            }
        }
        return Tensor.fromOp(op, y, outShape, gy -> {
            boolean wantX = x.requiresGrad(), wantW = weight.requiresGrad();
            float[] gx = wantX ? x.gradBuffer() : null, gw = wantW ? weight.gradBuffer() : null;
            float[] cols = direct || !wantW ? null : new float[k * p];
            float[] dcol = direct || !wantX ? null : new float[k * p];
            for (int i = 0; i < n; i++) {
                for (int g = 0; g < groups; g++) {
                    int xOff = i * imageIn + g * groupIn, yOff = (i * cout + g * og) * p, wOff = g * og * k;
                    if (wantW) {
                        // dW_g (og x k) += dy_g (og x p) * col^T (p x k)
                        if (!direct) Im2col.im2col(xd, xOff, win, cols, 0);
                        Gemm.sgemm(false, true, og, k, p, gy, yOff, p, direct ? xd : cols, direct ? xOff : 0, p, gw, wOff, k, true);
                    }
                    if (wantX) {
                        // dcol (k x p) = W_g^T (k x og) * dy_g (og x p), then each entry back onto its pixel
                        if (direct) {
                            Gemm.sgemm(true, false, k, p, og, wd, wOff, k, gy, yOff, p, gx, xOff, p, true);
                        } else {
                            Gemm.sgemm(true, false, k, p, og, wd, wOff, k, gy, yOff, p, dcol, 0, p, false);
                            Im2col.col2im(dcol, 0, win, gx, xOff);
                        }
                    }
                }
            }
            if (bias != null && bias.requiresGrad()) {
                float[] gb = bias.gradBuffer();
                for (int i = 0; i < n; i++)
                    for (int c = 0; c < cout; c++) {
                        int off = (i * cout + c) * p;
                        double s = 0;
                        for (int j = 0; j < p; j++) s += gy[off + j];
                        gb[c] += (float) s;
                    }
            }
        }, x, weight, bias);
    }

    /** A 1x1 window with stride 1 and no padding reads every pixel once in place: im2col would be a copy. */
    private static boolean isPointwise(Window2d w) {
        return w.kernelH() == 1 && w.kernelW() == 1 && w.strideH() == 1 && w.strideW() == 1
                && w.padTop() == 0 && w.padLeft() == 0 && w.outH() == w.height() && w.outW() == w.width();
    }
}

package splot.ops;

import java.util.Arrays;
import splot.kernel.Gemm;
import splot.kernel.Im2col;
import splot.kernel.Parallel;
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
 * buffer is one image's worth per thread and is rebuilt in backward instead of kept, so memory stays at
 * one (Cin/g * kh * kw) x (Hout * Wout) matrix per thread whatever the batch size. The batch is split
 * across threads, an image at a time per thread.
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
        Geometry geo = new Geometry(x.dim(0), weight.dim(0), groups, win);
        float[] xd = x.data(), wd = weight.data(), bd = bias == null ? null : bias.data();
        float[] y = new float[geo.n * geo.cout * geo.p];
        // Images are independent: each thread convolves a run of them with its own column buffer, and the GEMMs
        // inside run on that thread (Parallel runs nested loops inline). One image alone lets the GEMM split instead.
        Parallel.forRange(0, geo.n, (lo, hi) -> forwardImages(geo, lo, hi, xd, wd, bd, y));
        return Tensor.fromOp(op, y, outShape, gy -> {
            boolean wantX = x.requiresGrad(), wantW = weight.requiresGrad(), wantB = bias != null && bias.requiresGrad();
            float[] gx = wantX ? x.gradBuffer() : null;
            // The weight and bias gradients are summed per piece of the batch and the pieces then added in order,
            // so the result does not depend on which thread finished first.
            int pieces = Math.min(geo.n, Parallel.threads());
            float[][] gw = new float[pieces][], gb = new float[pieces][];
            if (wantW) gw[0] = weight.gradBuffer();
            if (wantB) gb[0] = bias.gradBuffer();
            Parallel.forRange(0, pieces, (a, b) -> {
                for (int piece = a; piece < b; piece++) {
                    if (piece > 0 && wantW) gw[piece] = new float[wd.length];
                    if (piece > 0 && wantB) gb[piece] = new float[geo.cout];
                    backwardImages(geo, piece * geo.n / pieces, (piece + 1) * geo.n / pieces, xd, wd, gy, gx, gw[piece], gb[piece]);
                }
            });
            for (int piece = 1; piece < pieces; piece++) {
                if (wantW) addInto(gw[0], gw[piece]);
                if (wantB) addInto(gb[0], gb[piece]);
            }
        }, x, weight, bias);
    }

    /** Sizes of one convolution: per image, each group is the GEMM (og x k) x (k x p). */
    private record Geometry(int n, int cout, int groups, Window2d win, int og, int k, int p, int groupIn, int imageIn, boolean direct) {
        Geometry(int n, int cout, int groups, Window2d win) {
            this(n, cout, groups, win, cout / groups, win.colRows(), win.outPlane(), win.channels() * win.inPlane(),
                    groups * win.channels() * win.inPlane(), isPointwise(win));
        }
    }

    /** y for images [lo, hi): bias first, then each group's GEMM accumulated onto it. */
    private static void forwardImages(Geometry geo, int lo, int hi, float[] xd, float[] wd, float[] bd, float[] y) {
        int og = geo.og, k = geo.k, p = geo.p;
        float[] col = geo.direct ? null : workspace(0, k * p);
        for (int i = lo; i < hi; i++) {
            if (bd != null) {
                for (int c = 0; c < geo.cout; c++) Arrays.fill(y, (i * geo.cout + c) * p, (i * geo.cout + c + 1) * p, bd[c]);
            }
            for (int g = 0; g < geo.groups; g++) {
                int xOff = i * geo.imageIn + g * geo.groupIn;
                if (!geo.direct) Im2col.im2col(xd, xOff, geo.win, col, 0);
                Gemm.sgemm(false, false, og, p, k, wd, g * og * k, k, geo.direct ? xd : col, geo.direct ? xOff : 0, p,
                        y, (i * geo.cout + g * og) * p, p, bd != null);
            }
        }
    }

    /**
     * Gradients from images [lo, hi): dx into gx (each image its own slice), dW into gw and db into gb (this piece's
     * own sums; null when not wanted). The column matrix is rebuilt from x rather than kept from the forward pass.
     */
    private static void backwardImages(Geometry geo, int lo, int hi, float[] xd, float[] wd, float[] gy,
                                       float[] gx, float[] gw, float[] gb) {
        int og = geo.og, k = geo.k, p = geo.p;
        float[] cols = geo.direct || gw == null ? null : workspace(0, k * p);
        float[] dcol = geo.direct || gx == null ? null : workspace(1, k * p);
        float[] colT = gw == null ? null : workspace(2, k * p);
        for (int i = lo; i < hi; i++) {
            for (int g = 0; g < geo.groups; g++) {
                int xOff = i * geo.imageIn + g * geo.groupIn, yOff = (i * geo.cout + g * og) * p, wOff = g * og * k;
                if (gw != null) {
                    // dW_g (og x k) += dy_g (og x p) * col^T (p x k), with col^T written out: GEMM's plain-B path
                    // is much faster than its transposed-B one, and the copy costs k * p against og * k * p FMAs.
                    if (!geo.direct) Im2col.im2col(xd, xOff, geo.win, cols, 0);
                    Im2col.transpose(geo.direct ? xd : cols, geo.direct ? xOff : 0, k, p, colT, 0);
                    Gemm.sgemm(false, false, og, k, p, gy, yOff, p, colT, 0, k, gw, wOff, k, true);
                }
                if (gx != null) {
                    // dcol (k x p) = W_g^T (k x og) * dy_g (og x p), then each entry back onto its pixel
                    if (geo.direct) {
                        Gemm.sgemm(true, false, k, p, og, wd, wOff, k, gy, yOff, p, gx, xOff, p, true);
                    } else {
                        Gemm.sgemm(true, false, k, p, og, wd, wOff, k, gy, yOff, p, dcol, 0, p, false);
                        Im2col.col2im(dcol, 0, geo.win, gx, xOff);
                    }
                }
            }
            if (gb != null) {
                for (int c = 0; c < geo.cout; c++) {
                    int off = (i * geo.cout + c) * p;
                    double s = 0;
                    for (int j = 0; j < p; j++) s += gy[off + j];
                    gb[c] += (float) s;
                }
            }
        }
    }

    private static void addInto(float[] sum, float[] part) {
        for (int i = 0; i < sum.length; i++) sum[i] += part[i];
    }

    /** Per-thread buffers reused across calls: [0] the column matrix, [1] its gradient, [2] its transpose. Grown, never shrunk. */
    private static final ThreadLocal<float[][]> WORKSPACE = ThreadLocal.withInitial(() -> new float[3][0]);

    private static float[] workspace(int which, int size) {
        float[][] ws = WORKSPACE.get();
        if (ws[which].length < size) ws[which] = new float[size];
        return ws[which];
    }

    /** A 1x1 window with stride 1 and no padding reads every pixel once in place: im2col would be a copy. */
    private static boolean isPointwise(Window2d w) {
        return w.kernelH() == 1 && w.kernelW() == 1 && w.strideH() == 1 && w.strideW() == 1
                && w.padTop() == 0 && w.padLeft() == 0 && w.outH() == w.height() && w.outW() == w.width();
    }
}

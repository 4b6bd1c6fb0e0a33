package splot.ops;

import java.util.Arrays;
import splot.kernel.Gemm;
import splot.kernel.Im2col;
import splot.kernel.Parallel;
import splot.kernel.Transpose;
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
 * <p>Each group is a GEMM over im2col matrices (see {@link Im2col}): {@code y_g = W_g x col_g}. Backward
 * reuses the same matrices: {@code dW_g += dy_g x col_g^T}, {@code dcol = W_g^T x dy_g} folded back into dx
 * by col2im, {@code db = sum of dy}. The batch is split across threads; each thread puts the column matrices
 * of a few images side by side (about 1 MB of them) and runs one GEMM over the block, in buffers of its own
 * that are kept between calls. Columns are rebuilt in backward instead of kept, so memory stays at a few
 * such blocks per thread whatever the batch size.
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

    /**
     * Sizes of one convolution: per image, each group is the GEMM (og x k) x (k x p); {@code batch} images at a
     * time go through one GEMM of width batch * p.
     */
    private record Geometry(int n, int cout, int groups, Window2d win, int og, int k, int p, int groupIn, int imageIn, int batch) {
        Geometry(int n, int cout, int groups, Window2d win) {
            this(n, cout, groups, win, cout / groups, win.colRows(), win.outPlane(), win.channels() * win.inPlane(),
                    groups * win.channels() * win.inPlane(), imagesPerGemm(win.colRows(), win.outPlane()));
        }

        int xOff(int image, int g) {
            return image * imageIn + g * groupIn;
        }

        /** Start of output channel c of one image in y. */
        int yOff(int image, int c) {
            return (image * cout + c) * p;
        }
    }

    /** Floats of the column block of one GEMM to aim for: about 1 MB, so it stays in a core's L2 cache. */
    private static final int COLUMN_BLOCK = 1 << 18;
    private static final int MAX_IMAGES_PER_GEMM = 16;

    /**
     * Images whose column matrices sit side by side in one GEMM: the weights are packed once for all of them and
     * the GEMM gets a wide B (a 3x3 convolution on a 13x13 map alone is only 121 columns), while the block of
     * columns still fits in cache.
     */
    private static int imagesPerGemm(int k, int p) {
        return (int) Math.max(1, Math.min(MAX_IMAGES_PER_GEMM, COLUMN_BLOCK / ((long) k * p)));
    }

    /**
     * y for images [lo, hi), {@code geo.batch} at a time: their column matrices side by side (k x width), one GEMM
     * per group into a scratch block (og x width), then each image's rows copied out to NCHW with the bias added.
     */
    private static void forwardImages(Geometry geo, int lo, int hi, float[] xd, float[] wd, float[] bd, float[] y) {
        int og = geo.og, k = geo.k, p = geo.p;
        float[] col = workspace(COL, k * geo.batch * p), out = workspace(OUT, og * geo.batch * p);
        for (int i0 = lo; i0 < hi; i0 += geo.batch) {
            int images = Math.min(geo.batch, hi - i0), width = images * p;
            for (int g = 0; g < geo.groups; g++) {
                for (int b = 0; b < images; b++) Im2col.im2col(xd, geo.xOff(i0 + b, g), geo.win, col, b * p, width);
                Gemm.sgemm(false, false, og, width, k, wd, g * og * k, k, col, 0, width, out, 0, width, false);
                for (int b = 0; b < images; b++) {
                    for (int c = 0; c < og; c++) {
                        int src = c * width + b * p, dst = geo.yOff(i0 + b, g * og + c);
                        float bias = bd == null ? 0f : bd[g * og + c];
                        for (int j = 0; j < p; j++) y[dst + j] = out[src + j] + bias;
                    }
                }
            }
        }
    }

    /**
     * Gradients from images [lo, hi), {@code geo.batch} at a time: dx into gx (each image its own slice), dW into
     * gw and db into gb (this piece's own sums; null when not wanted). The column matrix is rebuilt from x rather
     * than kept from the forward pass.
     */
    private static void backwardImages(Geometry geo, int lo, int hi, float[] xd, float[] wd, float[] gy,
                                       float[] gx, float[] gw, float[] gb) {
        int og = geo.og, k = geo.k, p = geo.p, most = geo.batch * p;
        float[] dy = workspace(OUT, og * most);
        float[] col = gw == null ? null : workspace(COL, k * most), colT = gw == null ? null : workspace(COL_T, k * most);
        float[] dcol = gx == null ? null : workspace(DCOL, k * most);
        for (int i0 = lo; i0 < hi; i0 += geo.batch) {
            int images = Math.min(geo.batch, hi - i0), width = images * p;
            for (int g = 0; g < geo.groups; g++) {
                int wOff = g * og * k;
                // dy of these images side by side: (og x width), as the forward GEMM's output.
                for (int b = 0; b < images; b++)
                    for (int c = 0; c < og; c++) System.arraycopy(gy, geo.yOff(i0 + b, g * og + c), dy, c * width + b * p, p);
                if (gw != null) {
                    // dW_g (og x k) += dy (og x width) * col^T (width x k), with col^T written out: GEMM's plain-B
                    // path is much faster than its transposed-B one, and the copy costs k * width against og times that.
                    for (int b = 0; b < images; b++) Im2col.im2col(xd, geo.xOff(i0 + b, g), geo.win, col, b * p, width);
                    Transpose.transpose(col, 0, k, width, colT, 0);
                    Gemm.sgemm(false, false, og, k, width, dy, 0, width, colT, 0, k, gw, wOff, k, true);
                }
                if (gx != null) {
                    // dcol (k x width) = W_g^T (k x og) * dy (og x width), then each entry back onto its pixel
                    Gemm.sgemm(true, false, k, width, og, wd, wOff, k, dy, 0, width, dcol, 0, width, false);
                    for (int b = 0; b < images; b++) Im2col.col2im(dcol, b * p, width, geo.win, gx, geo.xOff(i0 + b, g));
                }
            }
        }
        if (gb != null) {
            for (int i = lo; i < hi; i++)
                for (int c = 0; c < geo.cout; c++) gb[c] += (float) sum(gy, geo.yOff(i, c), p);
        }
    }

    /** Sum of {@code a[off..off+len)} in double, over four running sums so the adds do not wait on each other. */
    private static double sum(float[] a, int off, int len) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 4 <= len; j += 4) {
            s0 += a[off + j];
            s1 += a[off + j + 1];
            s2 += a[off + j + 2];
            s3 += a[off + j + 3];
        }
        for (; j < len; j++) s0 += a[off + j];
        return (s0 + s1) + (s2 + s3);
    }

    private static void addInto(float[] sum, float[] part) {
        for (int i = 0; i < sum.length; i++) sum[i] += part[i];
    }

    /** Per-thread buffers reused across calls (grown, never shrunk): the column block, its gradient, its transpose, and an output block. */
    private static final ThreadLocal<float[][]> WORKSPACE = ThreadLocal.withInitial(() -> new float[4][0]);
    private static final int COL = 0, DCOL = 1, COL_T = 2, OUT = 3;

    private static float[] workspace(int which, int size) {
        float[][] ws = WORKSPACE.get();
        if (ws[which].length < size) ws[which] = new float[size];
        return ws[which];
    }
}

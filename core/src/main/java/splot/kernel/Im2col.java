package splot.kernel;

import java.util.Arrays;

/**
 * Unfolds an image into the matrix whose product with the weights is a convolution, and folds it back.
 *
 * <p>For one (C, H, W) image and a {@link Window2d}, the column matrix has C * kh * kw rows (row
 * {@code (c * kh + i) * kw + j} is tap (i, j) of channel c) and outH * outW columns (one per window
 * position), row-major. Padding reads as zero. Then a convolution of Cout filters is the GEMM
 * {@code weight (Cout, C*kh*kw) x col (C*kh*kw, outH*outW)}.
 *
 * <p>Both loops run one (channel, tap, output row) at a time and split the output row into the
 * columns that fall in the padding and those that read the image, so the inner loop has no bounds
 * test (and is a plain copy when the stride is 1).
 */
public final class Im2col {
    private Im2col() {
    }

    /** Writes the column matrix of the image at {@code x[xOff...]} into {@code col[colOff...]} (overwrites). */
    public static void im2col(float[] x, int xOff, Window2d w, float[] col, int colOff) {
        im2col(x, xOff, w, col, colOff, w.outPlane());
    }

    /**
     * {@link #im2col(float[], int, Window2d, float[], int)} into a wider matrix whose rows are {@code ldCol} apart,
     * so the column matrices of several images can sit side by side and go through one GEMM.
     */
    public static void im2col(float[] x, int xOff, Window2d w, float[] col, int colOff, int ldCol) {
        int oh = w.outH(), ow = w.outW(), sw = w.strideW();
        if (sw == 1 && w.strideH() == 1 && ow == w.width()) {
            sameSizeIm2col(x, xOff, w, col, colOff, ldCol);
            return;
        }
        if (insideImage(w)) {
            validIm2col(x, xOff, w, col, colOff, ldCol);
            return;
        }
        int row = colOff;
        for (int c = 0; c < w.channels(); c++) {
            int plane = xOff + c * w.inPlane();
            for (int i = 0; i < w.kernelH(); i++) {
                int dy = i * w.dilationH() - w.padTop();
                // Output rows [y0, y1) read inside the image; the rows before and after are padding.
                int y0 = w.firstRow(dy), y1 = Math.max(y0, w.endRow(dy));
                for (int j = 0; j < w.kernelW(); j++, row += ldCol) {
                    int dx = j * w.dilationW() - w.padLeft();
                    int lo = w.firstCol(dx), hi = w.endCol(dx);
                    Arrays.fill(col, row, row + y0 * ow, 0f);
                    Arrays.fill(col, row + y1 * ow, row + oh * ow, 0f);
                    if (lo >= hi) {
                        Arrays.fill(col, row + y0 * ow, row + y1 * ow, 0f);
                        continue;
                    }
                    int src = plane + dy * w.width() + dx;
                    if (sw == 1) {
                        // One run per output row, copied first: the copy may write into the padding columns, which
                        // are zeroed after it.
                        if (y0 < y1) {
                            Elementwise.copyRuns(x, src + y0 * w.strideH() * w.width() + lo, w.strideH() * w.width(),
                                    col, row + y0 * ow + lo, ow, hi - lo, y1 - y0);
                        }
                        zeroColumns(col, row, ow, y0, y1, lo, hi);
                        continue;
                    }
                    for (int oy = y0; oy < y1; oy++) {
                        int dst = row + oy * ow, from = src + oy * w.strideH() * w.width();
                        if (lo > 0) Arrays.fill(col, dst, dst + lo, 0f);
                        if (hi < ow) Arrays.fill(col, dst + hi, dst + ow, 0f);
                        for (int ox = lo; ox < hi; ox++) col[dst + ox] = x[from + ox * sw];
                    }
                }
            }
        }
    }

    /** Whether every tap of every window position reads inside the image: stride 1, no dilation, no padding. */
    private static boolean insideImage(Window2d w) {
        return w.strideH() == 1 && w.strideW() == 1 && w.dilationH() == 1 && w.dilationW() == 1 && w.padTop() == 0
                && w.padLeft() == 0 && w.outH() + w.kernelH() - 1 <= w.height() && w.outW() + w.kernelW() - 1 <= w.width();
    }

    /**
     * im2col of a window that never reads padding: each tap's row of the column matrix is outH runs of outW floats, one
     * copy of the runs with no bounds to find and nothing to zero. LeNet-5's second convolution has 150 taps of ten runs
     * of ten floats an image; its forward pass took 1.44 ms on one thread against 1.51 through the general loop
     * (BENCHMARKS.md, session 37).
     */
    private static void validIm2col(float[] x, int xOff, Window2d w, float[] col, int colOff, int ldCol) {
        int row = colOff, width = w.width(), oh = w.outH(), ow = w.outW();
        for (int c = 0; c < w.channels(); c++) {
            int plane = xOff + c * w.inPlane();
            for (int i = 0; i < w.kernelH(); i++) {
                for (int j = 0; j < w.kernelW(); j++, row += ldCol) {
                    Elementwise.copyRuns(x, plane + i * width + j, width, col, row, ow, ow, oh);
                }
            }
        }
    }

    /** Zeroes columns [0, lo) and [hi, ow) of output rows [y0, y1) of the column-matrix row at {@code row}. */
    private static void zeroColumns(float[] col, int row, int ow, int y0, int y1, int lo, int hi) {
        if (lo == 0 && hi == ow) return;
        for (int oy = y0; oy < y1; oy++) {
            int r = row + oy * ow;
            for (int ox = 0; ox < lo; ox++) col[r + ox] = 0f;
            for (int ox = hi; ox < ow; ox++) col[r + ox] = 0f;
        }
    }

    /**
     * im2col when the stride is 1 and the output is as wide as the input ('same' padding): then a tap's whole row of
     * the column matrix is the input plane shifted by a constant, so the rows that read the image are one copy, after
     * which the few columns that wrapped around into a neighbouring image row are zeroed. A 3x3 convolution on an 8x8
     * map otherwise makes eight copies of eight floats per tap, and im2col was a fifth of cifar-vgg's inference.
     */
    private static void sameSizeIm2col(float[] x, int xOff, Window2d w, float[] col, int colOff, int ldCol) {
        int oh = w.outH(), ow = w.outW(), row = colOff;
        for (int c = 0; c < w.channels(); c++) {
            int plane = xOff + c * w.inPlane();
            for (int i = 0; i < w.kernelH(); i++) {
                int dy = i * w.dilationH() - w.padTop();
                // Output rows [y0, y1) read image rows y0 + dy .. y1 - 1 + dy, all inside the image.
                int y0 = w.firstRow(dy), y1 = Math.max(y0, w.endRow(dy));
                for (int j = 0; j < w.kernelW(); j++, row += ldCol) {
                    int dx = j * w.dilationW() - w.padLeft();
                    int lo = w.firstCol(dx), hi = w.endCol(dx);
                    Arrays.fill(col, row, row + y0 * ow, 0f);
                    Arrays.fill(col, row + y1 * ow, row + oh * ow, 0f);
                    if (y0 == y1) continue;
                    if (lo >= hi) {
                        Arrays.fill(col, row + y0 * ow, row + y1 * ow, 0f);
                        continue;
                    }
                    // From the first inside column of row y0 to the last inside column of row y1 - 1: every index
                    // read lies in this plane.
                    int first = y0 * ow + lo, end = (y1 - 1) * ow + hi;
                    System.arraycopy(x, plane + (y0 + dy) * w.width() + lo + dx, col, row + first, end - first);
                    zeroColumns(col, row, ow, y0, y1, lo, hi);
                }
            }
        }
    }

    /** The transpose of {@link #im2col}: adds each column entry back onto the pixel it was read from ({@code +=}). */
    public static void col2im(float[] col, int colOff, Window2d w, float[] x, int xOff) {
        col2im(col, colOff, w.outPlane(), w, x, xOff);
    }

    /** {@link #col2im(float[], int, Window2d, float[], int)} from a matrix whose rows are {@code ldCol} apart. */
    public static void col2im(float[] col, int colOff, int ldCol, Window2d w, float[] x, int xOff) {
        if (!Elementwise.KERNELS.col2imNarrow(col, colOff, ldCol, w, x, xOff)) col2imByTapRows(col, colOff, ldCol, w, x, xOff);
    }

    /** The generic {@link #col2im(float[], int, int, Window2d, float[], int)}: one run per tap and output row. */
    static void col2imByTapRows(float[] col, int colOff, int ldCol, Window2d w, float[] x, int xOff) {
        int oh = w.outH(), ow = w.outW(), sw = w.strideW();
        int row = colOff;
        for (int c = 0; c < w.channels(); c++) {
            int plane = xOff + c * w.inPlane();
            for (int i = 0; i < w.kernelH(); i++) {
                for (int j = 0; j < w.kernelW(); j++, row += ldCol) {
                    int dx = j * w.dilationW() - w.padLeft();
                    int lo = w.firstCol(dx), hi = w.endCol(dx);
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * w.strideH() - w.padTop() + i * w.dilationH();
                        if (iy < 0 || iy >= w.height()) continue;
                        int src = row + oy * ow, dst = plane + iy * w.width() + dx;
                        if (sw == 1) {
                            // A vector add with a masked tail: a plain loop over rows this short (24 floats for
                            // mnist-cnn) never reached C2's vector main loop, and col2im ran at 0.57 ns a float.
                            if (hi > lo) Elementwise.addRun(col, src + lo, x, dst + lo, hi - lo);
                        } else {
                            for (int ox = lo; ox < hi; ox++) x[dst + ox * sw] += col[src + ox];
                        }
                    }
                }
            }
        }
    }
}

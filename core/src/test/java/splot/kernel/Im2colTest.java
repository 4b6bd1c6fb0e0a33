package splot.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** im2col, col2im and Transpose against loops written straight from their definitions, on odd sizes. */
class Im2colTest {
    private static final int[] SIZES = {1, 7, 17, 33, 129};

    @Test
    void unfoldAndFoldMatchTheDefinition() {
        SplittableRandom r = new SplittableRandom(1);
        for (int channels : new int[] {1, 3}) {
            for (int side : new int[] {1, 7, 17}) {
                for (int[] k : new int[][] {{1, 1}, {3, 3}, {2, 5}}) {
                    for (int stride : new int[] {1, 2}) {
                        for (int pad : new int[] {0, 1, 2}) {
                            for (int dil : new int[] {1, 2}) {
                                int oh = Window2d.outSize(side, 2 * pad, k[0], stride, dil);
                                int ow = Window2d.outSize(side + 2, 2 * pad, k[1], stride, dil);
                                if (oh <= 0 || ow <= 0) continue;
                                Window2d w = new Window2d(channels, side, side + 2, k[0], k[1], stride, stride, pad, pad, dil, dil, oh, ow);
                                check(w, r);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void sideBySideColumnsMatchOneImageAtATime() {
        SplittableRandom r = new SplittableRandom(3);
        for (int pad : new int[] {0, 1}) {
            int side = 9, oh = Window2d.outSize(side, 2 * pad, 3, 1, 1);
            Window2d w = new Window2d(2, side, side, 3, 3, 1, 1, pad, pad, 1, 1, oh, oh);
            int rows = w.colRows(), p = w.outPlane(), ld = 2 * p + 3;
            float[] x = new float[2 * w.channels() * w.inPlane()];
            for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
            float[] wide = new float[rows * ld];
            java.util.Arrays.fill(wide, Float.NaN);
            for (int b = 0; b < 2; b++) Im2col.im2col(x, b * w.channels() * w.inPlane(), w, wide, b * p, ld);
            for (int b = 0; b < 2; b++) {
                float[] one = new float[rows * p];
                Im2col.im2col(x, b * w.channels() * w.inPlane(), w, one, 0);
                for (int row = 0; row < rows; row++) {
                    float[] got = java.util.Arrays.copyOfRange(wide, row * ld + b * p, row * ld + b * p + p);
                    assertArrayEquals(java.util.Arrays.copyOfRange(one, row * p, row * p + p), got, "pad " + pad + " image " + b + " row " + row);
                }
            }
        }
    }

    /**
     * The vector col2im (rows no wider than a vector, gathered per input row) against the generic loop, bit for bit:
     * widths up to a vector and one past it, padding, dilated rows, several channels, images side by side.
     */
    @Test
    void narrowCol2imIsTheGenericLoopBitForBit() {
        ElementwiseKernels vector = new VectorElementwise();
        SplittableRandom r = new SplittableRandom(4);
        int lanes = VectorElementwise.L, handled = 0;
        for (int width = 1; width <= lanes + 1; width += width < 5 ? 1 : 3) {
            for (int[] k : new int[][] {{1, 1}, {3, 3}, {5, 5}, {2, 3}}) {
                for (int pad : new int[] {0, 1, 2}) {
                    for (int dilH : new int[] {1, 2}) {
                        int height = width + 3, oh = Window2d.outSize(height, 2 * pad, k[0], 1, dilH);
                        int ow = Window2d.outSize(width, 2 * pad, k[1], 1, 1);
                        if (oh <= 0 || ow <= 0) continue;
                        Window2d w = new Window2d(3, height, width, k[0], k[1], 1, 1, pad, pad, dilH, 1, oh, ow);
                        int p = w.outPlane(), ld = 2 * p + 1, images = 2, image = w.channels() * w.inPlane();
                        float[] dcol = new float[w.colRows() * ld];
                        for (int i = 0; i < dcol.length; i++) dcol[i] = (float) r.nextGaussian();
                        float[] want = new float[images * image + 1];
                        for (int i = 0; i < want.length; i++) want[i] = (float) r.nextGaussian();
                        float[] got = want.clone();
                        for (int b = 0; b < images; b++) Im2col.col2imByTapRows(dcol, b * p, ld, w, want, b * image);
                        boolean fast = true;
                        for (int b = 0; b < images; b++) fast &= vector.col2imNarrow(dcol, b * p, ld, w, got, b * image);
                        if (!fast) continue;
                        handled++;
                        assertArrayEquals(want, got, w.toString());
                    }
                }
            }
        }
        Window2d lenet5Conv2 = new Window2d(6, 14, 14, 5, 5, 1, 1, 0, 0, 1, 1, 10, 10);
        assertTrue(lanes < 14 || vector.col2imNarrow(new float[150 * 100], 0, 100, lenet5Conv2, new float[6 * 196], 0),
                "lenet5's second convolution takes the vector col2im");
        assertTrue(handled > 50, "the vector col2im ran on " + handled + " windows");
    }

    @Test
    void transposeOnOddSizes() {
        SplittableRandom r = new SplittableRandom(2);
        for (int rows : SIZES) {
            for (int cols : SIZES) {
                float[] src = new float[3 + rows * cols];
                for (int i = 0; i < src.length; i++) src[i] = (float) r.nextGaussian();
                float[] got = new float[1 + rows * cols], want = new float[got.length];
                Transpose.transpose(src, 3, rows, cols, got, 1);
                for (int i = 0; i < rows; i++)
                    for (int j = 0; j < cols; j++) want[1 + j * rows + i] = src[3 + i * cols + j];
                assertArrayEquals(want, got, rows + " x " + cols);
            }
        }
    }

    /** Large enough for the threads to share it (fashion-mlp's weight is 128 x 784), with odd sides; also adding. */
    @Test
    void transposeSplitAcrossThreads() {
        SplittableRandom r = new SplittableRandom(3);
        int rows = 129, cols = 785;
        float[] src = new float[3 + rows * cols];
        for (int i = 0; i < src.length; i++) src[i] = (float) r.nextGaussian();
        float[] got = new float[1 + rows * cols], want = new float[got.length], added = new float[got.length];
        for (int i = 0; i < added.length; i++) added[i] = (float) r.nextGaussian();
        float[] wantAdded = added.clone();
        Transpose.transpose(src, 3, rows, cols, got, 1);
        Transpose.addTransposed(src, 3, rows, cols, added, 1);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                want[1 + j * rows + i] = src[3 + i * cols + j];
                wantAdded[1 + j * rows + i] += src[3 + i * cols + j];
            }
        }
        assertArrayEquals(want, got);
        assertArrayEquals(wantAdded, added);
    }

    private static void check(Window2d w, SplittableRandom r) {
        int rows = w.colRows(), p = w.outPlane();
        float[] x = new float[2 + w.channels() * w.inPlane()];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        float[] col = new float[1 + rows * p], want = new float[col.length];
        java.util.Arrays.fill(col, Float.NaN);       // every entry must be written, padding included
        col[0] = want[0] = 0;
        Im2col.im2col(x, 2, w, col, 1);
        float[] dcol = new float[col.length];
        for (int i = 1; i < dcol.length; i++) dcol[i] = (float) r.nextGaussian();
        float[] gx = new float[x.length], gxWant = new float[x.length];
        for (int i = 0; i < gx.length; i++) gx[i] = gxWant[i] = i % 3;
        for (int c = 0; c < w.channels(); c++)
            for (int i = 0; i < w.kernelH(); i++)
                for (int j = 0; j < w.kernelW(); j++)
                    for (int oy = 0; oy < w.outH(); oy++)
                        for (int ox = 0; ox < w.outW(); ox++) {
                            int row = (c * w.kernelH() + i) * w.kernelW() + j, at = 1 + row * p + oy * w.outW() + ox;
                            int iy = oy * w.strideH() - w.padTop() + i * w.dilationH();
                            int ix = ox * w.strideW() - w.padLeft() + j * w.dilationW();
                            boolean inside = iy >= 0 && iy < w.height() && ix >= 0 && ix < w.width();
                            int src = 2 + c * w.inPlane() + iy * w.width() + ix;
                            want[at] = inside ? x[src] : 0f;
                            if (inside) gxWant[src] += dcol[at];
                        }
        assertArrayEquals(want, col, "im2col " + w);
        Im2col.col2im(dcol, 1, w, gx, 2);
        assertArrayEquals(gxWant, gx, 1e-5f, "col2im " + w);
    }
}

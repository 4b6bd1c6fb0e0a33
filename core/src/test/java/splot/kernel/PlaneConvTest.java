package splot.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static splot.testing.RandomFloats.uniform;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The one-channel convolution from the padded plane: the vector loop gives the scalar loop's floats, both give the
 * cross-correlation by its definition on odd sizes (1, 7, 17, 33, 129), kernels of 1 to 5 taps a side, every padding
 * from 0 to 2 on each side, and odd and even channel counts, and the vector loop gives im2col and GEMM's floats;
 * nothing outside a channel's plane is written.
 */
class PlaneConvTest {
    private static final PlaneConvKernels VECTOR = new VectorPlaneConv();
    private static final int[] SIZES = {1, 7, 17, 33, 129};

    @Test
    void theVectorLoopIsInUse() {
        assertNotSame(PlaneConv.SCALAR, PlaneConv.KERNELS, "tests run with the Vector API module");
        assertEquals(PlaneConv.SCALAR, PlaneConv.choose("false"));
    }

    @Test
    void vectorAndScalarAgreeExactlyAndMatchTheDefinition() {
        SplittableRandom r = new SplittableRandom(37);
        int checked = 0;
        for (int h : SIZES) {
            for (int w : SIZES) {
                for (int kh = 1; kh <= 5; kh += 2) {
                    for (int kw : new int[] {1, 2, 5}) {
                        Window2d win = window(h, w, kh, kw, r.nextInt(3), r.nextInt(3), r.nextInt(3), r.nextInt(3));
                        if (win == null) continue;
                        int couts = 1 + r.nextInt(9);
                        checkAgainstDefinition(win, couts, r);
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 100, "windows checked: " + checked);
    }

    /** LeNet-5's first layer (28 x 28, 5 x 5, padding 2, six maps) and fashion-cnn's (28 x 28, 3 x 3, 64 maps). */
    @Test
    void theModelsLayersMatchTheDefinition() {
        SplittableRandom r = new SplittableRandom(5);
        checkAgainstDefinition(window(28, 28, 5, 5, 2, 2, 2, 2), 6, r);
        checkAgainstDefinition(window(28, 28, 3, 3, 0, 0, 0, 0), 64, r);
    }

    /**
     * The GEMM route's sums take the same taps in the same order from zero: the two give the same floats, on an odd
     * plane and on LeNet-5's layout (four images side by side, as {@code Convolution} runs them).
     */
    @Test
    void givesTheFloatsOfIm2colAndGemm() {
        SplittableRandom r = new SplittableRandom(11);
        checkAgainstGemm(window(17, 33, 5, 5, 2, 1, 0, 2), 7, 1, r);
        checkAgainstGemm(window(28, 28, 5, 5, 2, 2, 2, 2), 6, 4, r);
    }

    private static void checkAgainstGemm(Window2d win, int couts, int images, SplittableRandom r) {
        int taps = win.kernelH() * win.kernelW(), p = win.outPlane(), width = images * p;
        float[] x = uniform(images * win.inPlane(), r), wts = uniform(couts * taps, r);
        float[] col = new float[taps * width], viaGemm = new float[couts * width], direct = new float[couts * width];
        for (int b = 0; b < images; b++) Im2col.im2col(x, b * win.inPlane(), win, col, b * p, width);
        Gemm.sgemm(false, false, couts, width, taps, wts, 0, taps, col, 0, width, viaGemm, 0, width, false);
        PlaneConv conv = PlaneConv.of(win);
        float[] scratch = new float[conv.scratchSize()];
        for (int b = 0; b < images; b++) conv.forward(x, b * win.inPlane(), wts, 0, couts, scratch, direct, b * p, width);
        assertArrayEquals(viaGemm, direct, win + ", " + couts + " channels, " + images + " images");
    }

    @Test
    void refusesWhatItDoesNotCompute() {
        Window2d twoChannels = new Window2d(2, 8, 8, 3, 3, 1, 1, 0, 0, 1, 1, 6, 6);
        Window2d strided = new Window2d(1, 8, 8, 3, 3, 2, 2, 0, 0, 1, 1, 3, 3);
        assertFalse(PlaneConv.fits(twoChannels));
        assertFalse(PlaneConv.fits(strided));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlaneConv.of(strided));
        assertTrue(e.getMessage().contains("stride 1"), e.getMessage());
        PlaneConv conv = PlaneConv.of(window(8, 8, 3, 3, 1, 1, 1, 1));
        e = assertThrows(IllegalArgumentException.class,
                () -> conv.forward(new float[64], 0, new float[9], 0, 1, new float[10], new float[64], 0, 64));
        assertTrue(e.getMessage().contains("scratch of 10 floats, needs " + conv.scratchSize()), e.getMessage());
    }

    private static void checkAgainstDefinition(Window2d win, int couts, SplittableRandom r) {
        int taps = win.kernelH() * win.kernelW(), p = win.outPlane(), xOff = r.nextInt(4), wOff = r.nextInt(4);
        int stride = p + r.nextInt(5), outOff = r.nextInt(4);
        float[] x = uniform(xOff + win.inPlane(), r), wts = uniform(wOff + couts * taps, r);
        float[] fromVector = new float[outOff + couts * stride + 2], fromScalar = fromVector.clone();
        java.util.Arrays.fill(fromVector, 42f);
        java.util.Arrays.fill(fromScalar, 42f);
        PlaneConv vector = PlaneConv.of(VECTOR, win), scalar = PlaneConv.of(PlaneConv.SCALAR, win);
        vector.forward(x, xOff, wts, wOff, couts, new float[vector.scratchSize()], fromVector, outOff, stride);
        scalar.forward(x, xOff, wts, wOff, couts, new float[scalar.scratchSize()], fromScalar, outOff, stride);
        assertArrayEquals(fromScalar, fromVector, win + ", " + couts + " channels");
        for (int i = 0; i < fromVector.length; i++) {
            int c = Math.floorDiv(i - outOff, stride), at = i - outOff - c * stride;
            boolean output = i >= outOff && c < couts && at < p;
            if (!output) {
                assertEquals(42f, fromVector[i], "written outside the planes at " + i + ", " + win);
                continue;
            }
            double want = definition(win, x, xOff, wts, wOff + c * taps, at / win.outW(), at % win.outW());
            assertEquals(want, fromVector[i], 1e-5 * Math.max(1, Math.abs(want)), win + ", channel " + c + ", output " + at);
        }
    }

    private static double definition(Window2d win, float[] x, int xOff, float[] w, int wOff, int oy, int ox) {
        double sum = 0;
        for (int i = 0; i < win.kernelH(); i++) {
            for (int j = 0; j < win.kernelW(); j++) {
                int y = oy - win.padTop() + i, xx = ox - win.padLeft() + j;
                if (y < 0 || y >= win.height() || xx < 0 || xx >= win.width()) continue;
                sum += (double) w[wOff + i * win.kernelW() + j] * x[xOff + y * win.width() + xx];
            }
        }
        return sum;
    }

    /** The one-channel, stride-1 window, or null where it has no output. */
    private static Window2d window(int h, int w, int kh, int kw, int top, int bottom, int left, int right) {
        int oh = Window2d.outSize(h, top + bottom, kh, 1, 1), ow = Window2d.outSize(w, left + right, kw, 1, 1);
        return oh <= 0 || ow <= 0 ? null : new Window2d(1, h, w, kh, kw, 1, 1, top, left, 1, 1, oh, ow);
    }
}

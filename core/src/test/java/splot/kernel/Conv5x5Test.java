package splot.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static splot.testing.RandomFloats.uniform;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A 5x5 convolution straight from its input: y against its definition, fused multiply-adds in the GEMM's order (the
 * same floats), on output rows of 8 to 33 (a last block of eight that overlaps the one before), one to three channels,
 * planes wider and taller than the window needs; the weight gradient against the sum by its definition (in double,
 * within float rounding of its terms' magnitudes) on odd output sizes (1, 7, 17, 33), one to three images apart by more
 * than a plane, added to what the gradient held; which windows it takes.
 */
class Conv5x5Test {
    private static final int[] SIZES = {1, 7, 17, 33};

    @Test
    void itTakesFiveByFiveValidWindowsWithAVectorOfMaps() {
        int og = Conv5x5.maps();
        assertEquals(VectorConv5x5.L, og, "tests run with the Vector API module");
        assertTrue(Conv5x5.fits(window(14, 14, 10, 10), og), "lenet5's second layer");
        assertTrue(Conv5x5.fits(window(14, 15, 10, 10), og), "outputs short of the plane's edge");
        assertFalse(Conv5x5.fits(window(14, 14, 10, 10), og / 2), "fewer maps than lanes");
        assertFalse(Conv5x5.fits(new Window2d(6, 14, 14, 5, 5, 2, 2, 0, 0, 1, 1, 5, 5), og), "stride 2");
        assertFalse(Conv5x5.fits(new Window2d(6, 14, 14, 5, 5, 1, 1, 2, 2, 1, 1, 14, 14), og), "padding");
        assertFalse(Conv5x5.fits(new Window2d(6, 14, 14, 3, 3, 1, 1, 0, 0, 1, 1, 12, 12), og), "3x3");
        assertFalse(Conv5x5.fits(window(11, 11, 7, 7), og), "rows shorter than a block of outputs");
    }

    @Test
    void yMatchesTheDefinitionExactly() {
        SplittableRandom r = new SplittableRandom(43);
        int og = Conv5x5.maps();
        for (int outH : new int[] {1, 7, 17}) {
            for (int outW : new int[] {8, 10, 17, 33}) {
                int channels = 1 + r.nextInt(3), height = outH + 4 + r.nextInt(2), width = outW + 4 + r.nextInt(3);
                Window2d win = new Window2d(channels, height, width, 5, 5, 1, 1, 0, 0, 1, 1, outH, outW);
                assertTrue(Conv5x5.fits(win, og), win.toString());
                int xOff = 5, yOff = 3;
                float[] x = uniform(xOff + channels * height * width, r), wT = uniform(channels * 25 * og, r);
                float[] yT = new float[yOff + outH * outW * og + 2];
                Conv5x5.forward(x, xOff, win, wT, yT, yOff);
                String what = channels + " x " + height + "x" + width + " -> " + outH + "x" + outW;
                for (int y = 0; y < outH; y++) {
                    for (int q = 0; q < outW; q++) {
                        for (int o = 0; o < og; o++) {
                            float want = 0f;
                            for (int c = 0; c < channels; c++) {
                                for (int t = 0; t < 25; t++) {
                                    want = Math.fma(x[xOff + c * height * width + (y + t / 5) * width + q + t % 5],
                                            wT[(c * 25 + t) * og + o], want);
                                }
                            }
                            assertEquals(want, yT[yOff + (y * outW + q) * og + o], what + " at " + y + "," + q + " map " + o);
                        }
                    }
                }
                for (int i = 0; i < yOff; i++) assertEquals(0f, yT[i], what + ": before y");
                for (int i = yOff + outH * outW * og; i < yT.length; i++) assertEquals(0f, yT[i], what + ": after y");
            }
        }
    }

    @Test
    void theWeightGradientsMatchTheDefinition() {
        SplittableRandom r = new SplittableRandom(41);
        int og = Conv5x5.maps();
        for (int outH : SIZES) {
            for (int outW : SIZES) {
                int height = outH + 4 + r.nextInt(2), width = outW + 4 + r.nextInt(3), images = 1 + r.nextInt(3);
                Window2d win = window(height, width, outH, outW);
                int p = outH * outW, xOff = 3, imageStride = height * width + 5, gOff = 2;
                float[] x = uniform(xOff + images * imageStride, r), dyT = uniform(images * p * og, r);
                float[] gwT = uniform(gOff + 25 * og + 4, r), before = gwT.clone();
                Conv5x5.addWeightGradient(x, xOff, imageStride, images, win, dyT, gwT, gOff);
                String what = outH + "x" + outW + " in " + height + "x" + width + ", " + images + " images";
                for (int t = 0; t < 25; t++) {
                    for (int o = 0; o < og; o++) {
                        double want = before[gOff + t * og + o], magnitude = Math.abs(want);
                        for (int b = 0; b < images; b++) {
                            for (int y = 0; y < outH; y++) {
                                for (int q = 0; q < outW; q++) {
                                    double term = (double) x[xOff + b * imageStride + (y + t / 5) * width + q + t % 5]
                                            * dyT[((b * outH + y) * outW + q) * og + o];
                                    want += term;
                                    magnitude += Math.abs(term);
                                }
                            }
                        }
                        // Float sums of up to 3,267 terms: within a few float roundings of the terms' magnitudes.
                        assertEquals(want, gwT[gOff + t * og + o], 1e-6 * (1 + magnitude), what + ", tap " + t + ", map " + o);
                    }
                }
                for (int i = 0; i < gOff; i++) assertEquals(before[i], gwT[i], what + ": before the gradient");
                for (int i = gOff + 25 * og; i < gwT.length; i++) assertEquals(before[i], gwT[i], what + ": after the gradient");
            }
        }
    }

    private static Window2d window(int height, int width, int outH, int outW) {
        return new Window2d(1, height, width, 5, 5, 1, 1, 0, 0, 1, 1, outH, outW);
    }
}

package splot.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static splot.testing.RandomFloats.uniform;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The weight gradient of a 5x5 convolution from x and dy: against the sum by its definition (in double, within float
 * rounding of its terms' magnitudes) on odd output sizes (1, 7, 17, 33), planes wider than the window needs, one to
 * three images apart by more than a plane, added to what the gradient held; which windows it takes.
 */
class WeightGradient5x5Test {
    private static final int[] SIZES = {1, 7, 17, 33};

    @Test
    void itTakesFiveByFiveValidWindowsWithAVectorOfMaps() {
        int og = WeightGradient5x5.channels();
        assertEquals(VectorWeightGradient5x5.L, og, "tests run with the Vector API module");
        assertTrue(WeightGradient5x5.fits(window(14, 14, 10, 10), og), "lenet5's second layer");
        assertTrue(WeightGradient5x5.fits(window(14, 15, 10, 10), og), "outputs short of the plane's edge");
        assertFalse(WeightGradient5x5.fits(window(14, 14, 10, 10), og / 2), "fewer maps than lanes");
        assertFalse(WeightGradient5x5.fits(new Window2d(6, 14, 14, 5, 5, 2, 2, 0, 0, 1, 1, 5, 5), og), "stride 2");
        assertFalse(WeightGradient5x5.fits(new Window2d(6, 14, 14, 5, 5, 1, 1, 2, 2, 1, 1, 14, 14), og), "padding");
        assertFalse(WeightGradient5x5.fits(new Window2d(6, 14, 14, 3, 3, 1, 1, 0, 0, 1, 1, 12, 12), og), "3x3");
    }

    @Test
    void theSumsMatchTheDefinition() {
        SplittableRandom r = new SplittableRandom(41);
        int og = WeightGradient5x5.channels();
        for (int outH : SIZES) {
            for (int outW : SIZES) {
                int height = outH + 4 + r.nextInt(2), width = outW + 4 + r.nextInt(3), images = 1 + r.nextInt(3);
                Window2d win = window(height, width, outH, outW);
                int p = outH * outW, xOff = 3, imageStride = height * width + 5, gOff = 2;
                float[] x = uniform(xOff + images * imageStride, r), dyT = uniform(images * p * og, r);
                float[] gwT = uniform(gOff + 25 * og + 4, r), before = gwT.clone();
                WeightGradient5x5.add(x, xOff, imageStride, images, win, dyT, gwT, gOff);
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

package splot.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static splot.testing.RandomFloats.uniform;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Winograd F(2x2, 3x3): the vector loops give the scalar loops' floats, and the three transforms around one
 * product per point give the 3x3 cross-correlation by its definition, on odd and even sizes and every padding
 * from 0 to 2, for the forward filters and the turned ones of the input gradient; the weight gradient's transforms
 * give the filter gradient by its definition.
 */
class WinogradTest {
    private static final WinogradKernels VECTOR = new VectorWinograd();
    private static final WinogradKernels SCALAR = new ScalarWinograd();
    /** Odd counts, and counts of real planes (20: 8 x 8 outputs, 42: 11 x 11) whose last vector overlaps the one before. */
    private static final int[] COUNTS = {1, 7, 16, 17, 20, 33, 42, 129};

    @Test
    void theVectorLoopsAreInUse() {
        assertNotSame(Winograd.SCALAR, Winograd.KERNELS, "tests run with the Vector API module");
        assertEquals(Winograd.SCALAR, Winograd.choose("false"));
    }

    @Test
    void vectorAndScalarInputTilesAgreeExactly() {
        SplittableRandom r = new SplittableRandom(1);
        for (int count : COUNTS) {
            int n1 = 1 + r.nextInt(9), sp = count + n1 + 2, ms = count + 3, vAt = r.nextInt(4);
            float[] sub = uniform(4 * sp, r);
            float[] want = new float[16 * ms + vAt], got = new float[16 * ms + vAt];
            SCALAR.inputTiles(sub, 0, sp, 2 * sp, 3 * sp, n1, want, vAt, ms, count);
            VECTOR.inputTiles(sub, 0, sp, 2 * sp, 3 * sp, n1, got, vAt, ms, count);
            assertArrayEquals(want, got, "input tiles, count " + count);
        }
    }

    /**
     * The in-place pool with winners, on values with ties, zeros of both signs and NaN: the vector loop gives the
     * scalar loop's values and winners, and the scalar loop gives each window's first NaN, else its first largest value.
     */
    @Test
    void vectorAndScalarPoolWinnersAlike() {
        SplittableRandom r = new SplittableRandom(6);
        float[] specials = {0f, -0f, 1f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        for (int count : COUNTS) {
            int at = r.nextInt(3);
            float[] want = new float[at + 4 * count + 2];
            for (int i = 0; i < want.length; i++) {
                want[i] = r.nextInt(4) == 0 ? specials[r.nextInt(specials.length)] : r.nextInt(3) - 1f;
            }
            float[] got = want.clone(), before = want.clone();
            SCALAR.poolWinners(want, at, count);
            VECTOR.poolWinners(got, at, count);
            assertArrayEquals(want, got, "count " + count);
            for (int f = 0; f < count; f++) {
                float[] window = {before[at + f], before[at + count + f], before[at + 2 * count + f], before[at + 3 * count + f]};
                int k = 0;
                for (int j = 1; j < 4 && !Float.isNaN(window[k]); j++) {
                    if (Float.isNaN(window[j]) || window[j] > window[k]) k = j;
                }
                assertEquals(k, (int) want[at + count + f], "winner of window " + f + " of " + count);
                assertEquals(window[k], want[at + f], "value of window " + f + " of " + count);
            }
        }
    }

    /** Every pair count from none to past two vectors, with the row ending at the end of x (the masked tail's edge). */
    @Test
    void vectorAndScalarSplitPairsAlike() {
        SplittableRandom r = new SplittableRandom(5);
        for (int pairs = 0; pairs <= 40; pairs++) {
            int src = r.nextInt(3), even = 1 + r.nextInt(3), odd = even + pairs + r.nextInt(3);
            float[] x = uniform(src + 2 * pairs, r);
            float[] want = new float[odd + pairs + 2], got = new float[odd + pairs + 2];
            java.util.Arrays.fill(want, Float.NaN);
            java.util.Arrays.fill(got, Float.NaN);
            SCALAR.splitPairs(x, src, pairs, want, even, odd);
            VECTOR.splitPairs(x, src, pairs, got, even, odd);
            for (int i = 0; i < pairs; i++) {
                assertEquals(x[src + 2 * i], want[even + i], "scalar even " + i);
                assertEquals(x[src + 2 * i + 1], want[odd + i], "scalar odd " + i);
            }
            assertArrayEquals(want, got, "pairs " + pairs);
        }
    }

    @Test
    void vectorAndScalarOutputTilesAgreeExactly() {
        SplittableRandom r = new SplittableRandom(2);
        for (int count : COUNTS) {
            int ms = count + 5, mAt = r.nextInt(4), sAt = r.nextInt(4);
            float[] m = uniform(16 * ms + mAt, r);
            float[] want = new float[4 * count + sAt], got = new float[4 * count + sAt];
            SCALAR.outputTiles(m, mAt, ms, want, sAt, count);
            VECTOR.outputTiles(m, mAt, ms, got, sAt, count);
            assertArrayEquals(want, got, "output tiles, count " + count);
        }
    }

    /** Channel counts below a vector, at one, and past it with the last vector overlapping the one before. */
    @Test
    void vectorAndScalarGradientTilesAgreeExactly() {
        SplittableRandom r = new SplittableRandom(6);
        for (int channels : new int[] {1, 7, 16, 17, 20, 33, 64}) {
            int n1 = 1 + r.nextInt(9), ms = n1 * channels + r.nextInt(5), at = r.nextInt(4);
            float[] rows = uniform(4 * n1 * channels, r);
            float[] want = new float[16 * ms + at], got = new float[16 * ms + at];
            SCALAR.gradientTiles(rows, channels, n1, want, at, ms);
            VECTOR.gradientTiles(rows, channels, n1, got, at, ms);
            assertArrayEquals(want, got, "gradient tiles, channels " + channels);
        }
    }

    /** Rows shorter than a vector, one vector, and past it with a scalar tail (odd sizes 1 to 129); forward and turned (dx) filters. */
    @Test
    void vectorAndScalarFiltersAgreeExactly() {
        SplittableRandom r = new SplittableRandom(7);
        int[][] shapes = {{1, 1}, {3, 40}, {16, 16}, {17, 33}, {32, 7}, {64, 32}, {129, 17}};
        for (int[] shape : shapes) {
            for (boolean turned : new boolean[] {false, true}) {
                int outs = shape[0], ins = shape[1], wOff = r.nextInt(4);
                float[] w = uniform(wOff + outs * ins * 9, r);
                float[] want = new float[16 * outs * ins], got = new float[16 * outs * ins];
                SCALAR.filters(w, wOff, outs, ins, turned, want);
                VECTOR.filters(w, wOff, outs, ins, turned, got);
                assertArrayEquals(want, got, "filters " + outs + " x " + ins + (turned ? ", turned" : ""));
            }
        }
    }

    /**
     * The weight gradient of the correlation, {@code dw[i][j] = sum of dy[oy][ox] x[oy - padTop + i][ox - padLeft + j]},
     * from V, the output-gradient transform, one product per point summed over tiles, and the filter-gradient
     * transform, on the sizes and paddings above; three output channels, so the channels-innermost layout and the
     * added-to filter gradient are both checked.
     */
    @Test
    void weightGradientTransformsGiveItsDefinition() {
        SplittableRandom r = new SplittableRandom(4);
        int[] sizes = {1, 2, 3, 7, 8, 17, 33};
        int outs = 3;
        for (int trial = 0; trial < 40; trial++) {
            int h = sizes[r.nextInt(sizes.length)], w = sizes[r.nextInt(sizes.length)];
            int padTop = r.nextInt(3), padLeft = r.nextInt(3);
            int outH = Math.max(1, h + padTop + r.nextInt(3) - 2), outW = Math.max(1, w + padLeft + r.nextInt(3) - 2);
            float[] x = uniform(h * w, r), dy = uniform(outs * outH * outW, r), before = uniform(outs * 9, r);
            float[] want = before.clone();
            for (int o = 0; o < outs; o++) {
                for (int k = 0; k < 9; k++) {
                    double sum = want[o * 9 + k];
                    for (int oy = 0; oy < outH; oy++) {
                        for (int ox = 0; ox < outW; ox++) {
                            int iy = oy - padTop + k / 3, ix = ox - padLeft + k % 3;
                            if (iy >= 0 && iy < h && ix >= 0 && ix < w) sum += (double) dy[(o * outH + oy) * outW + ox] * x[iy * w + ix];
                        }
                    }
                    want[o * 9 + k] = (float) sum;
                }
            }
            int cols = Winograd.columns(outH, outW);
            float[] v = new float[16 * cols], dm = new float[16 * cols * outs], dut = new float[16 * (outs + 3)];
            Winograd.transformInput(x, 0, h * w, 1, h, w, padTop, padLeft, outH, outW, v, 0, cols, cols,
                    new float[Winograd.scratchSize(outH, outW)]);
            Winograd.transformOutputGradient(dy, 0, outH * outW, outs, outH, outW, dm, 0, cols * outs,
                    new float[Winograd.gradientScratchSize(outW, outs)]);
            // One input channel: each GEMM is a sum over tiles of V_t times dM_t; the 16 matrices of dU 3 floats
            // further apart than their size, as Convolution skews them.
            for (int t = 0; t < 16; t++) {
                for (int o = 0; o < outs; o++) {
                    for (int c = 0; c < cols; c++) dut[t * (outs + 3) + o] += v[t * cols + c] * dm[t * cols * outs + c * outs + o];
                }
            }
            float[] got = before.clone();
            Winograd.filterGradient(dut, outs + 3, outs, 1, got, 0);
            String what = "trial " + trial + ": " + h + "x" + w + " pad " + padTop + "," + padLeft + " to " + outH + "x" + outW;
            for (int i = 0; i < want.length; i++) {
                assertTrue(Math.abs(want[i] - got[i]) <= 1e-4 + 1e-4 * Math.abs(want[i]),
                        what + ": dw " + i + " expected " + want[i] + " but was " + got[i]);
            }
        }
    }

    @Test
    void transformsGiveTheCorrelationByItsDefinition() {
        SplittableRandom r = new SplittableRandom(3);
        int[] sizes = {1, 2, 3, 7, 8, 17, 33};
        for (int trial = 0; trial < 40; trial++) {
            int h = sizes[r.nextInt(sizes.length)], w = sizes[r.nextInt(sizes.length)];
            int padTop = r.nextInt(3), padLeft = r.nextInt(3);
            int outH = Math.max(1, h + padTop + r.nextInt(3) - 2), outW = Math.max(1, w + padLeft + r.nextInt(3) - 2);
            boolean turned = r.nextBoolean(), accumulate = r.nextBoolean();
            float[] x = uniform(h * w, r), g = uniform(9, r), before = uniform(outH * outW, r);
            float[] want = before.clone();
            for (int oy = 0; oy < outH; oy++) {
                for (int ox = 0; ox < outW; ox++) {
                    double sum = accumulate ? want[oy * outW + ox] : 0;
                    for (int i = 0; i < 3; i++) {
                        for (int j = 0; j < 3; j++) {
                            int iy = oy - padTop + i, ix = ox - padLeft + j;
                            float tap = turned ? g[8 - (3 * i + j)] : g[3 * i + j];
                            if (iy >= 0 && iy < h && ix >= 0 && ix < w) sum += (double) x[iy * w + ix] * tap;
                        }
                    }
                    want[oy * outW + ox] = (float) sum;
                }
            }
            // One channel in and out: each of the 16 GEMMs is a product of scalars.
            int cols = Winograd.columns(outH, outW);
            float[] u = new float[16], v = new float[16 * cols], m = new float[16 * cols];
            float[] scratch = new float[Winograd.scratchSize(outH, outW)];
            Winograd.transformFilters(g, 0, 1, 1, turned, u);
            Winograd.transformInput(x, 0, h * w, 1, h, w, padTop, padLeft, outH, outW, v, 0, cols, cols, scratch);
            for (int t = 0; t < 16; t++) for (int c = 0; c < cols; c++) m[t * cols + c] = u[t] * v[t * cols + c];
            float[] got = before.clone();
            Winograd.transformOutput(m, 0, cols, cols, 1, got, 0, outH * outW, outH, outW, accumulate, scratch);
            String what = "trial " + trial + ": " + h + "x" + w + " pad " + padTop + "," + padLeft + " to " + outH + "x" + outW;
            for (int i = 0; i < want.length; i++) {
                assertTrue(Math.abs(want[i] - got[i]) <= 1e-5 + 1e-5 * Math.abs(want[i]),
                        what + ": output " + i + " expected " + want[i] + " but was " + got[i]);
            }
        }
    }
}

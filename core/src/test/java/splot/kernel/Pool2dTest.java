package splot.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast 2x2 paths and the split across threads give exactly what the general one-thread loop gives. */
class Pool2dTest {
    private static final int[] PLANES = {1, 7, 17};
    private static final int[] SIDES = {2, 3, 7, 17, 33, 129};

    @Test
    void halvingMaxMatchesTheGeneralLoopOnOddSizes() {
        SplittableRandom r = new SplittableRandom(1);
        for (int planes : PLANES) {
            for (int h : SIDES) {
                for (int wd : new int[] {2, 7, 26, 33, 129}) {
                    Window2d w = halving(planes, h, wd);
                    assertTrue(Pool2d.isHalving(w));
                    float[] x = randomWithSpecials(planes * h * wd, r, false);
                    checkMax(w, x, "planes=" + planes + " " + h + "x" + wd);
                }
            }
        }
    }

    @Test
    void biasReluAfterThePoolEqualsTheReluBeforeItOnOddSizes() {
        SplittableRandom r = new SplittableRandom(9);
        for (int h : new int[] {2, 3, 7, 17, 33}) {
            for (int wd : new int[] {2, 5, 17, 129}) {
                Window2d w = new Window2d(1, h, wd, 2, 2, 2, 2, 0, 0, 1, 1, h / 2, wd / 2);
                float[] x = new float[1 + h * wd];
                for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
                x[1 + r.nextInt(h * wd)] = Float.NaN;
                x[1 + r.nextInt(h * wd)] = -0f;
                float bias = (float) r.nextGaussian() * 0.5f;
                float[] relu = new float[x.length];
                for (int i = 0; i < x.length; i++) relu[i] = Math.max(x[i] + bias, 0f);
                float[] want = new float[2 + w.outPlane()], got = new float[want.length];
                Pool2d.maxForwardReference(relu, 1, w, want, null, 2);
                Pool2d.maxHalvingBiasRelu(x, 1, w, bias, got, 2);
                assertArrayEquals(want, got, h + " x " + wd);
            }
        }
    }

    /**
     * The training epilogue's pool (winners picked after the bias, the ReLU after the pool) against a ReLU before the
     * general loop: the same values, the same winners wherever a gradient flows (y positive, or NaN), and so the same
     * gradient; and nothing written outside the plane, whose rows of fewer windows than a vector spill into the next.
     */
    @Test
    void biasReluWinnersGiveTheGradientOfTheReluBeforeThePool() {
        SplittableRandom r = new SplittableRandom(10);
        for (int h : new int[] {2, 3, 7, 17, 26, 33}) {
            for (int wd : new int[] {2, 5, 17, 26, 33, 129}) {
                for (float bias : new float[] {0f, 0.5f, -1.5f}) {
                    Window2d w = halving(1, h, wd);
                    int plane = w.outPlane();
                    // The plane last in x: the vector loop must not read past it.
                    float[] x = new float[1 + h * wd];
                    System.arraycopy(randomWithSpecials(h * wd, r, true), 0, x, 1, h * wd);
                    float[] relu = new float[x.length];
                    for (int i = 0; i < x.length; i++) relu[i] = Math.max(x[i] + bias, 0f);
                    float[] want = new float[plane];
                    int[] wantAt = new int[plane];
                    Pool2d.maxForwardReference(relu, 1, w, want, wantAt, 0);
                    float[] got = new float[plane + 20];
                    int[] gotAt = new int[plane + 20];
                    java.util.Arrays.fill(got, 9f);
                    java.util.Arrays.fill(gotAt, -9);
                    Pool2d.maxHalvingBiasReluWinners(x, 1, w, bias, got, gotAt, 2);
                    String what = h + " x " + wd + " bias " + bias;
                    assertArrayEquals(want, java.util.Arrays.copyOfRange(got, 2, 2 + plane), what);
                    for (int i = 0; i < plane; i++) {
                        if (want[i] > 0 || Float.isNaN(want[i])) assertEquals(wantAt[i], gotAt[2 + i], what + " winner " + i);
                    }
                    for (int i : new int[] {0, 1, plane + 2, plane + 19}) {
                        assertEquals(9f, got[i], what + " outside the plane");
                        assertEquals(-9, gotAt[i], what + " outside the plane");
                    }
                }
            }
        }
    }

    @Test
    void tiesKeepTheFirstAndNanWinsAsInTheGeneralLoop() {
        SplittableRandom r = new SplittableRandom(2);
        for (int trial = 0; trial < 20; trial++) {
            Window2d w = halving(3, 17, 17);
            checkMax(w, randomWithSpecials(3 * 17 * 17, r, true), "trial " + trial);
        }
        // One window by hand: [1, NaN; NaN, 5] keeps the first NaN (position 1); [inf, -inf; 0, 1] keeps inf.
        Window2d one = halving(1, 2, 2);
        float[] y = new float[1];
        int[] at = new int[1];
        Pool2d.maxForward(new float[] {1, Float.NaN, Float.NaN, 5}, 0, one, y, at, 0);
        assertTrue(Float.isNaN(y[0]));
        assertEquals(1, at[0]);
        Pool2d.maxForward(new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0, 1}, 0, one, y, at, 0);
        assertEquals(Float.POSITIVE_INFINITY, y[0]);
        assertEquals(0, at[0]);
        Pool2d.maxForward(new float[] {-0f, 0f, 0f, -1f}, 0, one, y, at, 0);
        assertEquals(0, at[0], "equal values: the first wins");
    }

    /**
     * Once compiled, the pool with winners, and the training epilogue's (bias and ReLU fused, two calls a turn here),
     * allocate nothing, on rows shorter than a vector (13 and 4 windows, so both
     * halves of a short row's second vectors, loaded and empty) and on whole ones (16), all called from the start as
     * a training run calls them: a vector C2 cannot keep in registers goes to the heap, and a training run then fills
     * the young generation, a gigabyte of resident memory (it happened to short rows, session 25).
     */
    @Test
    void thePoolWithWinnersAllocatesNothingOnceCompiled() {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        int[] sides = {26, 8, 32};
        Window2d[] w = new Window2d[sides.length];
        float[][] x = new float[sides.length][], y = new float[sides.length][];
        int[][] at = new int[sides.length][];
        for (int k = 0; k < sides.length; k++) {
            w[k] = halving(1, sides[k], sides[k]);
            x[k] = randomWithSpecials(sides[k] * sides[k], new SplittableRandom(k), false);
            y[k] = new float[w[k].outPlane()];
            at[k] = new int[w[k].outPlane()];
        }
        for (int i = 0; i < 100_000; i++) {
            for (int k = 0; k < sides.length; k++) {
                Pool2d.maxPlane(x[k], 0, w[k], y[k], at[k], 0);
                Pool2d.maxHalvingBiasReluWinners(x[k], 0, w[k], 0.5f, y[k], at[k], 0);
            }
        }
        for (int k = 0; k < sides.length; k++) {
            // The fewest of five tries: a compile landing mid-try, or one object that escapes, is not what this guards
            // against (a CI run saw 32 bytes a call once). Vectors on the heap cost 2,496 bytes a call on 26 x 26.
            long perCall = Long.MAX_VALUE;
            for (int attempt = 0; attempt < 5; attempt++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 10_000; i++) {
                    Pool2d.maxPlane(x[k], 0, w[k], y[k], at[k], 0);
                    Pool2d.maxHalvingBiasReluWinners(x[k], 0, w[k], 0.5f, y[k], at[k], 0);
                }
                perCall = Math.min(perCall, (threads.getCurrentThreadAllocatedBytes() - before) / 10_000);
            }
            assertTrue(perCall < 512, sides[k] + " x " + sides[k] + ": " + perCall + " bytes a call");
        }
    }

    /** Rows of 17, 33 and 64 windows: whole vectors, an overlapping last one, and NaN windows amid vector ones. */
    @Test
    void wideRowsWithTiesZerosAndNanMatchTheGeneralLoop() {
        SplittableRandom r = new SplittableRandom(5);
        for (int wd : new int[] {34, 66, 129}) {
            for (int trial = 0; trial < 5; trial++) {
                Window2d w = halving(2, 9, wd);
                checkMax(w, randomWithSpecials(2 * 9 * wd, r, true), wd + " wide, trial " + trial);
            }
        }
    }

    @Test
    void averagesAndTheirGradientsMatchTheGeneralLoop() {
        SplittableRandom r = new SplittableRandom(3);
        for (int planes : PLANES) {
            for (int side : SIDES) {
                Window2d w = halving(planes, side, side + 1);
                float[] x = randomWithSpecials(planes * side * (side + 1), r, false);
                float[] fast = new float[planes * w.outPlane()], ref = new float[fast.length];
                Pool2d.avgForward(x, 0, w, fast, 0);
                Pool2d.avgForwardReference(x, 0, w, ref, 0);
                assertArrayEquals(ref, fast, "avg forward " + w);
                float[] gy = randomWithSpecials(fast.length, r, false);
                float[] gxFast = randomWithSpecials(x.length, r, false), gxRef = gxFast.clone();
                Pool2d.avgBackward(gy, 0, w, gxFast, 0, true);
                Pool2d.avgBackwardReference(gy, 0, w, gxRef, 0);
                assertArrayEquals(gxRef, gxFast, "avg backward " + w);
                // Stored rather than added: whatever the array held before is gone.
                float[] gxStored = randomWithSpecials(x.length, r, true), gxFromZeros = new float[x.length];
                Pool2d.avgBackward(gy, 0, w, gxStored, 0, false);
                Pool2d.avgBackwardReference(gy, 0, w, gxFromZeros, 0);
                assertArrayEquals(gxFromZeros, gxStored, "avg backward stored " + w);
            }
        }
    }

    @Test
    void generalWindowsSplitAcrossThreadsMatchOneThread() {
        // 3x3 stride 2 with padding: not the fast path, but large enough to be split over planes.
        SplittableRandom r = new SplittableRandom(4);
        Window2d w = new Window2d(33, 33, 33, 3, 3, 2, 2, 1, 1, 1, 1, 17, 17);
        assertFalse(Pool2d.isHalving(w));
        assertTrue(33L * 33 * 33 >= Pool2d.PARALLEL_FLOATS);
        checkMax(w, randomWithSpecials(33 * 33 * 33, r, true), "3x3/2 padded");
    }

    private static void checkMax(Window2d w, float[] x, String what) {
        int n = w.channels() * w.outPlane();
        float[] fast = new float[n], ref = new float[n], noIndex = new float[n];
        int[] atFast = new int[n], atRef = new int[n];
        Pool2d.maxForward(x, 0, w, fast, atFast, 0);
        Pool2d.maxForwardReference(x, 0, w, ref, atRef, 0);
        Pool2d.maxForward(x, 0, w, noIndex, null, 0);
        assertArrayEquals(ref, fast, what);
        assertArrayEquals(atRef, atFast, what);
        // Without argmax only the sign of a zero may differ (Math.max prefers 0 to -0): compare with ==, NaN to NaN.
        for (int i = 0; i < n; i++) {
            assertTrue(ref[i] == noIndex[i] || Float.isNaN(ref[i]) && Float.isNaN(noIndex[i]),
                    what + " without argmax at " + i + ": " + ref[i] + " vs " + noIndex[i]);
        }
        // Backward routes each gradient to the winner: compare against a direct scatter.
        float[] gy = new float[n];
        for (int i = 0; i < n; i++) gy[i] = i % 5 - 2;
        float[] gx = new float[x.length], expect = new float[x.length];
        Pool2d.maxBackward(gy, atFast, 0, w, gx, 0, true);
        for (int c = 0; c < w.channels(); c++)
            for (int o = 0; o < w.outPlane(); o++) expect[c * w.inPlane() + atRef[c * w.outPlane() + o]] += gy[c * w.outPlane() + o];
        assertArrayEquals(expect, gx, what + " backward");
        // Stored rather than added: whatever the array held before is gone.
        float[] stored = x.clone();
        Pool2d.maxBackward(gy, atFast, 0, w, stored, 0, false);
        assertArrayEquals(expect, stored, what + " backward stored");
    }

    private static Window2d halving(int planes, int h, int w) {
        return new Window2d(planes, h, w, 2, 2, 2, 2, 0, 0, 1, 1, h / 2, w / 2);
    }

    /** Small integers (so ties are common), sometimes NaN, infinities and signed zeros. */
    private static float[] randomWithSpecials(int n, SplittableRandom r, boolean specials) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextInt(9) - 4;
            if (specials) {
                int k = r.nextInt(40);
                if (k == 0) x[i] = Float.NaN;
                else if (k == 1) x[i] = Float.POSITIVE_INFINITY;
                else if (k == 2) x[i] = Float.NEGATIVE_INFINITY;
                else if (k == 3) x[i] = -0f;
            }
        }
        return x;
    }
}

package splot.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A weight's panels kept across products ({@link WeightPanels}): the packing's floats, and packed again per epoch. */
class WeightPanelsTest {
    private static final GemmKernels VECTOR = Gemm.chooseKernels(null);

    @Test
    void keptPanelsGiveTheFloatsOfPackingEachCall() {
        SplittableRandom r = new SplittableRandom(54);
        // Split by column blocks (fashion-mlp's first layer, odd sizes with a last panel of fewer columns and a depth of
        // no whole number of 16-step blocks), on the calling thread, and two depth blocks (k past DEFAULT's kc).
        for (int[] size : new int[][] {{256, 128, 784}, {70, 97, 800}, {200, 97, 803}, {9, 33, 17}, {33, 129, 7},
                {129, 33, PackedGemm.DEFAULT.kc() + 76}}) {
            int m = size[0], n = size[1], k = size[2], aOff = 3, cOff = 2, ldc = n + 5;
            for (boolean accumulate : new boolean[] {false, true}) {
                for (boolean relu : new boolean[] {false, true}) {
                    float[] a = gaussian(aOff + m * k, r), b = gaussian(n * k, r), c0 = gaussian(cOff + m * ldc, r);
                    float[] want = c0.clone();
                    Gemm.sgemmTransposingB(m, n, k, a, aOff, k, b, 0, new float[k * n], want, cOff, ldc, accumulate, relu, 0);
                    long epoch = 1000 + m;
                    for (int call = 0; call < 2; call++) {
                        // The first call packs the panels, the second multiplies by them as kept.
                        float[] got = c0.clone();
                        Gemm.sgemmTransposingB(m, n, k, a, aOff, k, b, 0, new float[k * n], got, cOff, ldc, accumulate, relu, epoch);
                        assertArrayEquals(want, got, m + "x" + n + "x" + k + " call " + call + (accumulate ? " accumulate" : "") + (relu ? " relu" : ""));
                    }
                }
            }
        }
    }

    @Test
    void everyKernelsDriverOnKeptPanelsGivesItsOwnPacking() {
        SplittableRandom r = new SplittableRandom(55);
        for (GemmKernels kern : List.of(VECTOR, Gemm.SCALAR)) {
            for (int[] size : new int[][] {{17, 33, 129}, {7, 1, 17}, {33, 70, PackedGemm.DEFAULT.kc() + 3}}) {
                int m = size[0], n = size[1], k = size[2];
                float[] a = gaussian(m * k, r), b = gaussian(n * k, r);
                float[] want = new float[m * n], got = new float[m * n];
                PackedGemm.sgemm(kern, false, true, m, n, k, a, 0, k, b, 0, k, want, 0, n, false);
                WeightPanels kept = WeightPanels.acquire(kern, b, n, k);
                assertNotNull(kept);
                try {
                    kept.update(kern, b, 0, n, 7);
                    PackedGemm.sgemmOnWeight(kern, m, n, k, a, 0, k, b, 0, kept, 0, got, 0, n, false);
                } finally {
                    kept.release();
                }
                assertArrayEquals(want, got, kern + " " + m + "x" + n + "x" + k);
            }
        }
    }

    @Test
    void aWeightWrittenIsSeenInTheNextEpochOnly() {
        SplittableRandom r = new SplittableRandom(56);
        int m = 256, n = 128, k = 784;
        float[] a = gaussian(m * k, r), b = gaussian(n * k, r);
        float[] before = product(a, b, m, n, k, 0);
        assertArrayEquals(before, product(a, b, m, n, k, 21));
        // The last row of the last panel, and one in the first.
        b[n * k - 1] += 1f;
        b[5] = 0f;
        float[] after = product(a, b, m, n, k, 0);
        // Where the kernels pack a transposed B's panels themselves (AVX-512) this product keeps them; elsewhere it
        // transposes B at every call and sees the write at once.
        assertArrayEquals(Gemm.KERNELS.packsTransposedB() ? before : after, product(a, b, m, n, k, 21), "the same epoch");
        assertArrayEquals(after, product(a, b, m, n, k, 22), "a new epoch packs the weight as it is");
        // A zero that only its sign tells apart.
        b[5] = -0f;
        assertArrayEquals(product(a, b, m, n, k, 0), product(a, b, m, n, k, 23), "-0 written over 0");
    }

    @Test
    void oneProductHoldsThePanelsAtATime() {
        float[] b = new float[64 * 9];
        WeightPanels first = WeightPanels.acquire(VECTOR, b, 64, 9);
        assertNotNull(first);
        assertNull(WeightPanels.acquire(VECTOR, b, 64, 9), "held by the first");
        first.release();
        assertSame(first, WeightPanels.acquire(VECTOR, b, 64, 9), "given back, the same panels");
        assertNull(WeightPanels.acquire(VECTOR, new float[64 * 9 + 1], 64, 9), "not a whole array");
        int rows = WeightPanels.MAX_FLOATS / 32 + 1;
        assertNull(WeightPanels.acquire(VECTOR, new float[rows * 32], rows, 32), "too large");
    }

    private static float[] product(float[] a, float[] b, int m, int n, int k, long epoch) {
        float[] c = new float[m * n];
        Gemm.sgemmTransposingB(m, n, k, a, 0, k, b, 0, new float[k * n], c, 0, n, false, false, epoch);
        return c;
    }

    private static float[] gaussian(int n, SplittableRandom r) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
        return x;
    }
}

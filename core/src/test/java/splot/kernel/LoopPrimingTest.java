package splot.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoopPrimingTest {
    /**
     * Counts the tile calls, by loop and by end (C stored or added), and the rows of dot products that the default
     * {@link GemmKernels#direct} makes of a product with B transposed; checks the arrays are big enough.
     */
    private static final class CountingKernels implements GemmKernels {
        final boolean inPlace;
        int packedStores, packedAdds, inPlaceStores, inPlaceAdds, dotStores, dotAdds, unpackedStores, unpackedAdds, tails;
        /** Packing calls by case: [A or B][transposed][whole panel]. */
        final int[][][] packs = new int[2][2][2];

        CountingKernels(boolean inPlace) {
            this.inPlace = inPlace;
        }

        @Override
        public int mr() {
            return 8;
        }

        @Override
        public int nr() {
            return 32;
        }

        @Override
        public void tile(int kc, float[] ap, int ai, float[] bp, int bi, float[] c, int ci, int ldc, boolean overwrite) {
            assertEquals(8 * kc, ap.length - ai, "a packed A panel of 8 rows");
            assertEquals(32 * kc, bp.length - bi, "a packed B panel of 32 columns");
            if (overwrite) packedStores++; else packedAdds++;
        }

        @Override
        public void tileRows(int kc, float[] a, int ai, int lda, float[] bp, int bi, float[] c, int ci, int ldc, boolean overwrite) {
            assertEquals(8 * lda, a.length - ai, "eight rows of A in place");
            if (overwrite) inPlaceStores++; else inPlaceAdds++;
        }

        @Override
        public boolean readsRowsOfA() {
            return inPlace;
        }

        @Override
        public void tileUnpackedB(int kc, float[] ap, int ai, float[] b, int bi, int ldb, float[] c, int ci, int ldc, boolean overwrite) {
            assertEquals(8 * kc, ap.length - ai, "a packed A panel of 8 rows");
            assertEquals(kc * ldb, b.length - bi, "kc rows of B in place");
            if (overwrite) unpackedStores++; else unpackedAdds++;
        }

        @Override
        public boolean readsUnpackedB() {
            return inPlace;
        }

        @Override
        public void packA(boolean transA, float[] a, int aOff, int lda, int i0, int pc, int mv, int kc, float[] dst, int base) {
            assertTrue(mv == 8 || mv == 7, "a whole panel of 8 rows or a part: " + mv);
            packs[0][transA ? 1 : 0][mv == 8 ? 1 : 0]++;
        }

        @Override
        public void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int j0, int kc, int nv, float[] dst, int base) {
            assertTrue(nv == 32 || nv == 31, "a whole panel of 32 columns or a part: " + nv);
            packs[1][transB ? 1 : 0][nv == 32 ? 1 : 0]++;
        }

        @Override
        public void axpyRow(float[] x, int xo, int k, float[] b, int bOff, int ldb, int n, float[] c, int ci, boolean accumulate) {
            throw new AssertionError("priming runs no product with B as stored");
        }

        @Override
        public void dotRow(float[] x, int xo, int k, float[] b, int bOff, int ldb, int n, float[] c, int ci, boolean accumulate) {
            // Four steps of a 16-float vector (the tile is 32 wide), with or without a float of tail, against all seven
            // rows of B.
            assertTrue(k == 64 || k == 65, "the depth: " + k);
            if (k == 65) tails++;
            assertEquals(7, n, "the rows of B");
            assertTrue(7 * k <= b.length, "B's seven stored rows");
            assertEquals(7 * 7, c.length, "a 7 x 7 C");
            if (accumulate) dotAdds++; else dotStores++;
        }
    }

    @Test
    void runsBothEndsOfEveryLoopAndReturnsTheKernels() {
        CountingKernels k = new CountingKernels(true);
        assertSame(k, LoopPriming.primed(k));
        assertEquals(20, k.packedStores);
        assertEquals(20, k.packedAdds);
        assertEquals(20, k.inPlaceStores);
        assertEquals(20, k.inPlaceAdds);
        assertEquals(0, k.dotStores + k.dotAdds);
    }

    @Test
    void runsTheDotProductsWithCStoredAndAdded() {
        CountingKernels k = new CountingKernels(true);
        LoopPriming.primeDotProducts(k);
        // 256 products of 7 rows, every other one adding to C.
        assertEquals(7 * 128, k.dotStores);
        assertEquals(7 * 128, k.dotAdds);
        assertEquals(7 * 128, k.tails, "half the products have a tail");
        assertEquals(0, k.packedStores + k.packedAdds + k.inPlaceStores + k.inPlaceAdds);
    }

    @Test
    void runsTheTileThatReadsBInPlaceWhereThereIsOne() {
        CountingKernels k = new CountingKernels(true);
        LoopPriming.primeTileUnpackedB(k);
        assertEquals(128, k.unpackedStores);
        assertEquals(128, k.unpackedAdds);
        CountingKernels none = new CountingKernels(false);
        LoopPriming.primeTileUnpackedB(none);
        assertEquals(0, none.unpackedStores + none.unpackedAdds);
    }

    @Test
    void runsTheProductOnKeptPanelsWithCStoredAndAdded() {
        CountingKernels k = new CountingKernels(true);
        assertSame(k, LoopPriming.primeKeptPanels(k));
        // 64 products of one tile, A read in place, half of them adding to C; the panel packed every other product.
        assertEquals(32, k.inPlaceStores);
        assertEquals(32, k.inPlaceAdds);
        assertEquals(32, k.packs[1][1][1], "whole panels of a transposed B");
        assertEquals(0, k.packedStores + k.packedAdds);
    }

    @Test
    void leavesOutTheInPlaceTileOfKernelsThatPackA() {
        CountingKernels k = new CountingKernels(false);
        LoopPriming.primed(k);
        assertEquals(40, k.packedStores + k.packedAdds);
        assertEquals(0, k.inPlaceStores + k.inPlaceAdds);
    }

    @Test
    void packsEveryCaseOfBothPanels() {
        CountingKernels k = new CountingKernels(true);
        LoopPriming.primePacking(k);
        for (int panel = 0; panel < 2; panel++) {
            for (int transposed = 0; transposed < 2; transposed++) {
                for (int whole = 0; whole < 2; whole++) {
                    assertEquals(LoopPriming.CALLS / 4, k.packs[panel][transposed][whole],
                            (panel == 0 ? "A" : "B") + (transposed == 1 ? " transposed" : "") + (whole == 1 ? ", whole" : ", a part"));
                }
            }
        }
        assertEquals(0, k.packedStores + k.packedAdds + k.inPlaceStores + k.inPlaceAdds + k.dotStores + k.dotAdds);
    }
}

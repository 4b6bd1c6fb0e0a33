package splot.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class TilePrimingTest {
    /** Counts the tile calls, by loop and by end (C stored or added), and checks the arrays are big enough. */
    private static final class CountingKernels implements GemmKernels {
        final boolean inPlace;
        int packedStores, packedAdds, inPlaceStores, inPlaceAdds;

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
        public void axpyRow(float[] x, int xo, int k, float[] b, int bOff, int ldb, int n, float[] c, int ci, boolean accumulate) {
            throw new AssertionError("priming runs the tiles only");
        }

        @Override
        public void dotRow(float[] x, int xo, int k, float[] b, int bOff, int ldb, int n, float[] c, int ci, boolean accumulate) {
            throw new AssertionError("priming runs the tiles only");
        }
    }

    @Test
    void runsBothEndsOfEveryTileAndReturnsTheKernels() {
        CountingKernels k = new CountingKernels(true);
        assertSame(k, TilePriming.primed(k));
        assertEquals(20, k.packedStores);
        assertEquals(20, k.packedAdds);
        assertEquals(20, k.inPlaceStores);
        assertEquals(20, k.inPlaceAdds);
    }

    @Test
    void leavesOutTheInPlaceTileOfKernelsThatPackA() {
        CountingKernels k = new CountingKernels(false);
        TilePriming.primed(k);
        assertEquals(40, k.packedStores + k.packedAdds);
        assertEquals(0, k.inPlaceStores + k.inPlaceAdds);
    }
}

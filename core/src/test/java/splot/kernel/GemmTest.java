package splot.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every GEMM route (dispatching entry, packed driver, direct loop) on every set of loops: the vector ones (both
 * tiles, 8 and 6 rows, where the machine runs the 8-row one) and the scalar ones,
 * against {@link ReferenceGemm}: odd sizes, all transposes, accumulate on and off, offsets and padded rows.
 */
class GemmTest {
    private static final GemmKernels VECTOR = Gemm.chooseKernels(null);
    private static final GemmKernels SCALAR = Gemm.SCALAR;
    /** The 6-row vector tile, tested here too where the machine runs the 8-row one. */
    private static final GemmKernels SIX_ROWS = new VectorGemmKernels();
    private static final List<GemmKernels> ALL = VECTOR instanceof WideVectorGemmKernels
            ? List.of(VECTOR, SIX_ROWS, SCALAR) : List.of(VECTOR, SCALAR);
    private static final int[] SIZES = {1, 7, 17, 33, 129};

    /** Which entry point a case goes through. */
    enum Route { GEMM, PACKED, PANELS, TINY_BLOCKS, SHARED_TINY_BLOCKS, SHARED_L1_PANEL, DIRECT }

    /** Blocks far smaller than the real ones, so modest sizes cross every loop of the nest many times. */
    private static final PackedGemm.Blocking TINY = new PackedGemm.Blocking(5, 13, 70);
    /** Blocks deep enough for the vector packing loops, still small enough for several of each loop. */
    private static final PackedGemm.Blocking DEEP_ENOUGH = new PackedGemm.Blocking(48, 24, 70);

    /** One problem: sizes, transposes, and the padding around each matrix. */
    record Case(boolean transA, boolean transB, int m, int n, int k, boolean accumulate, int off, int pad) {
        int aRows() { return transA ? k : m; }
        int aCols() { return transA ? m : k; }
        int bRows() { return transB ? n : k; }
        int bCols() { return transB ? k : n; }

        @Override
        public String toString() {
            return (transA ? "A^T" : "A") + (transB ? " B^T" : " B") + " m=" + m + " n=" + n + " k=" + k
                    + (accumulate ? " accumulate" : "") + " off=" + off + " pad=" + pad;
        }
    }

    @Test
    void vectorPathIsActiveWhereTheVectorApiIs() {
        // Surefire runs with the incubator module, and every x86-64 or ARM64 machine has >= 4-float vectors.
        assertInstanceOf(VectorGemmKernels.class, VECTOR);
        assertTrue(Gemm.implementation().startsWith("vector"), Gemm.implementation());
        assertInstanceOf(ScalarGemmKernels.class, Gemm.chooseKernels("false"));
        assertInstanceOf(ScalarGemmKernels.class, Gemm.chooseKernels("FALSE"));
        assertEquals(VectorGemmKernels.L >= 16, VECTOR instanceof WideVectorGemmKernels, Gemm.implementation());
        assertEquals(VECTOR instanceof WideVectorGemmKernels ? 8 : 4, VECTOR.mr());
    }

    @Test
    void oddSizesAllTransposesEveryKernel() {
        for (GemmKernels kern : ALL) {
            for (Case cs : allCombos(SIZES, 0, 0)) check(kern, Route.GEMM, cs);
        }
    }

    @Test
    void offsetsAndLeadingDimensionsLargerThanRows() {
        for (GemmKernels kern : ALL) {
            for (Route route : Route.values()) {
                for (Case cs : allCombos(new int[] {1, 7, 33}, 5, 3)) check(kern, route, cs);
            }
        }
    }

    @Test
    void everyTileEdgeResidueThroughThePackedPath() {
        for (GemmKernels kern : ALL) {
            int mr = kern.mr(), nr = kern.nr();
            for (int m = 1; m <= 2 * mr + 1; m++) {
                for (int n = 1; n <= 2 * nr + 1; n++) {
                    for (int t = 0; t < 4; t++) {
                        check(kern, Route.PACKED, new Case(t % 2 == 1, t / 2 == 1, m, n, 5, (m + n) % 2 == 0, 2, 1));
                    }
                }
            }
        }
    }

    @Test
    void blockEdgesOfTheCacheBlocking() {
        PackedGemm.Blocking blocking = PackedGemm.DEFAULT;
        int kc = blocking.kc();
        for (GemmKernels kern : ALL) {
            int mcBlock = blocking.mc() / kern.mr() * kern.mr(), ncBlock = blocking.nc() / kern.nr() * kern.nr();
            for (int t = 0; t < 4; t++) {
                boolean ta = t % 2 == 1, tb = t / 2 == 1;
                for (int k : new int[] {kc - 1, kc, kc + 1, 2 * kc + 3}) {
                    check(kern, Route.PACKED, new Case(ta, tb, 13, 37, k, false, 1, 2));
                    check(kern, Route.PACKED, new Case(ta, tb, 13, 37, k, true, 1, 2));
                }
                check(kern, Route.PACKED, new Case(ta, tb, mcBlock + 7, 19, 9, true, 0, 0));
                check(kern, Route.PACKED, new Case(ta, tb, 2 * mcBlock, 19, 9, false, 0, 0));
                check(kern, Route.PACKED, new Case(ta, tb, 5, ncBlock + 3, 4, true, 0, 1));
            }
        }
    }

    /** A wide B against a few rows of A is read in place: every row residue of A, a last partial B panel, kc blocks. */
    @Test
    void aWideBAgainstFewRowsInPlace() {
        int kc = PackedGemm.DEFAULT.kc(), n = PackedGemm.IN_PLACE_B_MIN_PANELS * VECTOR.nr() + 7;
        for (GemmKernels kern : ALL) {
            for (int m = 1; m <= PackedGemm.IN_PLACE_B_PANELS * kern.mr(); m++) {
                check(kern, Route.PACKED, new Case(m % 2 == 0, false, m, n, 5, m % 3 == 0, 2, 1));
            }
            check(kern, Route.PACKED, new Case(false, false, 13, n, 2 * kc + 3, true, 1, 2));
            check(kern, Route.PACKED, new Case(true, false, 13, n, kc + 1, false, 0, 3));
        }
    }

    /** Past L2's worth of A, a row-major A is still read in place when it serves only a few B panels. */
    @Test
    void aLargeAAgainstFewColumnsCrossesTheBlocksInPlace() {
        int kc = PackedGemm.DEFAULT.kc(), mc = PackedGemm.DEFAULT.mc();
        Case wide = new Case(false, true, mc + 205, 37, 3 * kc + 5, true, 1, 2);
        assertTrue((long) wide.m() * wide.k() > PackedGemm.IN_PLACE_A && wide.n() <= PackedGemm.IN_PLACE_A_PANELS * VECTOR.nr(),
                "the case must take the in-place route by its width alone");
        for (GemmKernels kern : ALL) {
            for (int t = 0; t < 4; t++) {
                check(kern, Route.PACKED, new Case(false, t / 2 == 1, wide.m(), wide.n(), wide.k(), t % 2 == 0, 1, 2));
            }
        }
    }

    @Test
    void tinyBlocksCrossEveryLoopOfTheNest() {
        for (GemmKernels kern : ALL) {
            for (Case cs : allCombos(new int[] {1, 12, 67, 101}, 1, 1)) check(kern, Route.TINY_BLOCKS, cs);
        }
    }

    @Test
    void sharedPackingOfBHandsOutRowBlocksAcrossEveryLoopOfTheNest() {
        for (GemmKernels kern : ALL) {
            for (Case cs : allCombos(new int[] {1, 12, 67, 101}, 1, 1)) check(kern, Route.SHARED_TINY_BLOCKS, cs);
        }
    }

    @Test
    void sharedPackingGivesTheSerialDriversFloatsWhicheverThreadTakesABlock() {
        SplittableRandom r = new SplittableRandom(7);
        // TINY: 13 depth blocks of 5 and 2 column blocks, 26 B blocks in the shared driver's two buffers, A packed by the
        // scalar tail alone; DEEP_ENOUGH: depth blocks of 48 (A packed by the register transposes too, where the tile has 8 rows).
        for (PackedGemm.Blocking blocking : List.of(TINY, DEEP_ENOUGH)) {
            for (GemmKernels kern : ALL) {
                for (int t = 0; t < 4; t++) {
                    Case cs = new Case(t % 2 == 1, t / 2 == 1, 157, 83, 61, t == 3, 2, 1);
                    Problem p = Problem.random(cs, r);
                    float[] serial = p.c0.clone(), shared = p.c0.clone();
                    PackedGemm.sgemm(kern, blocking, cs.transA(), cs.transB(), cs.m(), cs.n(), cs.k(), p.a, cs.off(), p.lda, p.b,
                            cs.off(), p.ldb, serial, cs.off(), p.ldc, cs.accumulate());
                    for (int repeat = 0; repeat < 3; repeat++) {
                        PackedGemm.sgemmShared(kern, blocking, cs.transA(), cs.transB(), cs.m(), cs.n(), cs.k(), p.a, cs.off(), p.lda,
                                p.b, cs.off(), p.ldb, shared, cs.off(), p.ldc, cs.accumulate());
                        assertArrayEquals(serial, shared, kern + " " + blocking + " " + cs + ", call " + repeat);
                        if (cs.accumulate()) shared = p.c0.clone();
                    }
                }
            }
        }
    }

    @Test
    void aFailingBlockStopsTheSharedProductAndReachesTheCaller() {
        // B too short for its leading dimension fails inside a packing task; the other thread must not wait for it forever.
        float[] a = new float[400 * 64], b = new float[64 * 300], c = new float[400 * 300];
        for (GemmKernels kern : ALL) {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(IndexOutOfBoundsException.class,
                    () -> PackedGemm.sgemmShared(kern, DEEP_ENOUGH, false, false, 400, 300, 64, a, 0, 64, b, 0, 301, c, 0, 300, false),
                    kern.toString()));
        }
    }

    @Test
    void intelCoresTakeTheL1PanelBlocksAtEveryDepthForAWideEnoughB() {
        int wide = PackedGemm.L1_PANEL_MIN_COLUMNS;
        for (int k : new int[] {1, PackedGemm.DEFAULT.kc(), PackedGemm.DEFAULT.kc() + 1, 5000}) {
            assertSame(PackedGemm.L1_PANEL, PackedGemm.sharedBlocking(wide, k, true), "k=" + k);
            assertSame(PackedGemm.sharedBlocking(wide, k, false), PackedGemm.sharedBlocking(wide - 1, k, true), "k=" + k);
        }
        assertEquals(Processor.INTEL, PackedGemm.sharedBlocking(wide, 1) == PackedGemm.L1_PANEL);
        // Past every block of L1_PANEL: three depth blocks (the last of 8), two column blocks, and row blocks enough for
        // each thread to take two (on two threads, four blocks of at most 136 rows).
        Case cs = new Case(false, false, 520, PackedGemm.L1_PANEL.nc() + 37, 2 * PackedGemm.L1_PANEL.kc() + 8, true, 3, 1);
        check(VECTOR, Route.SHARED_L1_PANEL, cs);
    }

    @Test
    void aDeepTallProductTakesItsDepthInOneBlockAndMatchesTheReference() {
        assertSame(PackedGemm.DEEP, PackedGemm.sharedBlocking(70, PackedGemm.DEFAULT.kc() + 1, false));
        assertSame(PackedGemm.DEFAULT, PackedGemm.sharedBlocking(70, PackedGemm.DEFAULT.kc(), false));
        // Tall enough for the shared driver on two threads, one depth step past a DEFAULT block.
        for (GemmKernels kern : List.of(VECTOR, SCALAR)) check(kern, Route.GEMM, new Case(false, false, 400, 70, 1025, false, 0, 0));
        for (GemmKernels kern : List.of(VECTOR, SCALAR)) check(kern, Route.GEMM, new Case(false, true, 400, 70, 1025, true, 3, 2));
    }

    @Test
    void aProductOnBAsStoredGivesTheTransposeAndProductsFloats() {
        SplittableRandom r = new SplittableRandom(13);
        // One split loop over the columns (m*n*k past the parallel threshold, n two tile widths or more; B's rows packed
        // straight into panels where the kernels pack a transposed B fast, with a last panel of fewer columns and a depth
        // of no whole number of 16-step blocks); below the parallel threshold, B's rows packed straight into panels on the
        // calling thread (a wide B, a narrow one, a short A); split by rows, each thread packing all of a small B (lenet5's
        // dense layer, and a product of odd sizes); and the two-step route for a product too small for either;
        // all against the transpose and sgemm, and the reference. Each again with the ReLU after it.
        for (int[] size : new int[][] {{70, 97, 800}, {256, 128, 784}, {200, 97, 803}, {64, 70, 300}, {128, 10, 84},
                {16, 120, 400}, {256, 120, 400}, {203, 97, 600}, {9, 7, 17}}) {
            int m = size[0], n = size[1], k = size[2], aOff = 3, cOff = 2, ldc = n + 5;
            for (boolean accumulate : new boolean[] {false, true}) {
                float[] a = gaussian(aOff + m * k, r), b = gaussian(n * k, r), c0 = gaussian(cOff + m * ldc, r);
                float[] got = c0.clone(), twoStep = c0.clone(), want = c0.clone(), bt = new float[k * n];
                Gemm.sgemmTransposingB(m, n, k, a, aOff, k, b, 0, new float[k * n], got, cOff, ldc, accumulate);
                Transpose.transpose(b, 0, n, k, bt, 0);
                Gemm.sgemm(false, false, m, n, k, a, aOff, k, bt, 0, n, twoStep, cOff, ldc, accumulate);
                assertArrayEquals(twoStep, got, m + "x" + n + "x" + k + (accumulate ? " accumulate" : ""));
                // With the ReLU: the same floats, negatives (and nothing else of C) at zero.
                float[] relu = c0.clone();
                Gemm.sgemmTransposingB(m, n, k, a, aOff, k, b, 0, new float[k * n], relu, cOff, ldc, accumulate, true);
                for (int i = 0; i < got.length; i++) {
                    boolean inC = i >= cOff && (i - cOff) % ldc < n;
                    assertEquals(inC ? Math.max(got[i], 0f) : got[i], relu[i], "relu C[" + i + "] " + m + "x" + n + "x" + k);
                }
                ReferenceGemm.sgemm(false, true, m, n, k, a, aOff, k, b, 0, k, want, cOff, ldc, accumulate);
                for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-3f * (1 + Math.abs(want[i])), "C[" + i + "]");
            }
        }
    }

    @Test
    void theNarrowLoopMatchesTheReferenceOnOddSizes() {
        SplittableRandom r = new SplittableRandom(19);
        int w = VECTOR.narrowColumns();
        // Rows of a whole tile and past it (the rest from a zero-padded copy), every width up to one vector, odd depths; and
        // through sgemmTransposingB on the calling thread and split by rows.
        for (int m : new int[] {8, 9, 17, 33, 129}) {
            for (int n : new int[] {1, 7, 10, w}) {
                if (n > w) continue;
                for (int k : new int[] {1, 7, 17, 128, 1100}) {
                    for (boolean accumulate : new boolean[] {false, true}) {
                        int aOff = 3, cOff = 1, ldc = n + 2;
                        float[] a = gaussian(aOff + m * k, r), b = gaussian(n * k, r), c0 = gaussian(cOff + m * ldc, r);
                        float[] got = c0.clone(), want = c0.clone();
                        PackedGemm.sgemmNarrow(VECTOR, m, n, k, a, aOff, k, b, 0, got, cOff, ldc, accumulate);
                        ReferenceGemm.sgemm(false, true, m, n, k, a, aOff, k, b, 0, k, want, cOff, ldc, accumulate);
                        for (int i = 0; i < want.length; i++) {
                            assertEquals(want[i], got[i], 1e-4f * (1 + Math.abs(want[i])), m + "x" + n + "x" + k + " C[" + i + "]");
                        }
                    }
                }
            }
        }
        for (int m : new int[] {256, 4096}) {
            int n = 10, k = 128;
            float[] a = gaussian(m * k, r), b = gaussian(n * k, r), got = new float[m * n], want = new float[m * n];
            Gemm.sgemmTransposingB(m, n, k, a, 0, k, b, 0, new float[k * n], got, 0, n, false);
            ReferenceGemm.sgemm(false, true, m, n, k, a, 0, k, b, 0, k, want, 0, n, false);
            for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-4f * (1 + Math.abs(want[i])), m + " rows, C[" + i + "]");
        }
    }

    @Test
    void rowPanelTransposeGivesTheScalarPanel() {
        // The register transposes are built for 16-float vectors, and only the 8-row tile that comes with them uses them.
        assertEquals(VectorGemmKernels.L == 16, VECTOR instanceof WideVectorGemmKernels, Gemm.implementation());
        if (!(VECTOR instanceof WideVectorGemmKernels)) return;
        SplittableRandom r = new SplittableRandom(11);
        for (int kc : new int[] {1, 7, 15, 16, 17, 33, 129}) {
            int lda = kc + 3, off = 5;
            float[] a = gaussian(off + 8 * lda, r);
            float[] scalar = new float[2 + 8 * kc], vector = new float[2 + 8 * kc];
            PackedGemm.packAPanel(false, a, off, lda, 0, 0, 8, kc, 8, scalar, 2);
            RowPanelTranspose.pack(a, off, lda, kc, vector, 2);
            assertArrayEquals(scalar, vector, "kc=" + kc);
        }
    }

    @Test
    void transposedBPanelGivesTheScalarPanel() {
        // Whole panels of a transposed B go through 16 x 16 register transposes on AVX-512: every kc residue, a partial
        // panel (the parent's loop), offsets into both arrays.
        SplittableRandom r = new SplittableRandom(12);
        int nr = VECTOR.nr();
        for (int kc : new int[] {1, 7, 15, 16, 17, 33, 129}) {
            for (int nv : new int[] {nr, nr - 3}) {
                int pc = 2, ldb = pc + kc + 3, j0 = 3, off = 4;
                float[] b = gaussian(off + (j0 + nr) * ldb, r);
                float[] scalar = new float[3 + nr * kc], vector = new float[3 + nr * kc];
                PackedGemm.packBPanel(true, b, off, ldb, pc, j0, kc, nv, nr, scalar, 3);
                VECTOR.packB(true, b, off, ldb, pc, j0, kc, nv, vector, 3);
                assertArrayEquals(scalar, vector, "kc=" + kc + ", nv=" + nv);
            }
        }
    }

    @Test
    void theABufferHoldsAWholeBlockFromTheStart() {
        // A larger batch after a smaller one (inference after training) must not grow it: see PackedGemm.Workspace.
        PackedGemm.Workspace ws = new PackedGemm.Workspace();
        float[] before = ws.a;
        int m = PackedGemm.DEFAULT.mc() + 1, k = PackedGemm.DEFAULT.kc() + 1;
        assertSame(before, ws.a(PackedGemm.roundUp(Math.min(PackedGemm.DEFAULT.mc(), m), VECTOR.mr()) * Math.min(PackedGemm.DEFAULT.kc(), k)),
                "a whole DEFAULT block of A fits the buffer a new workspace starts with");
    }

    @Test
    void largerProblemsTakeTheParallelSplit() {
        int deep = PackedGemm.SHARED_MIN_DEPTH;
        assertTrue(PackedGemm.sharesB(401, deep, 2) && !PackedGemm.sharesB(301, deep, 2), "401 rows share B on two threads, 301 do not");
        assertTrue(!PackedGemm.sharesB(401, deep - 1, 2) && !PackedGemm.sharesB(401, deep, 1), "nor shallower products, nor one thread");
        assertTrue(200L * 300 * 150 >= Gemm.PARALLEL_WORK && 301L * 97 * 160 >= Gemm.PARALLEL_WORK && 401L * 100 * 110 >= Gemm.PARALLEL_WORK
                && 4099L * 1100 >= Gemm.PARALLEL_WORK, "sizes below the parallel threshold test nothing here");
        for (GemmKernels kern : ALL) {
            for (int t = 0; t < 4; t++) {
                boolean ta = t % 2 == 1, tb = t / 2 == 1;
                check(kern, Route.GEMM, new Case(ta, tb, 200, 300, 150, t % 3 == 0, 3, 4));   // split over columns
                check(kern, Route.GEMM, new Case(ta, tb, 301, 97, 160, t % 3 != 0, 0, 0));    // split over rows
                check(kern, Route.GEMM, new Case(ta, tb, 401, 100, deep, t % 3 != 0, 2, 1));  // B shared, row blocks handed out
                check(kern, Route.GEMM, new Case(ta, tb, 401, 100, 110, t % 3 == 0, 1, 2));   // too shallow to share: split over rows
                check(kern, Route.GEMM, new Case(ta, tb, 1, 4099, 1100, false, 1, 0));        // one row, direct
            }
        }
    }

    /** A and B given as the driver's panels: every odd size, every transpose before packing, every set of loops. */
    @Test
    void panelsMatchTheReferenceOnOddSizes() {
        for (GemmKernels kern : ALL) {
            for (Case cs : allCombos(SIZES, 1, 2)) check(kern, Route.PANELS, cs);
        }
    }

    /**
     * The public entry: on the calling thread, and split by panels of rows when large (601 x 256 x 160 on all threads),
     * the floats of the packed driver on the same matrices (A read in place there, packed here); refused where B is not
     * whole panels or the depth is more than one block.
     */
    @Test
    void panelsEntryGivesThePackedDriversFloats() {
        SplittableRandom r = new SplittableRandom(3);
        int mr = Gemm.tileRows(), nr = Gemm.tileColumns();
        for (int[] mnk : new int[][] {{17, 2 * nr, 33}, {601, 8 * nr, 160}}) {
            int m = mnk[0], n = mnk[1], k = mnk[2], rows = Math.ceilDiv(m, mr) * mr;
            assertEquals(m == 601, (long) m * n * k >= Gemm.PARALLEL_WORK, "the large case is large enough to split");
            float[] a = Problem.matrix(m, k, 0, r), b = Problem.matrix(k, n, 0, r), ap = new float[3 + rows * k], bp = new float[3 + n * k];
            for (int ir = 0; ir < m; ir += mr) Gemm.KERNELS.packA(false, a, 0, k, ir, 0, Math.min(mr, m - ir), k, ap, 3 + ir * k);
            for (int jr = 0; jr < n; jr += nr) Gemm.KERNELS.packB(false, b, 0, n, 0, jr, k, nr, bp, 3 + jr * k);
            for (boolean acc : new boolean[] {false, true}) {
                float[] want = Problem.matrix(m, n, 0, r), got = want.clone();
                PackedGemm.sgemm(Gemm.KERNELS, false, false, m, n, k, a, 0, k, b, 0, n, want, 0, n, acc);
                Gemm.sgemmPacked(m, n, k, ap, 3, bp, 3, got, 0, n, acc);
                assertArrayEquals(want, got, m + " x " + n + " x " + k + (acc ? ", accumulated" : ""));
            }
        }
        var e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemmPacked(4, nr + 1, 8, new float[8 * mr], 0, new float[8 * (nr + 1)], 0, new float[4 * (nr + 1)], 0, nr + 1, false));
        assertTrue(e.getMessage().contains("n=" + (nr + 1)), e.getMessage());
        int deep = Gemm.PACKED_DEPTH + 1;
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemmPacked(4, nr, deep, new float[deep * mr], 0, new float[deep * nr], 0, new float[4 * nr], 0, nr, false));
        assertTrue(e.getMessage().contains("k=" + deep), e.getMessage());
    }

    @Test
    void sharedRowBlocksComeInAWholeNumberPerThread() {
        assertEquals(88, PackedGemm.evenRowBlocks(1024, 96, 8, 2), "1024 rows: 12 blocks of 88 (at most), not 11 of 96");
        assertEquals(96, PackedGemm.evenRowBlocks(768, 96, 8, 2), "768 rows are 8 blocks of 96 already");
        for (int m = 401; m < 3000; m += 37) {
            int mc = PackedGemm.evenRowBlocks(m, 96, 8, 2), blocks = Math.ceilDiv(m, mc);
            assertEquals(0, mc % 8, m + " rows: blocks of whole tiles");
            assertTrue(mc <= 96, m + " rows: blocks no taller than asked, got " + mc);
            int busier = Math.min(m, Math.ceilDiv(blocks, 2) * mc), before = Math.min(m, Math.ceilDiv(Math.ceilDiv(m, 96), 2) * 96);
            assertTrue(busier <= before, m + " rows: the busier thread has " + busier + ", with blocks of 96 " + before);
        }
    }

    @Test
    void directPathOnSkinnyAndTinyProblems() {
        for (GemmKernels kern : ALL) {
            for (Case cs : allCombos(new int[] {1, 2, 15, 16, 17, 64, 65}, 1, 2)) check(kern, Route.DIRECT, cs);
        }
    }

    @Test
    void dotProductBlocksGiveTheRowByRowFloats() {
        SplittableRandom r = new SplittableRandom(5);
        for (int m : new int[] {2, 3, 4, 7, 25, 150}) {
            for (int n : new int[] {4, 5, 6, 7, 16}) {
                for (int k : new int[] {1, 15, 16, 37, 1600}) {
                    float[] a = gaussian(m * k, r), b = gaussian(n * k, r), c = gaussian(m * n, r);
                    for (boolean accumulate : new boolean[] {true, false}) {
                        float[] want = c.clone(), got = c.clone();
                        for (int i = 0; i < m; i++) VECTOR.dotRow(a, i * k, k, b, 0, k, n, want, i * n, accumulate);
                        VECTOR.direct(false, true, m, n, k, a, 0, k, b, 0, k, got, 0, n, accumulate, new float[k]);
                        assertArrayEquals(want, got, "m=" + m + " n=" + n + " k=" + k + (accumulate ? " accumulate" : ""));
                    }
                }
            }
        }
        assertTrue(VECTOR.directTransposedColumns() == 0 || Gemm.useDirect(VECTOR, true, 150, 16, 1600),
                "lenet5's second weight gradient (150 x 16, depth 1,600) takes the dot products");
        for (GemmKernels kern : new GemmKernels[] {VECTOR, SCALAR}) {
            assertTrue(Gemm.useDirect(kern, true, 9, 64, 4056),
                    kern + ": a one-channel 3x3 convolution's weight gradient (9 x 64, depth 4,056) takes the dot products");
            assertFalse(Gemm.useDirect(kern, false, 9, 64, 4056), kern + ": without transB it is packed");
        }
    }

    @Test
    void dotProductsAddEachLaneInOrderAcrossTheirChunks() {
        // The written-down order of the vector dot products: lane l sums the products at p = l, l + L, ... below
        // k - k % L by fused multiply-adds, the lanes are added in index order, then the last k % L products, then C.
        // Depths of several chunks, and ones that end mid-chunk, must give exactly these floats.
        int lanes = VectorGemmKernels.L, chunk = VectorGemmKernels.DOT_CHUNK;
        SplittableRandom r = new SplittableRandom(11);
        for (int k : new int[] {chunk, chunk + 1, 3 * chunk + lanes + 5, 9216 + 7}) {
            int m = 7, n = 7;
            float[] a = gaussian(m * k, r), b = gaussian(n * k, r), c = gaussian(m * n, r);
            for (boolean accumulate : new boolean[] {true, false}) {
                float[] want = c.clone(), got = c.clone(), rows = c.clone();
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        int kv = k / lanes * lanes;
                        float d = 0;
                        for (int l = 0; l < lanes; l++) {
                            float s = 0;
                            for (int p = l; p < kv; p += lanes) s = Math.fma(a[i * k + p], b[j * k + p], s);
                            d += s;
                        }
                        for (int p = kv; p < k; p++) d += a[i * k + p] * b[j * k + p];
                        want[i * n + j] = accumulate ? d + c[i * n + j] : d;
                    }
                }
                VECTOR.direct(false, true, m, n, k, a, 0, k, b, 0, k, got, 0, n, accumulate, new float[k]);
                for (int i = 0; i < m; i++) VECTOR.dotRow(a, i * k, k, b, 0, k, n, rows, i * n, accumulate);
                assertArrayEquals(want, got, "blocks, k=" + k + (accumulate ? " accumulate" : ""));
                assertArrayEquals(want, rows, "rows, k=" + k + (accumulate ? " accumulate" : ""));
            }
        }
    }

    private static float[] gaussian(int n, SplittableRandom r) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
        return x;
    }

    @Test
    void scalarFallbackAgreesWithVectorPath() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (Case cs : allCombos(new int[] {3, 31, 70}, 2, 1)) {
            Problem p = Problem.random(cs, rnd);
            float[] cv = p.c0.clone(), cs2 = p.c0.clone();
            run(VECTOR, Route.GEMM, p, cv);
            run(SCALAR, Route.GEMM, p, cs2);
            float[] bound = p.errorScale();
            for (int i = 0; i < cv.length; i++) {
                assertEquals(cs2[i], cv[i], 1e-5f * bound[i] + 1e-30f, () -> "scalar vs vector differ, " + cs);
            }
        }
    }

    @Test
    void zeroSizedProblems() {
        float[] c = {1, 2, 3, 4};
        Gemm.sgemm(false, false, 2, 2, 0, new float[0], 0, 0, new float[0], 0, 2, c, 0, 2, true);
        assertEquals(List.of(1f, 2f, 3f, 4f), List.of(c[0], c[1], c[2], c[3]));
        Gemm.sgemm(false, false, 2, 2, 0, new float[0], 0, 0, new float[0], 0, 2, c, 0, 2, false);
        assertEquals(List.of(0f, 0f, 0f, 0f), List.of(c[0], c[1], c[2], c[3]));
        Gemm.sgemm(true, true, 0, 3, 4, new float[0], 0, 0, new float[12], 0, 4, new float[0], 0, 3, false);
    }

    @Test
    void badArgumentsAreNamed() {
        float[] a = new float[12], b = new float[12], c = new float[9];
        var e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 3, 3, 4, a, 0, 3, b, 0, 3, c, 0, 3, false));
        assertTrue(e.getMessage().contains("leading dimension of A is 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 3, 3, 4, a, 1, 4, b, 0, 3, c, 0, 3, false));
        assertTrue(e.getMessage().contains("A (3 x 4, offset 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, -1, 3, 4, a, 0, 4, b, 0, 3, c, 0, 3, false));
        assertTrue(e.getMessage().contains("m=-1"), e.getMessage());
    }

    /** Without the incubator module on the module path, Gemm must still load and fall back to scalar loops. */
    @Test
    void runsWithoutTheVectorModule() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                NoVectorModuleMain.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("scalar"), out);
    }

    private static List<Case> allCombos(int[] sizes, int off, int pad) {
        List<Case> cases = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            for (boolean acc : new boolean[] {false, true}) {
                for (int m : sizes) for (int n : sizes) for (int k : sizes) {
                    cases.add(new Case(t % 2 == 1, t / 2 == 1, m, n, k, acc, off, pad));
                }
            }
        }
        return cases;
    }

    /** Random A, B, C laid out with the case's offset and row padding; the padding holds sentinels. */
    record Problem(Case cs, float[] a, float[] b, float[] c0, int lda, int ldb, int ldc) {
        static final float SENTINEL = 12345f;

        static Problem random(Case cs, SplittableRandom rnd) {
            int lda = cs.aCols() + cs.pad, ldb = cs.bCols() + cs.pad, ldc = cs.n + cs.pad;
            float[] a = matrix(cs.aRows(), lda, cs.off, rnd), b = matrix(cs.bRows(), ldb, cs.off, rnd);
            float[] c = matrix(cs.m, ldc, cs.off, rnd);
            if (!cs.accumulate) {
                // Overwriting must ignore whatever C held, even NaN.
                for (int i = 0; i < cs.m; i++) for (int j = 0; j < cs.n; j++) c[cs.off + i * ldc + j] = Float.NaN;
            }
            return new Problem(cs, a, b, c, lda, ldb, ldc);
        }

        static float[] matrix(int rows, int ld, int off, SplittableRandom rnd) {
            float[] x = new float[off + rows * ld + 3];
            java.util.Arrays.fill(x, SENTINEL);
            for (int i = 0; i < rows; i++) for (int j = 0; j < ld; j++) x[off + i * ld + j] = (float) rnd.nextDouble(-1, 1);
            return x;
        }

        /** Per element of C: sum of |a||b| (+|c|), the scale that float rounding error is relative to. */
        float[] errorScale() {
            float[] absA = abs(a), absB = abs(b), scale = abs(c0);
            for (int i = 0; i < scale.length; i++) if (Float.isNaN(scale[i])) scale[i] = 0;
            ReferenceGemm.sgemm(cs.transA, cs.transB, cs.m, cs.n, cs.k, absA, cs.off, lda, absB, cs.off, ldb,
                    scale, cs.off, ldc, cs.accumulate);
            return scale;
        }

        private static float[] abs(float[] x) {
            float[] y = x.clone();
            for (int i = 0; i < y.length; i++) y[i] = Math.abs(y[i]);
            return y;
        }
    }

    private static void run(GemmKernels kern, Route route, Problem p, float[] c) {
        Case cs = p.cs;
        switch (route) {
            case GEMM -> Gemm.sgemm(kern, cs.transA, cs.transB, cs.m, cs.n, cs.k, p.a, cs.off, p.lda, p.b, cs.off, p.ldb,
                    c, cs.off, p.ldc, cs.accumulate);
            case PACKED -> PackedGemm.sgemm(kern, cs.transA, cs.transB, cs.m, cs.n, cs.k, p.a, cs.off, p.lda, p.b, cs.off,
                    p.ldb, c, cs.off, p.ldc, cs.accumulate);
            case PANELS -> {
                // op(A) and op(B) packed by the kernels' own packing, a few floats into their buffers, then multiplied as they are.
                int mr = kern.mr(), nr = kern.nr(), at = 5;
                float[] ap = new float[at + PackedGemm.roundUp(cs.m, mr) * cs.k], bp = new float[at + PackedGemm.roundUp(cs.n, nr) * cs.k];
                for (int ir = 0; ir < cs.m; ir += mr) {
                    kern.packA(cs.transA, p.a, cs.off, p.lda, ir, 0, Math.min(mr, cs.m - ir), cs.k, ap, at + ir * cs.k);
                }
                for (int jr = 0; jr < cs.n; jr += nr) {
                    kern.packB(cs.transB, p.b, cs.off, p.ldb, 0, jr, cs.k, Math.min(nr, cs.n - jr), bp, at + jr * cs.k);
                }
                PackedGemm.sgemmPacked(kern, cs.m, cs.n, cs.k, ap, at, bp, at, c, cs.off, p.ldc, cs.accumulate);
            }
            case TINY_BLOCKS -> PackedGemm.sgemm(kern, TINY, cs.transA, cs.transB, cs.m, cs.n, cs.k, p.a, cs.off, p.lda,
                    p.b, cs.off, p.ldb, c, cs.off, p.ldc, cs.accumulate);
            case SHARED_TINY_BLOCKS -> PackedGemm.sgemmShared(kern, TINY, cs.transA, cs.transB, cs.m, cs.n, cs.k, p.a, cs.off,
                    p.lda, p.b, cs.off, p.ldb, c, cs.off, p.ldc, cs.accumulate);
            case SHARED_L1_PANEL -> PackedGemm.sgemmShared(kern, PackedGemm.L1_PANEL, cs.transA, cs.transB, cs.m, cs.n, cs.k, p.a,
                    cs.off, p.lda, p.b, cs.off, p.ldb, c, cs.off, p.ldc, cs.accumulate);
            case DIRECT -> kern.direct(cs.transA, cs.transB, cs.m, cs.n, cs.k, p.a, cs.off, p.lda, p.b, cs.off, p.ldb,
                    c, cs.off, p.ldc, cs.accumulate, new float[cs.k]);
        }
    }

    private static final SplittableRandom RANDOM = new SplittableRandom(42);

    private static void check(GemmKernels kern, Route route, Case cs) {
        Problem p = Problem.random(cs, RANDOM);
        float[] want = p.c0.clone(), got = p.c0.clone();
        ReferenceGemm.sgemm(cs.transA, cs.transB, cs.m, cs.n, cs.k, p.a, cs.off, p.lda, p.b, cs.off, p.ldb,
                want, cs.off, p.ldc, cs.accumulate);
        run(kern, route, p, got);
        float[] scale = p.errorScale();
        for (int idx = 0; idx < got.length; idx++) {
            int i = (idx - cs.off) / p.ldc, j = (idx - cs.off) % p.ldc;
            boolean inside = idx >= cs.off && i < cs.m && j < cs.n;
            if (!inside) {
                if (Float.compare(got[idx], p.c0[idx]) != 0) {
                    fail(kern + " " + route + " " + cs + ": wrote outside C at index " + idx);
                }
            } else if (!(Math.abs(got[idx] - want[idx]) <= 1e-4f * scale[idx] + 1e-30f)) {
                fail(kern + " " + route + " " + cs + ": C[" + i + "][" + j + "] = " + got[idx]
                        + ", reference " + want[idx]);
            }
        }
    }
}

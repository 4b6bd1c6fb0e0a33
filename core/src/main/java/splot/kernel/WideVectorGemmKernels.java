package splot.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * The GEMM loops of {@link VectorGemmKernels} with a register tile of 8 rows instead of 6, for machines whose vectors
 * hold 16 floats (AVX-512): 8 x 32, sixteen accumulators + 2 B vectors + 1 broadcast = 19 of the 32 vector
 * registers. The packing of B, the direct loops (but for B transposed) and the rest are the parent's.
 *
 * <p>Why 8 rows: the rows of C are most often output channels or a batch, multiples of 8 (16, 32, 64, 128), which a
 * 6-row tile covers with a last panel of 2 or 4 rows computed on zero padding and copied out through a scratch tile.
 * Tiles alone, their panels in cache, one core (useful GFLOPS, best of four rounds): 32 rows x K 32 (cifar-vgg's
 * first Winograd layer) 82 -> 96, 16 rows x K 150 (lenet5's second convolution) 96 -> 110, 64 x 64 101 -> 105,
 * 128 x 128 106 -> 108, 192 x 256 111 -> 111. Each step of k still loads two vectors of B, now against sixteen FMAs.
 * Through the packed driver on one core (GFLOPS, best of four rounds, BENCHMARKS.md session 10): 32 x 8112 x 9
 * (mnist-cnn's first convolution) 47 -> 74, 64 x 192 x 32 (its second, by Winograd) 75 -> 96, 128 x 128 x 9216
 * (its dense layer) 81 -> 94, 1024 x 2048 x 2048 96 -> 96. A GEMM of 6 rows (lenet5's first convolution) pays
 * two rows of padding instead.
 *
 * <p>The loops are written out as the parent's are, for the reasons given in its class comment.
 */
final class WideVectorGemmKernels extends VectorGemmKernels {
    static final int MR8 = 8;

    @Override
    public String toString() {
        return "vector " + MR8 + "x" + NR + " (" + L + " floats)";
    }

    @Override
    public int mr() {
        return MR8;
    }

    @Override
    public void tile(int kc, float[] ap, int ai, float[] bp, int bi, float[] c, int ci, int ldc, boolean overwrite) {
        tilePacked(kc, ap, ai, bp, bi, c, ci, ldc, overwrite);
    }

    /** {@link #tile} with eight rows of A read in place (see the parent's {@link VectorGemmKernels#tileRows}). */
    @Override
    public void tileRows(int kc, float[] a, int ai, int lda, float[] bp, int bi, float[] c, int ci, int ldc, boolean overwrite) {
        tileInPlace(kc, a, ai, lda, bp, bi, c, ci, ldc, overwrite);
    }

    /**
     * The 8 x 32 tile for A packed ({@link #tile}): row r, step p at {@code a[ai + p*8 + r]}. A loop of its own, and
     * {@link #tileInPlace} another, as on AVX2 (see {@link VectorGemmKernels#tile}): C2 removes the range checks of
     * an array read only where the index grows by a constant a step, and the one loop of sessions 13-17, with A's two
     * steps as arguments, kept eight checked reads of A a step. On the Zen 4 of sessions 13 to 17 that measured no
     * slower; on the Zen 5 of session 18, whose two 512-bit FMA pipes finish the step's sixteen FMAs in
     * eight cycles, the checks showed (BENCHMARKS.md, session 18; one JVM, both versions in turns: fashion-mlp's
     * training step 0.757 of the time, lenet5's inference 0.917, 2048^3 on two threads 0.961). The price is one more
     * C2 compile for a run that uses both, paid up front by {@link LoopPriming} (fashion-mlp: 73 and 40 ms, where the
     * one loop cost 115 ms and two on-stack-replacement compiles of 100 and 180 ms).
     *
     * <p>The loop steps A's and B's offsets themselves rather than computing them from a step count: C2 then spends
     * four integer instructions a step beside the eight broadcasts, two loads and sixteen FMAs, not six (it derives
     * B's offset from A's). On the Intel Xeon of BENCHMARKS.md (session 40), both versions in turns in one JVM, two
     * threads: 2048^3 0.975 of the time, 1024^3 0.933, 512^3 0.963.
     */
    private static void tilePacked(int kc, float[] a, int ai, float[] bp, int bi, float[] c, int ci, int ldc,
                                   boolean overwrite) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        FloatVector c40 = c00, c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        for (int ao = ai, bo = bi, end = ai + kc * MR8; ao < end; ao += MR8, bo += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + L);
            FloatVector av = FloatVector.broadcast(S, a[ao]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, a[ao + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, a[ao + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, a[ao + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, a[ao + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, a[ao + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(S, a[ao + 6]);
            c60 = av.fma(b0, c60);
            c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(S, a[ao + 7]);
            c70 = av.fma(b0, c70);
            c71 = av.fma(b1, c71);
        }
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc, r6 = r5 + ldc, r7 = r6 + ldc;
        (overwrite ? c00 : FloatVector.fromArray(S, c, ci).fma(ONE, c00)).intoArray(c, ci);
        (overwrite ? c01 : FloatVector.fromArray(S, c, ci + L).fma(ONE, c01)).intoArray(c, ci + L);
        (overwrite ? c10 : FloatVector.fromArray(S, c, r1).fma(ONE, c10)).intoArray(c, r1);
        (overwrite ? c11 : FloatVector.fromArray(S, c, r1 + L).fma(ONE, c11)).intoArray(c, r1 + L);
        (overwrite ? c20 : FloatVector.fromArray(S, c, r2).fma(ONE, c20)).intoArray(c, r2);
        (overwrite ? c21 : FloatVector.fromArray(S, c, r2 + L).fma(ONE, c21)).intoArray(c, r2 + L);
        (overwrite ? c30 : FloatVector.fromArray(S, c, r3).fma(ONE, c30)).intoArray(c, r3);
        (overwrite ? c31 : FloatVector.fromArray(S, c, r3 + L).fma(ONE, c31)).intoArray(c, r3 + L);
        (overwrite ? c40 : FloatVector.fromArray(S, c, r4).fma(ONE, c40)).intoArray(c, r4);
        (overwrite ? c41 : FloatVector.fromArray(S, c, r4 + L).fma(ONE, c41)).intoArray(c, r4 + L);
        (overwrite ? c50 : FloatVector.fromArray(S, c, r5).fma(ONE, c50)).intoArray(c, r5);
        (overwrite ? c51 : FloatVector.fromArray(S, c, r5 + L).fma(ONE, c51)).intoArray(c, r5 + L);
        (overwrite ? c60 : FloatVector.fromArray(S, c, r6).fma(ONE, c60)).intoArray(c, r6);
        (overwrite ? c61 : FloatVector.fromArray(S, c, r6 + L).fma(ONE, c61)).intoArray(c, r6 + L);
        (overwrite ? c70 : FloatVector.fromArray(S, c, r7).fma(ONE, c70)).intoArray(c, r7);
        (overwrite ? c71 : FloatVector.fromArray(S, c, r7 + L).fma(ONE, c71)).intoArray(c, r7 + L);
    }

    @Override
    public int narrowColumns() {
        return L;
    }

    /**
     * Eight rows of C against a B of one vector's columns or fewer (a classifier's last dense layer: 10 classes), A
     * read in place: a step broadcasts eight values of A against one vector of B. The 8 x 32 tile ran such a product on
     * 32 columns, 22 of them zero padding: fashion-mlp's last layer at inference (256 x 10 x 128) took 19.4 us on one
     * thread that way (BENCHMARKS.md, session 42). The eight rows go to the tile whole, unmasked, and {@link #narrowStore}
     * puts their n columns into C: with C's masked loads and stores here, C1's compile with profiling ran out of virtual
     * registers, and in an application run without the launcher's JIT files the loop then stayed in C1's code without
     * profiling, on boxed vectors, for the whole run (lenet5's last layer 0.53 ms an inference batch against 0.01,
     * session 49).
     */
    @Override
    public void narrowTile(int kc, float[] a, int ai, int lda, float[] bp, int bi, float[] tile) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        int a0 = ai, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda, a6 = a5 + lda,
                a7 = a6 + lda;
        for (int p = 0; p < kc; p++) {
            FloatVector b = FloatVector.fromArray(S, bp, bi + p * L);
            c0 = FloatVector.broadcast(S, a[a0 + p]).fma(b, c0);
            c1 = FloatVector.broadcast(S, a[a1 + p]).fma(b, c1);
            c2 = FloatVector.broadcast(S, a[a2 + p]).fma(b, c2);
            c3 = FloatVector.broadcast(S, a[a3 + p]).fma(b, c3);
            c4 = FloatVector.broadcast(S, a[a4 + p]).fma(b, c4);
            c5 = FloatVector.broadcast(S, a[a5 + p]).fma(b, c5);
            c6 = FloatVector.broadcast(S, a[a6 + p]).fma(b, c6);
            c7 = FloatVector.broadcast(S, a[a7 + p]).fma(b, c7);
        }
        c0.intoArray(tile, 0);
        c1.intoArray(tile, L);
        c2.intoArray(tile, 2 * L);
        c3.intoArray(tile, 3 * L);
        c4.intoArray(tile, 4 * L);
        c5.intoArray(tile, 5 * L);
        c6.intoArray(tile, 6 * L);
        c7.intoArray(tile, 7 * L);
    }

    /** A row of the tile a step, under a mask of n lanes (C's rows are too short for a whole vector). */
    @Override
    public void narrowStore(float[] tile, int rows, int n, float[] c, int ci, int ldc, boolean overwrite) {
        VectorMask<Float> cols = S.indexInRange(0, n);
        if (overwrite) {
            for (int r = 0; r < rows; r++) FloatVector.fromArray(S, tile, r * L).intoArray(c, ci + r * ldc, cols);
            return;
        }
        for (int r = 0; r < rows; r++) {
            int at = ci + r * ldc;
            FloatVector.fromArray(S, c, at, cols).add(FloatVector.fromArray(S, tile, r * L)).intoArray(c, at, cols);
        }
    }

    /** {@link #tilePacked} with A read in place ({@link #tileRows}): row r, step p at {@code a[ai + r*lda + p]}. */
    private static void tileInPlace(int kc, float[] a, int ai, int lda, float[] bp, int bi, float[] c, int ci, int ldc,
                                    boolean overwrite) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        FloatVector c40 = c00, c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        int a0 = ai, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda, a6 = a5 + lda,
                a7 = a6 + lda;
        for (int p = 0; p < kc; p++) {
            int bo = bi + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + L);
            FloatVector av = FloatVector.broadcast(S, a[a0 + p]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, a[a1 + p]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, a[a2 + p]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, a[a3 + p]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, a[a4 + p]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, a[a5 + p]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(S, a[a6 + p]);
            c60 = av.fma(b0, c60);
            c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(S, a[a7 + p]);
            c70 = av.fma(b0, c70);
            c71 = av.fma(b1, c71);
        }
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc, r6 = r5 + ldc, r7 = r6 + ldc;
        (overwrite ? c00 : FloatVector.fromArray(S, c, ci).fma(ONE, c00)).intoArray(c, ci);
        (overwrite ? c01 : FloatVector.fromArray(S, c, ci + L).fma(ONE, c01)).intoArray(c, ci + L);
        (overwrite ? c10 : FloatVector.fromArray(S, c, r1).fma(ONE, c10)).intoArray(c, r1);
        (overwrite ? c11 : FloatVector.fromArray(S, c, r1 + L).fma(ONE, c11)).intoArray(c, r1 + L);
        (overwrite ? c20 : FloatVector.fromArray(S, c, r2).fma(ONE, c20)).intoArray(c, r2);
        (overwrite ? c21 : FloatVector.fromArray(S, c, r2 + L).fma(ONE, c21)).intoArray(c, r2 + L);
        (overwrite ? c30 : FloatVector.fromArray(S, c, r3).fma(ONE, c30)).intoArray(c, r3);
        (overwrite ? c31 : FloatVector.fromArray(S, c, r3 + L).fma(ONE, c31)).intoArray(c, r3 + L);
        (overwrite ? c40 : FloatVector.fromArray(S, c, r4).fma(ONE, c40)).intoArray(c, r4);
        (overwrite ? c41 : FloatVector.fromArray(S, c, r4 + L).fma(ONE, c41)).intoArray(c, r4 + L);
        (overwrite ? c50 : FloatVector.fromArray(S, c, r5).fma(ONE, c50)).intoArray(c, r5);
        (overwrite ? c51 : FloatVector.fromArray(S, c, r5 + L).fma(ONE, c51)).intoArray(c, r5 + L);
        (overwrite ? c60 : FloatVector.fromArray(S, c, r6).fma(ONE, c60)).intoArray(c, r6);
        (overwrite ? c61 : FloatVector.fromArray(S, c, r6 + L).fma(ONE, c61)).intoArray(c, r6 + L);
        (overwrite ? c70 : FloatVector.fromArray(S, c, r7).fma(ONE, c70)).intoArray(c, r7);
        (overwrite ? c71 : FloatVector.fromArray(S, c, r7 + L).fma(ONE, c71)).intoArray(c, r7 + L);
    }

    /**
     * With B transposed (each entry of C the dot product of a row of A and a stored row of B), four rows of A against
     * four of B at a time: 16 accumulators over k, eight vector loads for sixteen FMAs, where {@link #dotRow} loads
     * five for four. The sums are {@link #dotRow}'s floats: each lane adds its products in the same order, the lanes
     * are added in index order, then the k % L products, then C. The depth runs in chunks of {@link #DOT_CHUNK}.
     */
    @Override
    public void direct(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
                       int ldb, float[] c, int cOff, int ldc, boolean accumulate, float[] row) {
        if (transA || !transB || m < 4 || n < 4) {
            super.direct(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, row);
            return;
        }
        float[] sums = new float[16 * L];
        int kv = k / L * L, i = 0;
        for (; i + 4 <= m; i += 4) {
            int j = 0, ai = aOff + i * lda;
            for (; j + 4 <= n; j += 4) {
                int bj = bOff + j * ldb;
                Arrays.fill(sums, 0f);
                for (int p = 0; p < kv; p += DOT_CHUNK) dot4x4(a, ai, lda, b, bj, ldb, p, Math.min(kv, p + DOT_CHUNK), sums);
                finishBlock(sums, 4, 4, a, ai, lda, kv, k, b, bj, ldb, c, cOff + i * ldc + j, ldc, accumulate);
            }
            if (j + 2 <= n) {
                int bj = bOff + j * ldb;
                Arrays.fill(sums, 0, 8 * L, 0f);
                for (int p = 0; p < kv; p += DOT_CHUNK) dot4x2(a, ai, lda, b, bj, ldb, p, Math.min(kv, p + DOT_CHUNK), sums);
                finishBlock(sums, 4, 2, a, ai, lda, kv, k, b, bj, ldb, c, cOff + i * ldc + j, ldc, accumulate);
                j += 2;
            }
            if (j < n) {
                for (int r = i; r < i + 4; r++) dotRow(a, aOff + r * lda, k, b, bOff + j * ldb, ldb, n - j, c, cOff + r * ldc + j, accumulate);
            }
        }
        if (i < m) super.direct(false, true, m - i, n, k, a, aOff + i * lda, lda, b, bOff, ldb, c, cOff + i * ldc, ldc, accumulate, row);
    }

    /**
     * One vector of columns: lenet5's second convolution has 16 output channels, the columns of its weight gradient
     * (150 x 16, depth 1,600 for a block of 16 images). On one core the 8 x 32 tile ran it at 38 GFLOPS, half of each
     * tile on zero padding, {@link #dotRow} at 44 and the four-by-four dot products here at 80.
     */
    @Override
    public int directTransposedColumns() {
        return L;
    }

    /**
     * Adds to the 4 x 4 sums (L lanes each, row by row, in {@code sums}) the products of depth [p0, p1) of A's rows at
     * a0 + r*lda against B's stored rows at b0 + j*ldb.
     */
    private static void dot4x4(float[] a, int a0, int lda, float[] b, int b0, int ldb, int p0, int p1, float[] sums) {
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
        FloatVector s00 = FloatVector.fromArray(S, sums, 0), s01 = FloatVector.fromArray(S, sums, L);
        FloatVector s02 = FloatVector.fromArray(S, sums, 2 * L), s03 = FloatVector.fromArray(S, sums, 3 * L);
        FloatVector s10 = FloatVector.fromArray(S, sums, 4 * L), s11 = FloatVector.fromArray(S, sums, 5 * L);
        FloatVector s12 = FloatVector.fromArray(S, sums, 6 * L), s13 = FloatVector.fromArray(S, sums, 7 * L);
        FloatVector s20 = FloatVector.fromArray(S, sums, 8 * L), s21 = FloatVector.fromArray(S, sums, 9 * L);
        FloatVector s22 = FloatVector.fromArray(S, sums, 10 * L), s23 = FloatVector.fromArray(S, sums, 11 * L);
        FloatVector s30 = FloatVector.fromArray(S, sums, 12 * L), s31 = FloatVector.fromArray(S, sums, 13 * L);
        FloatVector s32 = FloatVector.fromArray(S, sums, 14 * L), s33 = FloatVector.fromArray(S, sums, 15 * L);
        for (int p = p0; p < p1; p += L) {
            FloatVector y0 = FloatVector.fromArray(S, b, b0 + p), y1 = FloatVector.fromArray(S, b, b1 + p);
            FloatVector y2 = FloatVector.fromArray(S, b, b2 + p), y3 = FloatVector.fromArray(S, b, b3 + p);
            FloatVector x = FloatVector.fromArray(S, a, a0 + p);
            s00 = x.fma(y0, s00);
            s01 = x.fma(y1, s01);
            s02 = x.fma(y2, s02);
            s03 = x.fma(y3, s03);
            x = FloatVector.fromArray(S, a, a1 + p);
            s10 = x.fma(y0, s10);
            s11 = x.fma(y1, s11);
            s12 = x.fma(y2, s12);
            s13 = x.fma(y3, s13);
            x = FloatVector.fromArray(S, a, a2 + p);
            s20 = x.fma(y0, s20);
            s21 = x.fma(y1, s21);
            s22 = x.fma(y2, s22);
            s23 = x.fma(y3, s23);
            x = FloatVector.fromArray(S, a, a3 + p);
            s30 = x.fma(y0, s30);
            s31 = x.fma(y1, s31);
            s32 = x.fma(y2, s32);
            s33 = x.fma(y3, s33);
        }
        s00.intoArray(sums, 0);
        s01.intoArray(sums, L);
        s02.intoArray(sums, 2 * L);
        s03.intoArray(sums, 3 * L);
        s10.intoArray(sums, 4 * L);
        s11.intoArray(sums, 5 * L);
        s12.intoArray(sums, 6 * L);
        s13.intoArray(sums, 7 * L);
        s20.intoArray(sums, 8 * L);
        s21.intoArray(sums, 9 * L);
        s22.intoArray(sums, 10 * L);
        s23.intoArray(sums, 11 * L);
        s30.intoArray(sums, 12 * L);
        s31.intoArray(sums, 13 * L);
        s32.intoArray(sums, 14 * L);
        s33.intoArray(sums, 15 * L);
    }

    /**
     * {@link #dot4x4} against two rows of B: lenet5's first weight gradient (25 x 6, depth 10,192) has two columns
     * left after its blocks of four, which one dot product at a time ran at half the speed.
     */
    private static void dot4x2(float[] a, int a0, int lda, float[] b, int b0, int ldb, int p0, int p1, float[] sums) {
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, b1 = b0 + ldb;
        FloatVector s00 = FloatVector.fromArray(S, sums, 0), s01 = FloatVector.fromArray(S, sums, L);
        FloatVector s10 = FloatVector.fromArray(S, sums, 2 * L), s11 = FloatVector.fromArray(S, sums, 3 * L);
        FloatVector s20 = FloatVector.fromArray(S, sums, 4 * L), s21 = FloatVector.fromArray(S, sums, 5 * L);
        FloatVector s30 = FloatVector.fromArray(S, sums, 6 * L), s31 = FloatVector.fromArray(S, sums, 7 * L);
        for (int p = p0; p < p1; p += L) {
            FloatVector y0 = FloatVector.fromArray(S, b, b0 + p), y1 = FloatVector.fromArray(S, b, b1 + p);
            FloatVector x = FloatVector.fromArray(S, a, a0 + p);
            s00 = x.fma(y0, s00);
            s01 = x.fma(y1, s01);
            x = FloatVector.fromArray(S, a, a1 + p);
            s10 = x.fma(y0, s10);
            s11 = x.fma(y1, s11);
            x = FloatVector.fromArray(S, a, a2 + p);
            s20 = x.fma(y0, s20);
            s21 = x.fma(y1, s21);
            x = FloatVector.fromArray(S, a, a3 + p);
            s30 = x.fma(y0, s30);
            s31 = x.fma(y1, s31);
        }
        s00.intoArray(sums, 0);
        s01.intoArray(sums, L);
        s10.intoArray(sums, 2 * L);
        s11.intoArray(sums, 3 * L);
        s20.intoArray(sums, 4 * L);
        s21.intoArray(sums, 5 * L);
        s30.intoArray(sums, 6 * L);
        s31.intoArray(sums, 7 * L);
    }

    /** {@link #tile} with B's rows read in place (see the parent's {@link VectorGemmKernels#tileUnpackedB}). */
    @Override
    public void tileUnpackedB(int kc, float[] ap, int ai, float[] b, int bi, int ldb, float[] c, int ci, int ldc,
                              boolean overwrite) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        FloatVector c40 = c00, c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        for (int p = 0; p < kc; p++) {
            int ao = ai + p * MR8, bo = bi + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
            FloatVector av = FloatVector.broadcast(S, ap[ao]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, ap[ao + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, ap[ao + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, ap[ao + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, ap[ao + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, ap[ao + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(S, ap[ao + 6]);
            c60 = av.fma(b0, c60);
            c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(S, ap[ao + 7]);
            c70 = av.fma(b0, c70);
            c71 = av.fma(b1, c71);
        }
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc, r6 = r5 + ldc, r7 = r6 + ldc;
        (overwrite ? c00 : FloatVector.fromArray(S, c, ci).fma(ONE, c00)).intoArray(c, ci);
        (overwrite ? c01 : FloatVector.fromArray(S, c, ci + L).fma(ONE, c01)).intoArray(c, ci + L);
        (overwrite ? c10 : FloatVector.fromArray(S, c, r1).fma(ONE, c10)).intoArray(c, r1);
        (overwrite ? c11 : FloatVector.fromArray(S, c, r1 + L).fma(ONE, c11)).intoArray(c, r1 + L);
        (overwrite ? c20 : FloatVector.fromArray(S, c, r2).fma(ONE, c20)).intoArray(c, r2);
        (overwrite ? c21 : FloatVector.fromArray(S, c, r2 + L).fma(ONE, c21)).intoArray(c, r2 + L);
        (overwrite ? c30 : FloatVector.fromArray(S, c, r3).fma(ONE, c30)).intoArray(c, r3);
        (overwrite ? c31 : FloatVector.fromArray(S, c, r3 + L).fma(ONE, c31)).intoArray(c, r3 + L);
        (overwrite ? c40 : FloatVector.fromArray(S, c, r4).fma(ONE, c40)).intoArray(c, r4);
        (overwrite ? c41 : FloatVector.fromArray(S, c, r4 + L).fma(ONE, c41)).intoArray(c, r4 + L);
        (overwrite ? c50 : FloatVector.fromArray(S, c, r5).fma(ONE, c50)).intoArray(c, r5);
        (overwrite ? c51 : FloatVector.fromArray(S, c, r5 + L).fma(ONE, c51)).intoArray(c, r5 + L);
        (overwrite ? c60 : FloatVector.fromArray(S, c, r6).fma(ONE, c60)).intoArray(c, r6);
        (overwrite ? c61 : FloatVector.fromArray(S, c, r6 + L).fma(ONE, c61)).intoArray(c, r6 + L);
        (overwrite ? c70 : FloatVector.fromArray(S, c, r7).fma(ONE, c70)).intoArray(c, r7);
        (overwrite ? c71 : FloatVector.fromArray(S, c, r7 + L).fma(ONE, c71)).intoArray(c, r7 + L);
    }

    /** Eight rows of A read side by side, so each step of k writes eight adjacent floats. */
    @Override
    public void packA(boolean transA, float[] a, int aOff, int lda, int i0, int pc, int mv, int kc, float[] dst, int base) {
        if (transA || mv < MR8) {
            PackedGemm.packAPanel(transA, a, aOff, lda, i0, pc, mv, kc, MR8, dst, base);
            return;
        }
        int s0 = aOff + i0 * lda + pc, s1 = s0 + lda, s2 = s1 + lda, s3 = s2 + lda;
        int s4 = s3 + lda, s5 = s4 + lda, s6 = s5 + lda, s7 = s6 + lda;
        for (int p = 0; p < kc; p++) {
            int d = base + p * MR8;
            dst[d] = a[s0 + p];
            dst[d + 1] = a[s1 + p];
            dst[d + 2] = a[s2 + p];
            dst[d + 3] = a[s3 + p];
            dst[d + 4] = a[s4 + p];
            dst[d + 5] = a[s5 + p];
            dst[d + 6] = a[s6 + p];
            dst[d + 7] = a[s7 + p];
        }
    }

    /**
     * A whole panel of B transposed (NR stored rows of B into kc steps of NR floats) by 16 x 16 register transposes
     * ({@link VectorTranspose16}), the last kc % 16 steps by the parent's loop; other panels as the parent packs them.
     * The parent's loop gathers a float from each of 32 rows per step: a convolution's weight gradient by Winograd
     * (B its transformed input, stored transposed) spent more on that packing than on its multiply-adds, 64 x 32 x 1024
     * on one core at 53 GFLOPS, where the dot products of {@link #direct} reached 71 (session 35). The floats are moved,
     * never computed.
     */
    @Override
    public void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int j0, int kc, int nv, float[] dst, int base) {
        if (!transB || nv < NR || !VectorTranspose16.AVAILABLE) {
            super.packB(transB, b, bOff, ldb, pc, j0, kc, nv, dst, base);
            return;
        }
        int src = bOff + j0 * ldb + pc, p = 0;
        for (; p + L <= kc; p += L) {
            VectorTranspose16.block(b, src + p, ldb, dst, base + p * NR, NR, L);
            VectorTranspose16.block(b, src + L * ldb + p, ldb, dst, base + p * NR + L, NR, L);
        }
        if (p < kc) super.packB(true, b, bOff, ldb, pc + p, j0, kc - p, nv, dst, base + p * NR);
    }

    @Override
    public boolean packsTransposedB() {
        return VectorTranspose16.AVAILABLE;
    }

    /** A full panel of A's rows by register transposes ({@link RowPanelTranspose}); other panels as {@link #packA}. */
    @Override
    public void packALarge(boolean transA, float[] a, int aOff, int lda, int i0, int pc, int mv, int kc, float[] dst, int base) {
        if (transA || mv < MR8) {
            packA(transA, a, aOff, lda, i0, pc, mv, kc, dst, base);
        } else {
            LoopPriming.RowPanels.ready();
            RowPanelTranspose.pack(a, aOff + i0 * lda + pc, lda, kc, dst, base);
        }
    }
}

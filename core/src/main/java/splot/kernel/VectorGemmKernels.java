package splot.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM loops on the Vector API, with the machine's preferred vector of L floats (16 on AVX-512, 8 on AVX2).
 *
 * <p>Register tile: MR = 4 rows x NR = 2 vectors (4 x 16 on AVX2). Each step of k loads two vectors of the
 * B panel, broadcasts four scalars of the A panel and does eight independent FMAs into eight accumulators: 8 + 2 + 1
 * = 11 of AVX2's 16 vector registers. The 6 x 16 tile BLIS runs on AVX2 (twelve accumulators, 15 registers) lost
 * here: C2 hoists the next broadcasts above the FMAs, needs 17 registers and keeps one accumulator on the stack, a
 * store and a load in its chain every step. On the Zen 3 of BENCHMARKS.md (session 14), the tile alone with its
 * panels in L1, one core, GFLOPS: 6 x 16 38-41, 5 x 16 33-34 (the same spill), 3 x 24 74-83, 8 x 8 71-76, 4 x 16
 * 74-88. Eight chains still cover the FMA latency (4 cycles x 2 ports), and 6 loads per 8 FMAs stay under the load
 * ports' limit. AVX-512, with 32 registers, runs the 8 x 32 tile of {@link WideVectorGemmKernels}.
 *
 * <p>Only locals hold vectors in the loops, so the JIT keeps them in registers and nothing is allocated. No method
 * here takes or returns a vector: C2 may compile such a helper on its own first and then refuse to inline it into
 * a tile loop ("already compiled into a medium method"), and every accumulator passed to it becomes a heap object.
 * A {@code store(v0, v1, ...)} helper did that in about one JVM in ten: fashion-mlp's GEMM ran at 18 instead of
 * 160 GFLOPS for the life of the JVM. And C is added to a sum as {@code c.fma(ONE, sum)}, the same float as
 * {@code c.add(sum)}: each Vector API operation is a virtual call that C2 binds from the JDK method's type profile,
 * and a tile compiled before {@code FloatVector.add} had one (it runs once a tile, on accumulating tiles only)
 * boxed its twelve sums; {@code fma} is profiled by every loop here from the first call on. Starting the sums from
 * C instead was 10% slower: the tile's first FMAs waited for twelve loads from C.
 */
class VectorGemmKernels implements GemmKernels {
    /**
     * The one vector shape of every kernel in Splot. Since C2 binds each Vector API call from the JDK method's type
     * profile (above), a second shape anywhere in the JVM puts a second class in those profiles: 20,000 additions on
     * 256-bit vectors beside the 512-bit kernels made lenet5 train at 0.59 of the rate and infer at 0.72, in 6 of 6
     * fresh JVMs (BENCHMARKS.md, session 20).
     */
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final FloatVector ONE = FloatVector.broadcast(S, 1f);
    static final int L = S.length();
    static final int MR = 4;
    static final int NR = 2 * L;

    @Override
    public String toString() {
        return "vector " + MR + "x" + NR + " (" + L + " floats)";
    }

    @Override
    public int mr() {
        return MR;
    }

    @Override
    public int nr() {
        return NR;
    }

    /**
     * Row r of A's packed panel at {@code ap[ai + p*4 + r]}. A loop of its own, and {@link #tileRows} another, rather
     * than one loop with A's steps as arguments: C2 removes an array's range checks from a loop only where the index
     * grows by a constant, and the four checked reads of A a step cost a quarter of the speed here (Zen 3, one core,
     * panels of a 96 x 256 block, GFLOPS: steps as arguments 64-68, these two loops 81-86 and 78-88; BENCHMARKS.md,
     * session 15). It steps A's and B's offsets itself, as {@link WideVectorGemmKernels}'s tile does (why there): with
     * 8-float vectors forced on the Intel Xeon of session 40 ({@code -XX:MaxVectorSize=32}), in turns in one JVM,
     * 1024^3 took 0.908 of the time, 512^3 0.981.
     */
    @Override
    public void tile(int kc, float[] ap, int ai, float[] bp, int bi, float[] c, int ci, int ldc, boolean overwrite) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        for (int ao = ai, bo = bi, end = ai + kc * MR; ao < end; ao += MR, bo += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + L);
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
        }
        // Written out rather than in a helper, and C added with fma(ONE) rather than add (see the class comment).
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        (overwrite ? c00 : FloatVector.fromArray(S, c, ci).fma(ONE, c00)).intoArray(c, ci);
        (overwrite ? c01 : FloatVector.fromArray(S, c, ci + L).fma(ONE, c01)).intoArray(c, ci + L);
        (overwrite ? c10 : FloatVector.fromArray(S, c, r1).fma(ONE, c10)).intoArray(c, r1);
        (overwrite ? c11 : FloatVector.fromArray(S, c, r1 + L).fma(ONE, c11)).intoArray(c, r1 + L);
        (overwrite ? c20 : FloatVector.fromArray(S, c, r2).fma(ONE, c20)).intoArray(c, r2);
        (overwrite ? c21 : FloatVector.fromArray(S, c, r2 + L).fma(ONE, c21)).intoArray(c, r2 + L);
        (overwrite ? c30 : FloatVector.fromArray(S, c, r3).fma(ONE, c30)).intoArray(c, r3);
        (overwrite ? c31 : FloatVector.fromArray(S, c, r3 + L).fma(ONE, c31)).intoArray(c, r3 + L);
    }

    /**
     * {@link #tile} with four rows of A read in place, {@code a[ai + r*lda + p]}: four broadcast streams instead of one
     * packed panel. The loads per FMA are the same, and a row-major A that sits in L2 (an im2col block) is not copied
     * first.
     */
    @Override
    public void tileRows(int kc, float[] a, int ai, int lda, float[] bp, int bi, float[] c, int ci, int ldc, boolean overwrite) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        int a0 = ai, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
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
        }
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        (overwrite ? c00 : FloatVector.fromArray(S, c, ci).fma(ONE, c00)).intoArray(c, ci);
        (overwrite ? c01 : FloatVector.fromArray(S, c, ci + L).fma(ONE, c01)).intoArray(c, ci + L);
        (overwrite ? c10 : FloatVector.fromArray(S, c, r1).fma(ONE, c10)).intoArray(c, r1);
        (overwrite ? c11 : FloatVector.fromArray(S, c, r1 + L).fma(ONE, c11)).intoArray(c, r1 + L);
        (overwrite ? c20 : FloatVector.fromArray(S, c, r2).fma(ONE, c20)).intoArray(c, r2);
        (overwrite ? c21 : FloatVector.fromArray(S, c, r2 + L).fma(ONE, c21)).intoArray(c, r2 + L);
        (overwrite ? c30 : FloatVector.fromArray(S, c, r3).fma(ONE, c30)).intoArray(c, r3);
        (overwrite ? c31 : FloatVector.fromArray(S, c, r3 + L).fma(ONE, c31)).intoArray(c, r3 + L);
    }

    @Override
    public boolean readsRowsOfA() {
        return true;
    }

    /**
     * {@link #tile} with B's rows read in place, {@code ldb} apart: for a GEMM of a few rows of A against a wide B (a
     * convolution's weights times its im2col columns), where each B panel would be packed to be read once or twice.
     * The loop is {@link #tile}'s with other B addresses, written out again: the B row stride is a third address
     * form, and this file's tile loops are where C2's inlining budget has boxed vectors before.
     */
    @Override
    public void tileUnpackedB(int kc, float[] ap, int ai, float[] b, int bi, int ldb, float[] c, int ci, int ldc,
                              boolean overwrite) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        for (int p = 0; p < kc; p++) {
            int ao = ai + p * MR, bo = bi + p * ldb;
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
        }
        // Written out rather than in a helper, and C added with fma(ONE) rather than add (see the class comment).
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        (overwrite ? c00 : FloatVector.fromArray(S, c, ci).fma(ONE, c00)).intoArray(c, ci);
        (overwrite ? c01 : FloatVector.fromArray(S, c, ci + L).fma(ONE, c01)).intoArray(c, ci + L);
        (overwrite ? c10 : FloatVector.fromArray(S, c, r1).fma(ONE, c10)).intoArray(c, r1);
        (overwrite ? c11 : FloatVector.fromArray(S, c, r1 + L).fma(ONE, c11)).intoArray(c, r1 + L);
        (overwrite ? c20 : FloatVector.fromArray(S, c, r2).fma(ONE, c20)).intoArray(c, r2);
        (overwrite ? c21 : FloatVector.fromArray(S, c, r2 + L).fma(ONE, c21)).intoArray(c, r2 + L);
        (overwrite ? c30 : FloatVector.fromArray(S, c, r3).fma(ONE, c30)).intoArray(c, r3);
        (overwrite ? c31 : FloatVector.fromArray(S, c, r3 + L).fma(ONE, c31)).intoArray(c, r3 + L);
    }

    @Override
    public boolean readsUnpackedB() {
        return true;
    }

    /** Four rows of A read side by side, so each step of k writes four adjacent floats. */
    @Override
    public void packA(boolean transA, float[] a, int aOff, int lda, int i0, int pc, int mv, int kc, float[] dst, int base) {
        if (transA || mv < MR) {
            PackedGemm.packAPanel(transA, a, aOff, lda, i0, pc, mv, kc, MR, dst, base);
            return;
        }
        int s0 = aOff + i0 * lda + pc, s1 = s0 + lda, s2 = s1 + lda, s3 = s2 + lda;
        for (int p = 0; p < kc; p++) {
            int d = base + p * MR;
            dst[d] = a[s0 + p];
            dst[d + 1] = a[s1 + p];
            dst[d + 2] = a[s2 + p];
            dst[d + 3] = a[s3 + p];
        }
    }

    /**
     * A full panel of B: rows of B are copied a vector at a time. A transposed B goes to the plain loop, which
     * copies a stored row at a time into a column of the panel; a vector gather (lane j from stored row j) did the
     * same in fewer instructions but was not always compiled to vector code, and then ran slower: fashion-cnn's
     * weight-gradient GEMM (576 x 128 x 363, B transposed) went from 72 to 120 GFLOPS on one thread with the plain
     * copies. Each case is a method of its own, for the reason given at {@link PackedGemm#packBPanel}.
     */
    @Override
    public void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int j0, int kc, int nv, float[] dst, int base) {
        if (nv < NR || transB) {
            PackedGemm.packBPanel(transB, b, bOff, ldb, pc, j0, kc, nv, NR, dst, base);
        } else {
            packBRows(b, bOff + pc * ldb + j0, ldb, kc, dst, base);
        }
    }

    private static void packBRows(float[] b, int src, int ldb, int kc, float[] dst, int base) {
        for (int p = 0; p < kc; p++, src += ldb) {
            FloatVector.fromArray(S, b, src).intoArray(dst, base + p * NR);
            FloatVector.fromArray(S, b, src + L).intoArray(dst, base + p * NR + L);
        }
    }

    /**
     * A row of C is a sum of rows of B scaled by A's row: each block of four vectors of the C row is held in
     * registers over all of k.
     */
    @Override
    public void axpyRow(float[] x, int xo, int k, float[] b, int bOff, int ldb, int n, float[] c, int ci, boolean accumulate) {
        int j = 0;
        for (; j + 4 * L <= n; j += 4 * L) {
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            for (int p = 0; p < k; p++) {
                FloatVector xv = FloatVector.broadcast(S, x[xo + p]);
                int bo = bOff + p * ldb + j;
                s0 = xv.fma(FloatVector.fromArray(S, b, bo), s0);
                s1 = xv.fma(FloatVector.fromArray(S, b, bo + L), s1);
                s2 = xv.fma(FloatVector.fromArray(S, b, bo + 2 * L), s2);
                s3 = xv.fma(FloatVector.fromArray(S, b, bo + 3 * L), s3);
            }
            if (accumulate) {
                s0 = FloatVector.fromArray(S, c, ci + j).fma(ONE, s0);
                s1 = FloatVector.fromArray(S, c, ci + j + L).fma(ONE, s1);
                s2 = FloatVector.fromArray(S, c, ci + j + 2 * L).fma(ONE, s2);
                s3 = FloatVector.fromArray(S, c, ci + j + 3 * L).fma(ONE, s3);
            }
            s0.intoArray(c, ci + j);
            s1.intoArray(c, ci + j + L);
            s2.intoArray(c, ci + j + 2 * L);
            s3.intoArray(c, ci + j + 3 * L);
        }
        for (; j + L <= n; j += L) {
            FloatVector s = FloatVector.zero(S);
            for (int p = 0; p < k; p++) {
                s = FloatVector.broadcast(S, x[xo + p]).fma(FloatVector.fromArray(S, b, bOff + p * ldb + j), s);
            }
            if (accumulate) s = FloatVector.fromArray(S, c, ci + j).fma(ONE, s);
            s.intoArray(c, ci + j);
        }
        // The last n % L columns in scalar code, not a masked vector (see dotRow).
        for (; j < n; j++) {
            float d = 0;
            for (int p = 0; p < k; p++) d = Math.fma(x[xo + p], b[bOff + p * ldb + j], d);
            c[ci + j] = accumulate ? c[ci + j] + d : d;
        }
    }

    /**
     * Vector steps of k that one call of a dot-product loop ({@link #dot2x4}, {@link #dot4}, {@link #dot1} and the
     * 16-float ones) takes at most; the caller runs the depth in such chunks, the sums carried between them in an
     * array. Why: a whole depth in one call (lenet5's weight gradients: 9,216 for a block of 16 images) ran in the
     * interpreter or C1 code for its first calls, on boxed vectors, long enough that C2 was asked for an on-stack
     * compile of the loop before the ordinary one, and the loop with the 16 sums' tails written out after it made
     * both large: dot4x4's 69 kB (307 ms of C2) and 22 kB (171 ms), in a JVM whose C2 had 2.6-3.0 s of work before
     * lenet5's timed steps. In chunks, with one tail loop for all sums ({@link #finishBlock}) and the callers left to
     * C1 (the launcher's compiler directives; C2 would inline the loops into the callers' own on-stack compiles), the
     * ordinary compile is 3.7 kB and C2's work before the timed steps 1.7-1.8 s; {@link LoopPriming} then has C2
     * compile each loop before its first real call (BENCHMARKS.md, session 19). 128 steps rather than 32: the calls
     * and the sums' reloading cost mnist-cnn's training step 2.7% at 32 (its first weight gradient, 9 x 32 at depth
     * 10,816), 0.9% at 128. Reloading and storing the sums does not change a float.
     */
    static final int DOT_CHUNK_STEPS = 128;
    static final int DOT_CHUNK = DOT_CHUNK_STEPS * L;

    /**
     * With B transposed (each entry of C the dot product of a row of A and a stored row of B), two rows of A against
     * four of B at a time: 8 accumulators, 4 B vectors and an A vector, 13 of AVX2's 16 registers; six loads for eight
     * FMAs, where {@link #dotRow} loads five for four. The 4 x 4 block of {@link WideVectorGemmKernels} needs 21
     * registers. The sums are {@link #dotRow}'s floats: each lane adds its products in the same order, the lanes are
     * added in index order, then the k % L products, then C.
     */
    @Override
    public void direct(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
                       int ldb, float[] c, int cOff, int ldc, boolean accumulate, float[] row) {
        if (transA || !transB || m < 2 || n < 4) {
            GemmKernels.super.direct(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, row);
            return;
        }
        float[] sums = new float[8 * L];
        int kv = k / L * L, i = 0;
        for (; i + 2 <= m; i += 2) {
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                int ai = aOff + i * lda, bj = bOff + j * ldb;
                Arrays.fill(sums, 0f);
                for (int p = 0; p < kv; p += DOT_CHUNK) dot2x4(a, ai, lda, b, bj, ldb, p, Math.min(kv, p + DOT_CHUNK), sums);
                finishBlock(sums, 2, 4, a, ai, lda, kv, k, b, bj, ldb, c, cOff + i * ldc + j, ldc, accumulate);
            }
            if (j < n) {
                for (int r = i; r < i + 2; r++) dotRow(a, aOff + r * lda, k, b, bOff + j * ldb, ldb, n - j, c, cOff + r * ldc + j, accumulate);
            }
        }
        if (i < m) dotRow(a, aOff + i * lda, k, b, bOff, ldb, n, c, cOff + i * ldc, accumulate);
    }

    /**
     * Adds to the 2 x 4 sums (L lanes each, row by row, in {@code sums}) the products of depth [p0, p1) of A's rows at
     * a0 and a0 + lda against B's stored rows at b0, b0 + ldb, b0 + 2 ldb, b0 + 3 ldb.
     */
    private static void dot2x4(float[] a, int a0, int lda, float[] b, int b0, int ldb, int p0, int p1, float[] sums) {
        int a1 = a0 + lda, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
        FloatVector s00 = FloatVector.fromArray(S, sums, 0), s01 = FloatVector.fromArray(S, sums, L);
        FloatVector s02 = FloatVector.fromArray(S, sums, 2 * L), s03 = FloatVector.fromArray(S, sums, 3 * L);
        FloatVector s10 = FloatVector.fromArray(S, sums, 4 * L), s11 = FloatVector.fromArray(S, sums, 5 * L);
        FloatVector s12 = FloatVector.fromArray(S, sums, 6 * L), s13 = FloatVector.fromArray(S, sums, 7 * L);
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
        }
        s00.intoArray(sums, 0);
        s01.intoArray(sums, L);
        s02.intoArray(sums, 2 * L);
        s03.intoArray(sums, 3 * L);
        s10.intoArray(sums, 4 * L);
        s11.intoArray(sums, 5 * L);
        s12.intoArray(sums, 6 * L);
        s13.intoArray(sums, 7 * L);
    }

    /**
     * The rows x cols block of C at ci from its sums (L lanes each, row by row, in {@code sums}): each entry the lanes'
     * sum in index order, plus the products from kv to k of A's row (at a0 + r*lda) and B's stored row (at b0 +
     * j*ldb), plus C when accumulating. One loop rather than a call written out per sum, so that C2 compiles the
     * k % L tail once, not once per entry (written out, dot4x4's ordinary compile was 22 kB).
     */
    static void finishBlock(float[] sums, int rows, int cols, float[] a, int a0, int lda, int kv, int k, float[] b, int b0,
                            int ldb, float[] c, int ci, int ldc, boolean accumulate) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                int s = (r * cols + j) * L, ao = a0 + r * lda, bo = b0 + j * ldb;
                float d = 0;
                for (int t = s; t < s + L; t++) d += sums[t];
                for (int p = kv; p < k; p++) d += a[ao + p] * b[bo + p];
                int at = ci + r * ldc + j;
                c[at] = accumulate ? d + c[at] : d;
            }
        }
    }

    /**
     * Each entry of C is a dot product of two contiguous rows (x and a stored row of B), done four B rows at a
     * time so x is loaded once per four. Whole vectors over k, then the last k % L products in scalar code: a masked
     * tail made this method the one C2 threw out most (each new k took an uncommon trap), and C1 cannot compile a
     * body this size (out of registers), so between C2 compiles it ran interpreted, every vector a new object.
     */
    @Override
    public void dotRow(float[] x, int xo, int k, float[] b, int bOff, int ldb, int n, float[] c, int ci, boolean accumulate) {
        // reduceLanes(ADD) sums in one order when interpreted and in another once C2 compiles it, so the
        // same call gave different floats over time; lanes summed in index order give one answer always.
        float[] sums = new float[4 * L];
        int kv = k / L * L, j = 0;
        for (; j + 4 <= n; j += 4) {
            int bj = bOff + j * ldb;
            Arrays.fill(sums, 0f);
            for (int p = 0; p < kv; p += DOT_CHUNK) dot4(x, xo, b, bj, ldb, p, Math.min(kv, p + DOT_CHUNK), sums);
            finishBlock(sums, 1, 4, x, xo, 0, kv, k, b, bj, ldb, c, ci + j, 0, accumulate);
        }
        for (; j < n; j++) {
            int bj = bOff + j * ldb;
            Arrays.fill(sums, 0, L, 0f);
            for (int p = 0; p < kv; p += DOT_CHUNK) dot1(x, xo, b, bj, p, Math.min(kv, p + DOT_CHUNK), sums);
            finishBlock(sums, 1, 1, x, xo, 0, kv, k, b, bj, 0, c, ci + j, 0, accumulate);
        }
    }

    /** Adds to the four sums in {@code sums} the products of depth [p0, p1) of x against B's rows at b0 + r*ldb. */
    private static void dot4(float[] x, int xo, float[] b, int b0, int ldb, int p0, int p1, float[] sums) {
        int b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
        FloatVector s0 = FloatVector.fromArray(S, sums, 0), s1 = FloatVector.fromArray(S, sums, L);
        FloatVector s2 = FloatVector.fromArray(S, sums, 2 * L), s3 = FloatVector.fromArray(S, sums, 3 * L);
        for (int p = p0; p < p1; p += L) {
            FloatVector xv = FloatVector.fromArray(S, x, xo + p);
            s0 = xv.fma(FloatVector.fromArray(S, b, b0 + p), s0);
            s1 = xv.fma(FloatVector.fromArray(S, b, b1 + p), s1);
            s2 = xv.fma(FloatVector.fromArray(S, b, b2 + p), s2);
            s3 = xv.fma(FloatVector.fromArray(S, b, b3 + p), s3);
        }
        s0.intoArray(sums, 0);
        s1.intoArray(sums, L);
        s2.intoArray(sums, 2 * L);
        s3.intoArray(sums, 3 * L);
    }

    /** Adds to the sum in {@code sums} the products of depth [p0, p1) of x against the B row at bo. */
    private static void dot1(float[] x, int xo, float[] b, int bo, int p0, int p1, float[] sums) {
        FloatVector s = FloatVector.fromArray(S, sums, 0);
        for (int p = p0; p < p1; p += L) s = FloatVector.fromArray(S, x, xo + p).fma(FloatVector.fromArray(S, b, bo + p), s);
        s.intoArray(sums, 0);
    }
}

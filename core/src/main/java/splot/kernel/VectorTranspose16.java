package splot.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A 16 x 16 block of floats transposed in registers on AVX-512's 16-lane vectors: F(4x4)'s interleave of 16 images
 * ({@link VectorWinograd4#interleave}) and {@link Transpose}'s whole blocks ({@link VectorElementwise#transposeBlock}).
 * Only for {@link #AVAILABLE}: 16 lanes and a one-instruction two-source permute.
 */
final class VectorTranspose16 {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final boolean AVAILABLE = L == 16 && VectorElementwise.TWO_SOURCE_PERMUTE;

    private VectorTranspose16() {
    }

    /**
     * The transpose of the 16 x 16 block at {@code src[srcAt...]} (rows {@code srcStride} floats apart), its first
     * {@code rows} rows stored to {@code dst[dstAt + j * dstStride...]}: four rounds of two-source permutes, each
     * swapping the off-diagonal blocks of ever smaller blocks (8, 4, 2, 1 lanes) between rows that far apart. Written
     * out over named vectors: in an array they stay boxed (2.8-4.0 ns a pixel, against the scalar loop's 0.5-0.9). The
     * floats are moved, never computed. No variant that adds to dst: sixteen more loads and adds made the method too
     * large for C1 ("out of virtual registers"), and in one JVM in four C2 then never compiled it either, leaving
     * F(4x4)'s transforms on boxed vectors, three times slower for the JVM's whole life (session 34).
     */
    static void block(float[] src, int srcAt, int srcStride, float[] dst, int dstAt, int dstStride, int rows) {
        FloatVector a0 = FloatVector.fromArray(S, src, srcAt);
        FloatVector a1 = FloatVector.fromArray(S, src, srcAt + 1 * srcStride);
        FloatVector a2 = FloatVector.fromArray(S, src, srcAt + 2 * srcStride);
        FloatVector a3 = FloatVector.fromArray(S, src, srcAt + 3 * srcStride);
        FloatVector a4 = FloatVector.fromArray(S, src, srcAt + 4 * srcStride);
        FloatVector a5 = FloatVector.fromArray(S, src, srcAt + 5 * srcStride);
        FloatVector a6 = FloatVector.fromArray(S, src, srcAt + 6 * srcStride);
        FloatVector a7 = FloatVector.fromArray(S, src, srcAt + 7 * srcStride);
        FloatVector a8 = FloatVector.fromArray(S, src, srcAt + 8 * srcStride);
        FloatVector a9 = FloatVector.fromArray(S, src, srcAt + 9 * srcStride);
        FloatVector a10 = FloatVector.fromArray(S, src, srcAt + 10 * srcStride);
        FloatVector a11 = FloatVector.fromArray(S, src, srcAt + 11 * srcStride);
        FloatVector a12 = FloatVector.fromArray(S, src, srcAt + 12 * srcStride);
        FloatVector a13 = FloatVector.fromArray(S, src, srcAt + 13 * srcStride);
        FloatVector a14 = FloatVector.fromArray(S, src, srcAt + 14 * srcStride);
        FloatVector a15 = FloatVector.fromArray(S, src, srcAt + 15 * srcStride);
        FloatVector b0 = LOW8.selectFrom(a0, a8), b8 = HIGH8.selectFrom(a0, a8);
        FloatVector b1 = LOW8.selectFrom(a1, a9), b9 = HIGH8.selectFrom(a1, a9);
        FloatVector b2 = LOW8.selectFrom(a2, a10), b10 = HIGH8.selectFrom(a2, a10);
        FloatVector b3 = LOW8.selectFrom(a3, a11), b11 = HIGH8.selectFrom(a3, a11);
        FloatVector b4 = LOW8.selectFrom(a4, a12), b12 = HIGH8.selectFrom(a4, a12);
        FloatVector b5 = LOW8.selectFrom(a5, a13), b13 = HIGH8.selectFrom(a5, a13);
        FloatVector b6 = LOW8.selectFrom(a6, a14), b14 = HIGH8.selectFrom(a6, a14);
        FloatVector b7 = LOW8.selectFrom(a7, a15), b15 = HIGH8.selectFrom(a7, a15);
        FloatVector c0 = LOW4.selectFrom(b0, b4), c4 = HIGH4.selectFrom(b0, b4);
        FloatVector c1 = LOW4.selectFrom(b1, b5), c5 = HIGH4.selectFrom(b1, b5);
        FloatVector c2 = LOW4.selectFrom(b2, b6), c6 = HIGH4.selectFrom(b2, b6);
        FloatVector c3 = LOW4.selectFrom(b3, b7), c7 = HIGH4.selectFrom(b3, b7);
        FloatVector c8 = LOW4.selectFrom(b8, b12), c12 = HIGH4.selectFrom(b8, b12);
        FloatVector c9 = LOW4.selectFrom(b9, b13), c13 = HIGH4.selectFrom(b9, b13);
        FloatVector c10 = LOW4.selectFrom(b10, b14), c14 = HIGH4.selectFrom(b10, b14);
        FloatVector c11 = LOW4.selectFrom(b11, b15), c15 = HIGH4.selectFrom(b11, b15);
        FloatVector d0 = LOW2.selectFrom(c0, c2), d2 = HIGH2.selectFrom(c0, c2);
        FloatVector d1 = LOW2.selectFrom(c1, c3), d3 = HIGH2.selectFrom(c1, c3);
        FloatVector d4 = LOW2.selectFrom(c4, c6), d6 = HIGH2.selectFrom(c4, c6);
        FloatVector d5 = LOW2.selectFrom(c5, c7), d7 = HIGH2.selectFrom(c5, c7);
        FloatVector d8 = LOW2.selectFrom(c8, c10), d10 = HIGH2.selectFrom(c8, c10);
        FloatVector d9 = LOW2.selectFrom(c9, c11), d11 = HIGH2.selectFrom(c9, c11);
        FloatVector d12 = LOW2.selectFrom(c12, c14), d14 = HIGH2.selectFrom(c12, c14);
        FloatVector d13 = LOW2.selectFrom(c13, c15), d15 = HIGH2.selectFrom(c13, c15);
        FloatVector e0 = LOW1.selectFrom(d0, d1), e1 = HIGH1.selectFrom(d0, d1);
        FloatVector e2 = LOW1.selectFrom(d2, d3), e3 = HIGH1.selectFrom(d2, d3);
        FloatVector e4 = LOW1.selectFrom(d4, d5), e5 = HIGH1.selectFrom(d4, d5);
        FloatVector e6 = LOW1.selectFrom(d6, d7), e7 = HIGH1.selectFrom(d6, d7);
        FloatVector e8 = LOW1.selectFrom(d8, d9), e9 = HIGH1.selectFrom(d8, d9);
        FloatVector e10 = LOW1.selectFrom(d10, d11), e11 = HIGH1.selectFrom(d10, d11);
        FloatVector e12 = LOW1.selectFrom(d12, d13), e13 = HIGH1.selectFrom(d12, d13);
        FloatVector e14 = LOW1.selectFrom(d14, d15), e15 = HIGH1.selectFrom(d14, d15);
        e0.intoArray(dst, dstAt);
        if (rows > 1) e1.intoArray(dst, dstAt + 1 * dstStride);
        if (rows > 2) e2.intoArray(dst, dstAt + 2 * dstStride);
        if (rows > 3) e3.intoArray(dst, dstAt + 3 * dstStride);
        if (rows > 4) e4.intoArray(dst, dstAt + 4 * dstStride);
        if (rows > 5) e5.intoArray(dst, dstAt + 5 * dstStride);
        if (rows > 6) e6.intoArray(dst, dstAt + 6 * dstStride);
        if (rows > 7) e7.intoArray(dst, dstAt + 7 * dstStride);
        if (rows > 8) e8.intoArray(dst, dstAt + 8 * dstStride);
        if (rows > 9) e9.intoArray(dst, dstAt + 9 * dstStride);
        if (rows > 10) e10.intoArray(dst, dstAt + 10 * dstStride);
        if (rows > 11) e11.intoArray(dst, dstAt + 11 * dstStride);
        if (rows > 12) e12.intoArray(dst, dstAt + 12 * dstStride);
        if (rows > 13) e13.intoArray(dst, dstAt + 13 * dstStride);
        if (rows > 14) e14.intoArray(dst, dstAt + 14 * dstStride);
        if (rows > 15) e15.intoArray(dst, dstAt + 15 * dstStride);
    }

    /** Of two rows, the low (high) half of each pair of {@code k}-lane blocks, from the first row then the second. */
    private static float[] swapPick(int k, int half) {
        float[] at = new float[L];
        for (int l = 0; l < L; l++) at[l] = (l / k & 1) * L + (l / k / 2) * 2 * k + half * k + l % k;
        return at;
    }

    // Index vectors for the permutes: LOWk and HIGHk pick the low and high k-lane blocks of each pair from two rows.
    private static final FloatVector LOW8 = FloatVector.fromArray(S, swapPick(8, 0), 0);
    private static final FloatVector HIGH8 = FloatVector.fromArray(S, swapPick(8, 1), 0);
    private static final FloatVector LOW4 = FloatVector.fromArray(S, swapPick(4, 0), 0);
    private static final FloatVector HIGH4 = FloatVector.fromArray(S, swapPick(4, 1), 0);
    private static final FloatVector LOW2 = FloatVector.fromArray(S, swapPick(2, 0), 0);
    private static final FloatVector HIGH2 = FloatVector.fromArray(S, swapPick(2, 1), 0);
    private static final FloatVector LOW1 = FloatVector.fromArray(S, swapPick(1, 0), 0);
    private static final FloatVector HIGH1 = FloatVector.fromArray(S, swapPick(1, 1), 0);
}

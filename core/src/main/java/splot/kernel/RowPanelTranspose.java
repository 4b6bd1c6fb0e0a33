package splot.kernel;

import jdk.incubator.vector.FloatVector;

/**
 * Eight rows of a row-major A packed as one panel of the 8 x 32 tile ({@link WideVectorGemmKernels}) on 16-float
 * vectors: {@code dst[base + p*8 + r] = a[s + r*lda + p]} for r < 8, p < kc. Takes 8 x 16 blocks: eight row loads,
 * three stages of two-source permutes (one {@code vpermt2ps} each), eight stores of two depth steps each.
 *
 * <p>Index bits: an input element is vector r (3 bits), lane p (4 bits); in the panel, the 128 floats of a block are
 * eight vectors of (p >> 1) and lanes (p & 1, r). Stage 1 swaps the vectors' bit 0 with the lanes' bit 1, stage 2 bit 1
 * with bit 2, stage 3 bit 2 with bit 3, whose tables also rotate the lane bits from (r, p & 1) to (p & 1, r). Forty
 * instructions for sixteen depth steps, where the scalar loop moves one float at a time, sixteen a step: a 96 x 1024
 * block of a 2048-wide A in 17.7 us instead of 32.5 on one Zen 5 core. The floats are copied, never computed, so the
 * panel is the scalar loop's bit for bit.
 *
 * <p>Only for the large products of {@link PackedGemm#sgemmShared}, where packing A took 2.4 of each thread's 53 ms
 * at 2048^3 on two threads (BENCHMARKS.md, session 21). None of the built-in models' products packs A by rows there,
 * so their first steps compile none of this.
 */
final class RowPanelTranspose {
    private static final int L = 16, ROWS = 8;
    private static final FloatVector LO1 = vector(swap(1, false)), HI1 = vector(swap(1, true));
    private static final FloatVector LO2 = vector(swap(2, false)), HI2 = vector(swap(2, true));
    private static final FloatVector LO3 = vector(rotated(swap(3, false))), HI3 = vector(rotated(swap(3, true)));

    private RowPanelTranspose() {
    }

    /** Packs rows [s, s + 8*lda) of {@code a}, depth [0, kc), as {@code dst[base + p*8 + r]}. */
    static void pack(float[] a, int s, int lda, int kc, float[] dst, int base) {
        int p = 0;
        for (; p + L <= kc; p += L) block(a, s + p, lda, dst, base + p * ROWS);
        // The depth past the last whole block, by the scalar packing.
        if (p < kc) PackedGemm.packAPanel(false, a, s, lda, 0, p, ROWS, kc - p, ROWS, dst, base + p * ROWS);
    }

    private static void block(float[] a, int o, int lda, float[] dst, int d) {
        FloatVector r0 = row(a, o), r1 = row(a, o + lda), r2 = row(a, o + 2 * lda), r3 = row(a, o + 3 * lda);
        FloatVector r4 = row(a, o + 4 * lda), r5 = row(a, o + 5 * lda), r6 = row(a, o + 6 * lda), r7 = row(a, o + 7 * lda);
        FloatVector a0 = LO1.selectFrom(r0, r1), a1 = HI1.selectFrom(r0, r1), a2 = LO1.selectFrom(r2, r3), a3 = HI1.selectFrom(r2, r3);
        FloatVector a4 = LO1.selectFrom(r4, r5), a5 = HI1.selectFrom(r4, r5), a6 = LO1.selectFrom(r6, r7), a7 = HI1.selectFrom(r6, r7);
        FloatVector b0 = LO2.selectFrom(a0, a2), b2 = HI2.selectFrom(a0, a2), b1 = LO2.selectFrom(a1, a3), b3 = HI2.selectFrom(a1, a3);
        FloatVector b4 = LO2.selectFrom(a4, a6), b6 = HI2.selectFrom(a4, a6), b5 = LO2.selectFrom(a5, a7), b7 = HI2.selectFrom(a5, a7);
        LO3.selectFrom(b0, b4).intoArray(dst, d);
        LO3.selectFrom(b1, b5).intoArray(dst, d + L);
        LO3.selectFrom(b2, b6).intoArray(dst, d + 2 * L);
        LO3.selectFrom(b3, b7).intoArray(dst, d + 3 * L);
        HI3.selectFrom(b0, b4).intoArray(dst, d + 4 * L);
        HI3.selectFrom(b1, b5).intoArray(dst, d + 5 * L);
        HI3.selectFrom(b2, b6).intoArray(dst, d + 6 * L);
        HI3.selectFrom(b3, b7).intoArray(dst, d + 7 * L);
    }

    private static FloatVector row(float[] a, int at) {
        return FloatVector.fromArray(VectorGemmKernels.S, a, at);
    }

    /**
     * Indexes into two vectors side by side (the second's lanes from L) for the stage that swaps lane bit q with the
     * pairing's vector bit: LO's lane i is the first vector's lane i where bit q of i is clear, the second's lane i - 2^q
     * where set; HI's is the first's lane i + 2^q where clear, the second's lane i where set.
     */
    private static float[] swap(int q, boolean hi) {
        int b = 1 << q;
        float[] at = new float[L];
        for (int i = 0; i < L; i++) {
            boolean set = (i & b) != 0;
            at[i] = hi ? (set ? L + i : i + b) : (set ? L + i - b : i);
        }
        return at;
    }

    /** The last stage's table with its lanes' bits rotated from (r, p & 1) to (p & 1, r). */
    private static float[] rotated(float[] last) {
        float[] at = new float[L];
        for (int i = 0; i < L; i++) at[i] = last[(i & (ROWS - 1)) << 1 | i >> 3];
        return at;
    }

    private static FloatVector vector(float[] lanes) {
        return FloatVector.fromArray(VectorGemmKernels.S, lanes, 0);
    }
}

package splot.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PlaneConvKernels} on the preferred vector width: four vectors of cells by two channels, eight accumulators
 * (enough to cover the FMA latency on two pipes), each tap one load per vector and one broadcast per channel. The
 * stores are masked where a vector runs past a row's outputs. No helper takes or returns a vector, for the reason given
 * in {@link VectorGemmKernels}.
 */
final class VectorPlaneConv implements PlaneConvKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    @Override
    public int lanes() {
        return L;
    }

    @Override
    public void channelPair(float[] plane, int[] offsets, float[] w, int w0, int w1, int cells, int wp, int outW,
                            float[] out, int o0, int o1) {
        int taps = offsets.length;
        for (int q = 0; q < cells; q += 4 * L) {
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            for (int t = 0; t < taps; t++) {
                int at = q + offsets[t];
                FloatVector u = FloatVector.broadcast(S, w[w0 + t]), v = FloatVector.broadcast(S, w[w1 + t]);
                FloatVector x0 = FloatVector.fromArray(S, plane, at), x1 = FloatVector.fromArray(S, plane, at + L);
                FloatVector x2 = FloatVector.fromArray(S, plane, at + 2 * L), x3 = FloatVector.fromArray(S, plane, at + 3 * L);
                a0 = x0.fma(u, a0);
                a1 = x1.fma(u, a1);
                a2 = x2.fma(u, a2);
                a3 = x3.fma(u, a3);
                b0 = x0.fma(v, b0);
                b1 = x1.fma(v, b1);
                b2 = x2.fma(v, b2);
                b3 = x3.fma(v, b3);
            }
            // Each vector lies in one row (wp is a multiple of L): n of its lanes are outputs, at dst.
            int n0 = outputs(q, cells, wp, outW), d0 = destination(q, wp, outW);
            int n1 = outputs(q + L, cells, wp, outW), d1 = destination(q + L, wp, outW);
            int n2 = outputs(q + 2 * L, cells, wp, outW), d2 = destination(q + 2 * L, wp, outW);
            int n3 = outputs(q + 3 * L, cells, wp, outW), d3 = destination(q + 3 * L, wp, outW);
            if (n0 == L) a0.intoArray(out, o0 + d0); else if (n0 > 0) a0.intoArray(out, o0 + d0, S.indexInRange(0, n0));
            if (n1 == L) a1.intoArray(out, o0 + d1); else if (n1 > 0) a1.intoArray(out, o0 + d1, S.indexInRange(0, n1));
            if (n2 == L) a2.intoArray(out, o0 + d2); else if (n2 > 0) a2.intoArray(out, o0 + d2, S.indexInRange(0, n2));
            if (n3 == L) a3.intoArray(out, o0 + d3); else if (n3 > 0) a3.intoArray(out, o0 + d3, S.indexInRange(0, n3));
            if (o1 < 0) continue;
            if (n0 == L) b0.intoArray(out, o1 + d0); else if (n0 > 0) b0.intoArray(out, o1 + d0, S.indexInRange(0, n0));
            if (n1 == L) b1.intoArray(out, o1 + d1); else if (n1 > 0) b1.intoArray(out, o1 + d1, S.indexInRange(0, n1));
            if (n2 == L) b2.intoArray(out, o1 + d2); else if (n2 > 0) b2.intoArray(out, o1 + d2, S.indexInRange(0, n2));
            if (n3 == L) b3.intoArray(out, o1 + d3); else if (n3 > 0) b3.intoArray(out, o1 + d3, S.indexInRange(0, n3));
        }
    }

    /** How many of the L cells from {@code cell} are outputs: none past the last row, the row's columns below outW. */
    private static int outputs(int cell, int cells, int wp, int outW) {
        if (cell >= cells) return 0;
        return Math.max(0, Math.min(L, outW - cell % wp));
    }

    /** Where the output of {@code cell} goes in a plane of rows of outW (when it is one). */
    private static int destination(int cell, int wp, int outW) {
        int row = cell / wp;
        return row * outW + cell - row * wp;
    }
}

package splot.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Winograd4Kernels} on the preferred vector width, one lane per image of the group (the group a whole number of
 * vectors): every load and store is a unit-stride vector, the same sums and fused multiply-adds in the same order as
 * {@link ScalarWinograd4}, so the same floats. One lane per tile instead would need the 36 inputs of each tile
 * gathered, and a Vector API gather cost about 4.7 ns here (AVX-512, JDK 25): the input transform ran at 16 ns a tile
 * and channel that way, slower than the scalar loop. Each transform runs in two passes, down the columns of the 6x6
 * and then along its rows, with the 36 (or 24) vectors between them staged in L1 rather than held in registers (36 do
 * not fit in 32). Constants are made inside the loops: a vector live across a loop's back edge is boxed.
 */
final class VectorWinograd4 implements Winograd4Kernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    @Override
    public int lanes() {
        return L;
    }

    /** L filters of row r at a time, their nine weights gathered 9 floats apart; the row's last filters go to the scalar loop. */
    @Override
    public void filters(float[] w, int wOff, int outs, int ins, float[] u, int r) {
        int stride = outs * ins;
        int[] lanes = new int[L];
        for (int l = 0; l < L; l++) lanes[l] = 9 * l;
        int q = 0;
        for (; q + L <= ins; q += L) {
            int src = wOff + (r * ins + q) * 9, at = r * ins + q;
            FloatVector quarter = FloatVector.broadcast(S, 0.25f), minusSixth = FloatVector.broadcast(S, -Winograd4.SIXTH);
            FloatVector sixth = FloatVector.broadcast(S, Winograd4.SIXTH), twelfth = FloatVector.broadcast(S, Winograd4.TWELFTH);
            FloatVector minusTwelfth = FloatVector.broadcast(S, -Winograd4.TWELFTH);
            FloatVector twentyFourth = FloatVector.broadcast(S, Winograd4.TWENTY_FOURTH);
            FloatVector[] g = new FloatVector[9];
            for (int k = 0; k < 9; k++) g[k] = FloatVector.fromArray(S, w, src + k, lanes, 0);
            // G down each column j into rows h[i][j], then G along each row i: the scalar loop's operations, written out
            // over the six rows of G (a vector in a small array is kept in registers once the loops are unrolled).
            FloatVector[] h = new FloatVector[18];
            for (int j = 0; j < 3; j++) {
                FloatVector g0 = g[j], g1 = g[3 + j], g2 = g[6 + j], s = g2.mul(sixth);
                h[j] = g0.mul(quarter);
                h[3 + j] = g0.add(g1).add(g2).mul(minusSixth);
                h[6 + j] = g0.sub(g1).add(g2).mul(minusSixth);
                h[9 + j] = g0.fma(twentyFourth, g1.fma(twelfth, s));
                h[12 + j] = g0.fma(twentyFourth, g1.fma(minusTwelfth, s));
                h[15 + j] = g2;
            }
            for (int i = 0; i < 6; i++) {
                FloatVector g0 = h[3 * i], g1 = h[3 * i + 1], g2 = h[3 * i + 2], s = g2.mul(sixth);
                int t = at + 6 * i * stride;
                g0.mul(quarter).intoArray(u, t);
                g0.add(g1).add(g2).mul(minusSixth).intoArray(u, t + stride);
                g0.sub(g1).add(g2).mul(minusSixth).intoArray(u, t + 2 * stride);
                g0.fma(twentyFourth, g1.fma(twelfth, s)).intoArray(u, t + 3 * stride);
                g0.fma(twentyFourth, g1.fma(minusTwelfth, s)).intoArray(u, t + 4 * stride);
                g2.intoArray(u, t + 5 * stride);
            }
        }
        ScalarWinograd4.filters(w, wOff, outs, ins, u, r, q, ins);
    }

    @Override
    public void inputTiles(float[] pad, int wp, int th, int tw, int group, float[] v, int vAt, int ms, float[] tmp, int tmpAt) {
        int dy = wp * group;
        for (int ty = 0; ty < th; ty++) {
            for (int tx = 0; tx < tw; tx++) {
                int corner = (4 * ty * wp + 4 * tx) * group, out = vAt + (ty * tw + tx) * group;
                for (int lane = 0; lane < group; lane += L) {
                    FloatVector four = FloatVector.broadcast(S, 4f), minusFour = FloatVector.broadcast(S, -4f);
                    FloatVector minusFive = FloatVector.broadcast(S, -5f), two = FloatVector.broadcast(S, 2f);
                    FloatVector minusTwo = FloatVector.broadcast(S, -2f);
                    // B^T down column j: T[r][j] to tmp at (6 r + j) L.
                    for (int j = 0; j < 6; j++) {
                        int at = corner + j * group + lane;
                        FloatVector d0 = FloatVector.fromArray(S, pad, at), d1 = FloatVector.fromArray(S, pad, at + dy);
                        FloatVector d2 = FloatVector.fromArray(S, pad, at + 2 * dy), d3 = FloatVector.fromArray(S, pad, at + 3 * dy);
                        FloatVector d4 = FloatVector.fromArray(S, pad, at + 4 * dy), d5 = FloatVector.fromArray(S, pad, at + 5 * dy);
                        int q = tmpAt + j * L;
                        d0.fma(four, d2.fma(minusFive, d4)).intoArray(tmp, q);
                        d1.add(d2).fma(minusFour, d3.add(d4)).intoArray(tmp, q + 6 * L);
                        d1.sub(d2).fma(four, d4.sub(d3)).intoArray(tmp, q + 12 * L);
                        FloatVector e = d3.sub(d1), g = d4.sub(d2);
                        e.fma(two, g).intoArray(tmp, q + 18 * L);
                        e.fma(minusTwo, g).intoArray(tmp, q + 24 * L);
                        d1.fma(four, d3.fma(minusFive, d5)).intoArray(tmp, q + 30 * L);
                    }
                    // B^T along row r: V[r][k], point 6 r + k.
                    for (int r = 0; r < 6; r++) {
                        int q = tmpAt + 6 * r * L, o = out + 6 * r * ms + lane;
                        FloatVector d0 = FloatVector.fromArray(S, tmp, q), d1 = FloatVector.fromArray(S, tmp, q + L);
                        FloatVector d2 = FloatVector.fromArray(S, tmp, q + 2 * L), d3 = FloatVector.fromArray(S, tmp, q + 3 * L);
                        FloatVector d4 = FloatVector.fromArray(S, tmp, q + 4 * L), d5 = FloatVector.fromArray(S, tmp, q + 5 * L);
                        d0.fma(four, d2.fma(minusFive, d4)).intoArray(v, o);
                        d1.add(d2).fma(minusFour, d3.add(d4)).intoArray(v, o + ms);
                        d1.sub(d2).fma(four, d4.sub(d3)).intoArray(v, o + 2 * ms);
                        FloatVector e = d3.sub(d1), g = d4.sub(d2);
                        e.fma(two, g).intoArray(v, o + 3 * ms);
                        e.fma(minusTwo, g).intoArray(v, o + 4 * ms);
                        d1.fma(four, d3.fma(minusFive, d5)).intoArray(v, o + 5 * ms);
                    }
                }
            }
        }
    }

    @Override
    public void outputTiles(float[] m, int mAt, int ms, int tiles, int group, float[] s, float[] tmp, int tmpAt) {
        int stride = tiles * group;
        for (int f = 0; f < tiles; f++) {
            for (int lane = 0; lane < group; lane += L) {
                FloatVector two = FloatVector.broadcast(S, 2f), four = FloatVector.broadcast(S, 4f), eight = FloatVector.broadcast(S, 8f);
                // A^T down column j: Q[r][j] to tmp at (6 r + j) L.
                for (int j = 0; j < 6; j++) {
                    int at = mAt + j * ms + f * group + lane;
                    FloatVector m0 = FloatVector.fromArray(S, m, at), m1 = FloatVector.fromArray(S, m, at + 6 * ms);
                    FloatVector m2 = FloatVector.fromArray(S, m, at + 12 * ms), m3 = FloatVector.fromArray(S, m, at + 18 * ms);
                    FloatVector m4 = FloatVector.fromArray(S, m, at + 24 * ms), m5 = FloatVector.fromArray(S, m, at + 30 * ms);
                    FloatVector a = m1.add(m2), b = m1.sub(m2), c = m3.add(m4), d = m3.sub(m4);
                    int q = tmpAt + j * L;
                    m0.add(a).add(c).intoArray(tmp, q);
                    d.fma(two, b).intoArray(tmp, q + 6 * L);
                    c.fma(four, a).intoArray(tmp, q + 12 * L);
                    d.fma(eight, b).add(m5).intoArray(tmp, q + 18 * L);
                }
                // A^T along row r: outputs (r, 0..3), columns 0 and 1 one row of s apart, 2 and 3 four (Winograd4.row).
                for (int r = 0; r < 4; r++) {
                    int q = tmpAt + 6 * r * L, o = Winograd4.row(r, 0) * stride + f * group + lane;
                    FloatVector m0 = FloatVector.fromArray(S, tmp, q), m1 = FloatVector.fromArray(S, tmp, q + L);
                    FloatVector m2 = FloatVector.fromArray(S, tmp, q + 2 * L), m3 = FloatVector.fromArray(S, tmp, q + 3 * L);
                    FloatVector m4 = FloatVector.fromArray(S, tmp, q + 4 * L), m5 = FloatVector.fromArray(S, tmp, q + 5 * L);
                    FloatVector a = m1.add(m2), b = m1.sub(m2), c = m3.add(m4), d = m3.sub(m4);
                    m0.add(a).add(c).intoArray(s, o);
                    d.fma(two, b).intoArray(s, o + stride);
                    c.fma(four, a).intoArray(s, o + 4 * stride);
                    d.fma(eight, b).add(m5).intoArray(s, o + 5 * stride);
                }
            }
        }
    }
}

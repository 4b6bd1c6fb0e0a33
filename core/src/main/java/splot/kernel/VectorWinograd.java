package splot.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import static splot.kernel.VectorElementwise.EVEN_TWICE;
import static splot.kernel.VectorElementwise.ODD_TWICE;
import static splot.kernel.VectorElementwise.TWO_SOURCE_PERMUTE;
import static splot.kernel.VectorElementwise.UPPER_HALF;

/**
 * {@link WinogradKernels} on the preferred vector width, one lane per tile. The same sums in the same order, so the
 * floats are the scalar loops'. The transforms end on a vector that overlaps the one before (tiles are independent,
 * so an overlapped tile is written twice with the same value): an 11 x 11 output has 42 tile columns, and a scalar
 * tail of 10 of them was a sixth of fashion-cnn's conv2 transforms. Only planes of fewer tiles than lanes, and
 * finishTiles (which works in place), leave a tail to {@link ScalarWinograd}. No helper takes or returns a vector,
 * for the reason given in {@link VectorGemmKernels}.
 */
final class VectorWinograd implements WinogradKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    /**
     * L filters of a row of u's matrices at a time, one per lane: each of the nine weights is gathered from the L
     * filters (9 floats apart for y, a whole row of w apart for dx); a row shorter than L, and a row's last
     * filters, go to the scalar loop.
     */
    @Override
    public void filters(float[] w, int wOff, int outs, int ins, boolean forInputGradient, float[] u) {
        int stride = outs * ins, cols = forInputGradient ? outs : ins, rows = forInputGradient ? ins : outs;
        int laneStep = forInputGradient ? 9 * ins : 9, rowStep = forInputGradient ? 9 : 9 * ins;
        int[] lanes = new int[L];
        for (int l = 0; l < L; l++) lanes[l] = l * laneStep;
        int k0 = forInputGradient ? 8 : 0, dk = forInputGradient ? -1 : 1;
        for (int r = 0; r < rows; r++) {
            int q = 0;
            for (; q + L <= cols; q += L) {
                int src = wOff + r * rowStep + q * laneStep, at = r * cols + q;
                FloatVector w0 = FloatVector.fromArray(S, w, src + k0, lanes, 0), w1 = FloatVector.fromArray(S, w, src + k0 + dk, lanes, 0);
                FloatVector w2 = FloatVector.fromArray(S, w, src + k0 + 2 * dk, lanes, 0);
                FloatVector w3 = FloatVector.fromArray(S, w, src + k0 + 3 * dk, lanes, 0);
                FloatVector w4 = FloatVector.fromArray(S, w, src + 4, lanes, 0);
                FloatVector w5 = FloatVector.fromArray(S, w, src + k0 + 5 * dk, lanes, 0);
                FloatVector w6 = FloatVector.fromArray(S, w, src + k0 + 6 * dk, lanes, 0);
                FloatVector w7 = FloatVector.fromArray(S, w, src + k0 + 7 * dk, lanes, 0);
                FloatVector w8 = FloatVector.fromArray(S, w, src + k0 + 8 * dk, lanes, 0);
                // The rows of G g (w0-2, their sums, their differences, w6-8), each then along the row: a,
                // (a + b + c) / 2, (a - b + c) / 2, c; in the scalar loop's order of operations. Written out: vectors
                // merged from branches, or passed to a helper, are boxed.
                int t = at;
                w0.intoArray(u, t);
                w0.add(w1).add(w2).mul(0.5f).intoArray(u, t + stride);
                w0.sub(w1).add(w2).mul(0.5f).intoArray(u, t + 2 * stride);
                w2.intoArray(u, t + 3 * stride);
                FloatVector a = w0.add(w3).add(w6).mul(0.5f), b = w1.add(w4).add(w7).mul(0.5f), c = w2.add(w5).add(w8).mul(0.5f);
                t += 4 * stride;
                a.intoArray(u, t);
                a.add(b).add(c).mul(0.5f).intoArray(u, t + stride);
                a.sub(b).add(c).mul(0.5f).intoArray(u, t + 2 * stride);
                c.intoArray(u, t + 3 * stride);
                a = w0.sub(w3).add(w6).mul(0.5f);
                b = w1.sub(w4).add(w7).mul(0.5f);
                c = w2.sub(w5).add(w8).mul(0.5f);
                t += 4 * stride;
                a.intoArray(u, t);
                a.add(b).add(c).mul(0.5f).intoArray(u, t + stride);
                a.sub(b).add(c).mul(0.5f).intoArray(u, t + 2 * stride);
                c.intoArray(u, t + 3 * stride);
                t += 4 * stride;
                w6.intoArray(u, t);
                w6.add(w7).add(w8).mul(0.5f).intoArray(u, t + stride);
                w6.sub(w7).add(w8).mul(0.5f).intoArray(u, t + 2 * stride);
                w8.intoArray(u, t + 3 * stride);
            }
            ScalarWinograd.filterRow(w, wOff, outs, ins, forInputGradient, u, r, q, cols);
        }
    }

    @Override
    public void inputTiles(float[] sub, int ee, int eo, int oe, int oo, int n1, float[] v, int vAt, int ms, int count) {
        if (count < L) {
            ScalarWinograd.inputTiles(sub, ee, eo, oe, oo, n1, v, vAt, ms, 0, count);
            return;
        }
        // One pass per row of B^T d (each its own loop keeps the loop body small enough for C2 to keep every vector
        // in a register): d0 - d2, d1 + d2, d2 - d1, d1 - d3, where d0, d1 are subplane rows at f and d2, d3 at f + n1.
        rowPass(sub, ee, 0, eo, 0, ee, n1, eo, n1, -1, v, vAt, ms, count);
        rowPass(sub, oe, 0, oo, 0, ee, n1, eo, n1, 1, v, vAt + 4 * ms, ms, count);
        rowPass(sub, ee, n1, eo, n1, oe, 0, oo, 0, -1, v, vAt + 8 * ms, ms, count);
        rowPass(sub, oe, 0, oo, 0, oe, n1, oo, n1, -1, v, vAt + 12 * ms, ms, count);
    }

    /**
     * L pairs at a time: two vectors of the row, their even and odd lanes picked as
     * {@link VectorElementwise#TWO_SOURCE_PERMUTE} says; a last run of fewer than L pairs is loaded and stored under
     * masks (mnist-cnn's rows are 13 and 14 pairs, fashion-cnn's 6).
     */
    @Override
    public void splitPairs(float[] x, int src, int pairs, float[] dst, int even, int odd) {
        int i = 0;
        for (; i + L <= pairs; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, src + 2 * i), b = FloatVector.fromArray(S, x, src + 2 * i + L);
            if (TWO_SOURCE_PERMUTE) {
                VectorElementwise.EVEN.selectFrom(a, b).intoArray(dst, even + i);
                VectorElementwise.ODD.selectFrom(a, b).intoArray(dst, odd + i);
            } else {
                a.rearrange(EVEN_TWICE).blend(b.rearrange(EVEN_TWICE), UPPER_HALF).intoArray(dst, even + i);
                a.rearrange(ODD_TWICE).blend(b.rearrange(ODD_TWICE), UPPER_HALF).intoArray(dst, odd + i);
            }
        }
        int n = pairs - i;
        if (n == 0) return;
        VectorMask<Float> low = S.indexInRange(0, Math.min(2 * n, L)), high = S.indexInRange(0, 2 * n - L);
        VectorMask<Float> out = S.indexInRange(0, n);
        FloatVector a = FloatVector.fromArray(S, x, src + 2 * i, low), b = FloatVector.fromArray(S, x, src + 2 * i + L, high);
        if (TWO_SOURCE_PERMUTE) {
            VectorElementwise.EVEN.selectFrom(a, b).intoArray(dst, even + i, out);
            VectorElementwise.ODD.selectFrom(a, b).intoArray(dst, odd + i, out);
        } else {
            a.rearrange(EVEN_TWICE).blend(b.rearrange(EVEN_TWICE), UPPER_HALF).intoArray(dst, even + i, out);
            a.rearrange(ODD_TWICE).blend(b.rearrange(ODD_TWICE), UPPER_HALF).intoArray(dst, odd + i, out);
        }
    }

    /**
     * One row of B^T d for the tiles [0, count), count >= L, then (B^T d) B along it: column c of the row is
     * p_c + sign * q_c, where p and q are the even- or odd-column subplanes given (columns 0 and 1 at f, 2 and 3 at
     * f + 1). The last vector starts at count - L.
     */
    private static void rowPass(float[] sub, int pe, int pOff, int po, int pOff2, int qe, int qOff, int qo, int qOff2, int sign,
                                float[] v, int at, int ms, int count) {
        for (int f = 0; f < count; f = VectorElementwise.nextVector(f, count)) {
            FloatVector q0 = FloatVector.fromArray(S, sub, qe + qOff + f), q1 = FloatVector.fromArray(S, sub, qo + qOff2 + f);
            FloatVector q2 = FloatVector.fromArray(S, sub, qe + qOff + f + 1), q3 = FloatVector.fromArray(S, sub, qo + qOff2 + f + 1);
            FloatVector p0 = FloatVector.fromArray(S, sub, pe + pOff + f), p1 = FloatVector.fromArray(S, sub, po + pOff2 + f);
            FloatVector p2 = FloatVector.fromArray(S, sub, pe + pOff + f + 1), p3 = FloatVector.fromArray(S, sub, po + pOff2 + f + 1);
            FloatVector c0 = sign > 0 ? p0.add(q0) : p0.sub(q0), c1 = sign > 0 ? p1.add(q1) : p1.sub(q1);
            FloatVector c2 = sign > 0 ? p2.add(q2) : p2.sub(q2), c3 = sign > 0 ? p3.add(q3) : p3.sub(q3);
            c0.sub(c2).intoArray(v, at + f);
            c1.add(c2).intoArray(v, at + f + ms);
            c2.sub(c1).intoArray(v, at + f + 2 * ms);
            c1.sub(c3).intoArray(v, at + f + 3 * ms);
        }
    }

    @Override
    public void outputTiles(float[] m, int mAt, int ms, float[] s, int sAt, int count) {
        if (count < L) {
            ScalarWinograd.outputTiles(m, mAt, ms, s, sAt, count, 0, count);
            return;
        }
        for (int f = 0; f < count; f = VectorElementwise.nextVector(f, count)) {
            int at = mAt + f;
            FloatVector m4 = FloatVector.fromArray(S, m, at + 4 * ms), m5 = FloatVector.fromArray(S, m, at + 5 * ms);
            FloatVector m6 = FloatVector.fromArray(S, m, at + 6 * ms), m7 = FloatVector.fromArray(S, m, at + 7 * ms);
            FloatVector m8 = FloatVector.fromArray(S, m, at + 8 * ms), m9 = FloatVector.fromArray(S, m, at + 9 * ms);
            FloatVector m10 = FloatVector.fromArray(S, m, at + 10 * ms), m11 = FloatVector.fromArray(S, m, at + 11 * ms);
            FloatVector s00 = FloatVector.fromArray(S, m, at).add(m4).add(m8);
            FloatVector s01 = FloatVector.fromArray(S, m, at + ms).add(m5).add(m9);
            FloatVector s02 = FloatVector.fromArray(S, m, at + 2 * ms).add(m6).add(m10);
            FloatVector s03 = FloatVector.fromArray(S, m, at + 3 * ms).add(m7).add(m11);
            FloatVector s10 = m4.sub(m8).sub(FloatVector.fromArray(S, m, at + 12 * ms));
            FloatVector s11 = m5.sub(m9).sub(FloatVector.fromArray(S, m, at + 13 * ms));
            FloatVector s12 = m6.sub(m10).sub(FloatVector.fromArray(S, m, at + 14 * ms));
            FloatVector s13 = m7.sub(m11).sub(FloatVector.fromArray(S, m, at + 15 * ms));
            s00.add(s01).add(s02).intoArray(s, sAt + f);
            s01.sub(s02).sub(s03).intoArray(s, sAt + count + f);
            s10.add(s11).add(s12).intoArray(s, sAt + 2 * count + f);
            s11.sub(s12).sub(s13).intoArray(s, sAt + 3 * count + f);
        }
    }

    /**
     * One lane per channel (the other loops here run one per tile): the rows come channels innermost, so each load and
     * store is unit-stride. Channels end on an overlapping vector, as tiles do elsewhere.
     */
    @Override
    public void gradientTiles(float[] rows, int channels, int n1, float[] dm, int at, int ms) {
        if (channels < L) {
            ScalarWinograd.gradientTiles(rows, channels, n1, dm, at, ms, 0, channels);
            return;
        }
        int lower = 2 * n1 * channels;
        for (int tx = 0; tx < n1; tx++) {
            int s = 2 * tx * channels, d = at + tx * channels;
            for (int c = 0; c < channels; c = VectorElementwise.nextVector(c, channels)) {
                FloatVector d00 = FloatVector.fromArray(S, rows, s + c), d01 = FloatVector.fromArray(S, rows, s + channels + c);
                FloatVector d10 = FloatVector.fromArray(S, rows, s + lower + c);
                FloatVector d11 = FloatVector.fromArray(S, rows, s + lower + channels + c);
                int o = d + c;
                d00.intoArray(dm, o);
                d00.add(d01).intoArray(dm, o + ms);
                d00.sub(d01).intoArray(dm, o + 2 * ms);
                d01.neg().intoArray(dm, o + 3 * ms);
                FloatVector a = d00.add(d10), b = d01.add(d11);
                a.intoArray(dm, o + 4 * ms);
                a.add(b).intoArray(dm, o + 5 * ms);
                a.sub(b).intoArray(dm, o + 6 * ms);
                b.neg().intoArray(dm, o + 7 * ms);
                a = d00.sub(d10);
                b = d01.sub(d11);
                a.intoArray(dm, o + 8 * ms);
                a.add(b).intoArray(dm, o + 9 * ms);
                a.sub(b).intoArray(dm, o + 10 * ms);
                b.neg().intoArray(dm, o + 11 * ms);
                a = d10.neg();
                b = d11.neg();
                a.intoArray(dm, o + 12 * ms);
                a.add(b).intoArray(dm, o + 13 * ms);
                a.sub(b).intoArray(dm, o + 14 * ms);
                b.neg().intoArray(dm, o + 15 * ms);
            }
        }
    }

    /**
     * L tiles at a time, {@link Pool2d#halvingWinner}'s choice made with lane masks as in
     * {@link VectorElementwise#maxPoolRowWinners}; a vector of tiles with a NaN sum goes to the scalar loop, and so does
     * a row of fewer than L tiles. The last vector overlaps the one before.
     */
    @Override
    public void poolTiles(float[] s, int at, int count, float[] y, int[] winners, int o, int pos, int outW, int n) {
        if (n < L) {
            ScalarWinograd.poolTiles(s, at, count, y, winners, o, pos, outW, 0, n);
            return;
        }
        for (int f = 0; f < n; f = VectorElementwise.nextVector(f, n)) {
            int t = at + f;
            FloatVector a = FloatVector.fromArray(S, s, t), b = FloatVector.fromArray(S, s, count + t);
            FloatVector c = FloatVector.fromArray(S, s, 2 * count + t), d = FloatVector.fromArray(S, s, 3 * count + t);
            if (a.add(b).add(c).add(d).test(VectorOperators.IS_NAN).anyTrue()) {
                ScalarWinograd.poolTiles(s, at, count, y, winners, o, pos, outW, f, f + L);
                continue;
            }
            VectorMask<Float> right = b.compare(VectorOperators.GT, a), rightBelow = d.compare(VectorOperators.GT, c);
            VectorMask<Float> below = c.max(d).compare(VectorOperators.GT, a.max(b));
            VectorMask<Float> column = right.andNot(below).or(rightBelow.and(below));
            a.blend(b, right).blend(c.blend(d, rightBelow), below).intoArray(y, o + f);
            IntVector.broadcast(VectorElementwise.INTS, pos + 2 * f).add(VectorElementwise.TWICE_LANE)
                    .add(IntVector.zero(VectorElementwise.INTS).blend(outW, below.cast(VectorElementwise.INTS)))
                    .add(IntVector.zero(VectorElementwise.INTS).blend(1, column.cast(VectorElementwise.INTS)))
                    .intoArray(winners, o + f);
        }
    }

    /** {@link #poolTiles}'s choice, made L windows at a time, with the winners as floats beside the values. */
    @Override
    public void poolWinners(float[] s, int at, int count) {
        int f = 0;
        for (int end = count - L; f <= end; f += L) {
            int i = at + f;
            FloatVector a = FloatVector.fromArray(S, s, i), b = FloatVector.fromArray(S, s, i + count);
            FloatVector c = FloatVector.fromArray(S, s, i + 2 * count), d = FloatVector.fromArray(S, s, i + 3 * count);
            if (a.add(b).add(c).add(d).test(VectorOperators.IS_NAN).anyTrue()) {
                ScalarWinograd.poolWinners(s, at, count, f, f + L);
                continue;
            }
            VectorMask<Float> right = b.compare(VectorOperators.GT, a), rightBelow = d.compare(VectorOperators.GT, c);
            VectorMask<Float> below = c.max(d).compare(VectorOperators.GT, a.max(b));
            a.blend(b, right).blend(c.blend(d, rightBelow), below).intoArray(s, i);
            FloatVector.zero(S).blend(1f, right).blend(FloatVector.broadcast(S, 2f).blend(3f, rightBelow), below).intoArray(s, i + count);
        }
        ScalarWinograd.poolWinners(s, at, count, f, count);
    }

    @Override
    public void finishTiles(float[] s, int at, int count, float bias, boolean relu, boolean affine, float scale, float shift,
                            boolean pool) {
        int f = 0;
        for (int end = count - L; f <= end; f += L) {
            int i = at + f;
            if (pool && !affine) {
                FloatVector top = FloatVector.fromArray(S, s, i).max(FloatVector.fromArray(S, s, i + count));
                FloatVector bottom = FloatVector.fromArray(S, s, i + 2 * count).max(FloatVector.fromArray(S, s, i + 3 * count));
                FloatVector v = top.max(bottom).add(bias);
                (relu ? v.max(0f) : v).intoArray(s, i);
            } else if (pool) {
                FloatVector a = FloatVector.fromArray(S, s, i).add(bias);
                FloatVector b = FloatVector.fromArray(S, s, i + count).add(bias);
                FloatVector c = FloatVector.fromArray(S, s, i + 2 * count).add(bias);
                FloatVector d = FloatVector.fromArray(S, s, i + 3 * count).add(bias);
                if (relu) {
                    a = a.max(0f);
                    b = b.max(0f);
                    c = c.max(0f);
                    d = d.max(0f);
                }
                a = a.mul(scale).add(shift);
                b = b.mul(scale).add(shift);
                c = c.mul(scale).add(shift);
                d = d.mul(scale).add(shift);
                a.max(b).max(c.max(d)).intoArray(s, i);
            } else {
                for (int q = i; q < i + 4 * count; q += count) {
                    FloatVector v = FloatVector.fromArray(S, s, q).add(bias);
                    if (relu) v = v.max(0f);
                    (affine ? v.mul(scale).add(shift) : v).intoArray(s, q);
                }
            }
        }
        ScalarWinograd.finishTiles(s, at, count, bias, relu, affine, scale, shift, pool, f, count);
    }

}

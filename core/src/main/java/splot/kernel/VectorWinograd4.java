package splot.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Winograd4Kernels} on the preferred vector width, one lane per image of the group (the group a whole number of
 * vectors): every load and store is a unit-stride vector, the same sums and fused multiply-adds in the same order as
 * {@link ScalarWinograd4}, so the same floats. One lane per tile instead would need the 36 inputs of each tile
 * gathered, and a Vector API gather cost about 4.7 ns here (AVX-512, JDK 25): the input transform ran at 16 ns a tile
 * and channel that way, slower than the scalar loop. Each transform runs in two passes, down the columns of the 6x6
 * and then along its rows, with the 36 (or 24) vectors between them staged in L1 rather than held in registers (36 do
 * not fit in 32).
 */
final class VectorWinograd4 implements Winograd4Kernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    @Override
    public int lanes() {
        return L;
    }

    /**
     * With a group of 16 lanes and a one-instruction two-source permute (AVX-512), 16 pixels of the row at a time: the
     * 16 images' runs (masked at the row's end, zero past the images) staged in {@code stage[stageAt...]}, then
     * {@link VectorTranspose16#block} into the plane. Otherwise the scalar loop, which stores a float at a time, a
     * cache line apart: 0.65 ns a pixel, a third of fashion-cnn's input transform.
     */
    @Override
    public void interleave(float[] x, int src, int imageStride, int images, int count, float[] pad, int dst, int group,
                           float[] stage, int stageAt) {
        if (group != 16 || !VectorTranspose16.AVAILABLE) {
            ScalarWinograd4.interleave(x, src, imageStride, images, count, pad, dst, group);
            return;
        }
        for (int p0 = 0; p0 < count; p0 += L) {
            int n = Math.min(L, count - p0);
            for (int lane = 0; lane < L; lane++) {
                VectorMask<Float> in = S.indexInRange(0, lane < images ? n : 0);
                FloatVector.fromArray(S, x, src + lane * imageStride + p0, in).intoArray(stage, stageAt + lane * L);
            }
            VectorTranspose16.block(stage, stageAt, L, pad, dst + p0 * group, group, n);
        }
    }

    @Override
    public void inputTiles(float[] pad, int wp, int th, int tw, int group, float[] v, int vAt, int firstColumn, int panelShift,
                           int panelStride, int ms, float[] tmp, int tmpAt) {
        int dy = wp * group, mask = (1 << panelShift) - 1;
        for (int ty = 0; ty < th; ty++) {
            for (int tx = 0; tx < tw; tx++) {
                int f = firstColumn + (ty * tw + tx) * group;
                int corner = (4 * ty * wp + 4 * tx) * group, out = vAt + (f >> panelShift) * panelStride + (f & mask);
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

    /** {@link ScalarWinograd4#gradientTiles}' sums and fused multiply-adds, a vector of lanes at a time. */
    @Override
    public void gradientTiles(float[] pad, int wp, int th, int tw, int group, float[] dm, int dmAt, int ms, float[] tmp, int tmpAt) {
        int dy = wp * group;
        for (int ty = 0; ty < th; ty++) {
            for (int tx = 0; tx < tw; tx++) {
                int corner = (4 * ty * wp + 4 * tx) * group, out = dmAt + (ty * tw + tx) * group;
                for (int lane = 0; lane < group; lane += L) {
                    FloatVector four = FloatVector.broadcast(S, 4f), two = FloatVector.broadcast(S, 2f);
                    FloatVector minusTwo = FloatVector.broadcast(S, -2f);
                    // A down column j: T[r][j] to tmp at (4 r + j) L.
                    for (int j = 0; j < 4; j++) {
                        int at = corner + j * group + lane, q = tmpAt + j * L;
                        FloatVector d0 = FloatVector.fromArray(S, pad, at), d1 = FloatVector.fromArray(S, pad, at + dy);
                        FloatVector d2 = FloatVector.fromArray(S, pad, at + 2 * dy), d3 = FloatVector.fromArray(S, pad, at + 3 * dy);
                        FloatVector a = d0.add(d2), b = d1.add(d3), c = d2.fma(four, d0), e = d3.fma(four, d1);
                        d0.intoArray(tmp, q);
                        a.add(b).intoArray(tmp, q + 4 * L);
                        a.sub(b).intoArray(tmp, q + 8 * L);
                        e.fma(two, c).intoArray(tmp, q + 12 * L);
                        e.fma(minusTwo, c).intoArray(tmp, q + 16 * L);
                        d3.intoArray(tmp, q + 20 * L);
                    }
                    // A along row r: dM[r][k], point 6 r + k.
                    for (int r = 0; r < 6; r++) {
                        int q = tmpAt + 4 * r * L, o = out + 6 * r * ms + lane;
                        FloatVector d0 = FloatVector.fromArray(S, tmp, q), d1 = FloatVector.fromArray(S, tmp, q + L);
                        FloatVector d2 = FloatVector.fromArray(S, tmp, q + 2 * L), d3 = FloatVector.fromArray(S, tmp, q + 3 * L);
                        FloatVector a = d0.add(d2), b = d1.add(d3), c = d2.fma(four, d0), e = d3.fma(four, d1);
                        d0.intoArray(dm, o);
                        a.add(b).intoArray(dm, o + ms);
                        a.sub(b).intoArray(dm, o + 2 * ms);
                        e.fma(two, c).intoArray(dm, o + 3 * ms);
                        e.fma(minusTwo, c).intoArray(dm, o + 4 * ms);
                        d3.intoArray(dm, o + 5 * ms);
                    }
                }
            }
        }
    }

    /** On AVX-512 with a group of 16 lanes, {@link #storeRows}; otherwise the scalar loop. */
    @Override
    public void storeTiles(float[] s, int stride, int th, int tw, int group, int images, int outH, int outW, float[] y, int plane,
                           int imageStride, boolean accumulate, float[] stage, int stageAt) {
        if (group != 16 || !VectorTranspose16.AVAILABLE) {
            ScalarWinograd4.storeTiles(s, stride, tw, group, images, outH, outW, y, plane, imageStride, accumulate);
            return;
        }
        storeRows(s, stride, group, tw, images, outH, outW, false, y, plane, imageStride, accumulate, stage, stageAt);
    }

    /** On AVX-512 with a group of 16 lanes, {@link #storeRows} over the pooled planes; otherwise the scalar loop. */
    @Override
    public void storePooled(float[] s, int stride, int th, int tw, int group, int images, int outH, int outW, float[] y, int plane,
                            int imageStride, float[] stage, int stageAt) {
        if (group != 16 || !VectorTranspose16.AVAILABLE) {
            ScalarWinograd4.storePooled(s, stride, tw, group, images, outH, outW, y, plane, imageStride);
            return;
        }
        storeRows(s, stride, group, tw, images, outH / 2, outW / 2, true, y, plane, imageStride, false, stage, stageAt);
    }

    /**
     * The planes (height x width) row by row, 16 columns at a time: each column's 16 images (a run of s; zero past the
     * row's end) staged, {@link VectorTranspose16#block} into each image's 16 columns, and those stored (or added)
     * under a mask of the columns inside the row. Column x of row y is output (y % 4, x % 4) of tile (y / 4, x / 4), or with
     * {@code pooled} the window (y % 2, x % 2) of tile (y / 2, x / 2), whose value is in its window's first row of s.
     * On fashion-cnn's 11 x 11 planes the output stage (transform, epilogue and store) took 27 ns a tile and image with
     * the scalar loop storing element by element, 16.5 storing each tile's 4 x 4 under four masks, 14.7 this way; with
     * its 2x2 pool, 10.9 and 10.1 (the output transform alone 4.7).
     */
    private static void storeRows(float[] s, int stride, int group, int tw, int images, int height, int width, boolean pooled,
                                  float[] y, int plane, int imageStride, boolean accumulate, float[] stage, int stageAt) {
        int shift = pooled ? 1 : 2, runs = stageAt + 256;
        for (int row = 0; row < height; row++) {
            int tileRow = (row >> shift) * tw;
            for (int x0 = 0; x0 < width; x0 += L) {
                int n = Math.min(L, width - x0);
                for (int i = 0; i < L; i++) {
                    int x = Math.min(x0 + i, width - 1);
                    int output = pooled ? 4 * (2 * (row & 1) + (x & 1)) : Winograd4.row(row & 3, x & 3);
                    FloatVector.fromArray(S, s, output * stride + (tileRow + (x >> shift)) * group, S.indexInRange(0, i < n ? L : 0))
                            .intoArray(stage, stageAt + L * i);
                }
                VectorTranspose16.block(stage, stageAt, L, stage, runs, L, images);
                for (int lane = 0; lane < images; lane++) {
                    int to = plane + lane * imageStride + row * width + x0;
                    VectorMask<Float> inRow = S.indexInRange(0, n);
                    FloatVector v = FloatVector.fromArray(S, stage, runs + L * lane);
                    if (accumulate) v = v.add(FloatVector.fromArray(S, y, to, inRow));
                    v.intoArray(y, to, inRow);
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

    /**
     * L input channels at a time, one per lane: each of dU's 36 points of L neighbouring filters is a unit-stride vector.
     * G^T down the six columns (18 vectors staged), G along the three rows (9 staged), then each lane's nine taps added
     * into dw, 9 floats a filter apart, by a scalar loop (a 16 x 16 transpose in registers and masked adds of nine lanes
     * took 1.5 times as long); the channels past the last whole vector by the scalar kernel.
     * Filter by filter, a float at a time from 36 matrices a dU apart, cifar-vgg's 128 x 128 took 320-610 us on one
     * core (session 50). Written out, as the other transforms are: a vector passed to a helper is boxed.
     */
    @Override
    public void filterGradientRow(float[] du, int s, int ins, int o, float[] dw, int dwOff, float[] stage, int stageAt) {
        FloatVector quarter = FloatVector.broadcast(S, 0.25f), sixth = FloatVector.broadcast(S, ScalarWinograd4.SIXTH);
        FloatVector minusSixth = FloatVector.broadcast(S, -ScalarWinograd4.SIXTH);
        FloatVector twelfth = FloatVector.broadcast(S, ScalarWinograd4.TWELFTH);
        FloatVector twentyFourth = FloatVector.broadcast(S, ScalarWinograd4.TWENTY_FOURTH);
        int i = 0;
        for (; i + L <= ins; i += L) {
            int at = o * ins + i;
            // G^T down column b: its three values c to stage (6 c + b) L.
            for (int b = 0; b < 6; b++) {
                int q = at + b * s;
                FloatVector x0 = FloatVector.fromArray(S, du, q), x1 = FloatVector.fromArray(S, du, q + 6 * s);
                FloatVector x2 = FloatVector.fromArray(S, du, q + 12 * s), x3 = FloatVector.fromArray(S, du, q + 18 * s);
                FloatVector x4 = FloatVector.fromArray(S, du, q + 24 * s), x5 = FloatVector.fromArray(S, du, q + 30 * s);
                FloatVector p = x1.add(x2), m = x2.sub(x1), sum = x3.add(x4), n = x3.sub(x4);
                x0.fma(quarter, p.fma(minusSixth, sum.mul(twentyFourth))).intoArray(stage, stageAt + b * L);
                m.fma(sixth, n.mul(twelfth)).intoArray(stage, stageAt + (6 + b) * L);
                sum.sub(p).fma(sixth, x5).intoArray(stage, stageAt + (12 + b) * L);
            }
            // G along row c: taps 3 c + j to stage (18 + 3 c + j) L.
            for (int c = 0; c < 3; c++) {
                int q = stageAt + 6 * c * L;
                FloatVector x0 = FloatVector.fromArray(S, stage, q), x1 = FloatVector.fromArray(S, stage, q + L);
                FloatVector x2 = FloatVector.fromArray(S, stage, q + 2 * L), x3 = FloatVector.fromArray(S, stage, q + 3 * L);
                FloatVector x4 = FloatVector.fromArray(S, stage, q + 4 * L), x5 = FloatVector.fromArray(S, stage, q + 5 * L);
                FloatVector p = x1.add(x2), m = x2.sub(x1), sum = x3.add(x4), n = x3.sub(x4);
                int out = stageAt + (18 + 3 * c) * L;
                x0.fma(quarter, p.fma(minusSixth, sum.mul(twentyFourth))).intoArray(stage, out);
                m.fma(sixth, n.mul(twelfth)).intoArray(stage, out + L);
                sum.sub(p).fma(sixth, x5).intoArray(stage, out + 2 * L);
            }
            int dst = dwOff + at * 9, taps = stageAt + 18 * L;
            for (int lane = 0; lane < L; lane++) {
                for (int k = 0; k < 9; k++) dw[dst + lane * 9 + k] += stage[taps + k * L + lane];
            }
        }
        ScalarWinograd4.filterGradientRow(du, s, ins, o, i, dw, dwOff, stage, stageAt);
    }
}

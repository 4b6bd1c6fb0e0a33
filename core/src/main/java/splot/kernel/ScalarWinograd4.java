package splot.kernel;

/** {@link Winograd4Kernels} in plain Java: the reference, and the loops where the Vector API is missing. */
final class ScalarWinograd4 implements Winograd4Kernels {
    /** Any group size works here; eight keeps the layout that of a 256-bit vector. */
    private static final int LANES = 8;

    @Override
    public int lanes() {
        return LANES;
    }

    @Override
    public void filters(float[] w, int wOff, int outs, int ins, boolean turned, float[] u, int stride, int r) {
        filters(w, wOff, outs, ins, turned, u, stride, r, 0, turned ? outs : ins);
    }

    /**
     * Filters (r, q) of U's rows for q in [from, to): (o, i) = (r, q), or with {@code turned} (q, r) turned 180 degrees;
     * G down each column of the 3x3, then along each of the six rows that gives. In locals, not a small array (as in
     * {@link ScalarWinograd#filterRow}).
     */
    static void filters(float[] w, int wOff, int outs, int ins, boolean turned, float[] u, int stride, int r, int from, int to) {
        int cols = turned ? outs : ins, k0 = turned ? 8 : 0, dk = turned ? -1 : 1;
        for (int q = from; q < to; q++) {
            int src = wOff + (turned ? q * ins + r : r * ins + q) * 9 + k0, at = r * cols + q;
            float g00 = w[src], g01 = w[src + dk], g02 = w[src + 2 * dk], g10 = w[src + 3 * dk], g11 = w[src + 4 * dk];
            float g12 = w[src + 5 * dk], g20 = w[src + 6 * dk], g21 = w[src + 7 * dk], g22 = w[src + 8 * dk];
            float s0 = g20 * Winograd4.SIXTH, s1 = g21 * Winograd4.SIXTH, s2 = g22 * Winograd4.SIXTH;
            interpolated(g00 * 0.25f, g01 * 0.25f, g02 * 0.25f, u, at, stride);
            interpolated((g00 + g10 + g20) * -Winograd4.SIXTH, (g01 + g11 + g21) * -Winograd4.SIXTH, (g02 + g12 + g22) * -Winograd4.SIXTH,
                    u, at + 6 * stride, stride);
            interpolated((g00 - g10 + g20) * -Winograd4.SIXTH, (g01 - g11 + g21) * -Winograd4.SIXTH, (g02 - g12 + g22) * -Winograd4.SIXTH,
                    u, at + 12 * stride, stride);
            interpolated(Math.fma(g00, Winograd4.TWENTY_FOURTH, Math.fma(g10, Winograd4.TWELFTH, s0)),
                    Math.fma(g01, Winograd4.TWENTY_FOURTH, Math.fma(g11, Winograd4.TWELFTH, s1)),
                    Math.fma(g02, Winograd4.TWENTY_FOURTH, Math.fma(g12, Winograd4.TWELFTH, s2)), u, at + 18 * stride, stride);
            interpolated(Math.fma(g00, Winograd4.TWENTY_FOURTH, Math.fma(g10, -Winograd4.TWELFTH, s0)),
                    Math.fma(g01, Winograd4.TWENTY_FOURTH, Math.fma(g11, -Winograd4.TWELFTH, s1)),
                    Math.fma(g02, Winograd4.TWENTY_FOURTH, Math.fma(g12, -Winograd4.TWELFTH, s2)), u, at + 24 * stride, stride);
            interpolated(g20, g21, g22, u, at + 30 * stride, stride);
        }
    }

    /**
     * G (g0, g1, g2), one row of G g: the filter row's values at 0, 1, -1, 2, -2 and infinity, scaled, to
     * {@code out[at + i * step]}.
     */
    private static void interpolated(float g0, float g1, float g2, float[] out, int at, int step) {
        float sixth = g2 * Winograd4.SIXTH;
        out[at] = g0 * 0.25f;
        out[at + step] = (g0 + g1 + g2) * -Winograd4.SIXTH;
        out[at + 2 * step] = (g0 - g1 + g2) * -Winograd4.SIXTH;
        out[at + 3 * step] = Math.fma(g0, Winograd4.TWENTY_FOURTH, Math.fma(g1, Winograd4.TWELFTH, sixth));
        out[at + 4 * step] = Math.fma(g0, Winograd4.TWENTY_FOURTH, Math.fma(g1, -Winograd4.TWELFTH, sixth));
        out[at + 5 * step] = g2;
    }

    @Override
    public void interleave(float[] x, int src, int imageStride, int images, int count, float[] pad, int dst, int group,
                           float[] stage, int stageAt) {
        interleave(x, src, imageStride, images, count, pad, dst, group);
    }

    /** {@link #interleave} without the stage. */
    static void interleave(float[] x, int src, int imageStride, int images, int count, float[] pad, int dst, int group) {
        for (int lane = 0; lane < group; lane++) {
            int from = src + lane * imageStride, to = dst + lane;
            if (lane < images) for (int p = 0; p < count; p++) pad[to + p * group] = x[from + p];
            else for (int p = 0; p < count; p++) pad[to + p * group] = 0f;
        }
    }

    @Override
    public void inputTiles(float[] pad, int wp, int th, int tw, int group, float[] v, int vAt, int ms, float[] tmp, int tmpAt) {
        for (int ty = 0; ty < th; ty++) {
            for (int tx = 0; tx < tw; tx++) {
                int corner = (4 * ty * wp + 4 * tx) * group, out = vAt + (ty * tw + tx) * group;
                for (int lane = 0; lane < group; lane++) {
                    // B^T down each column j of the block into tmp (6 r + j), then B^T along each row r.
                    for (int j = 0; j < 6; j++) {
                        int at = corner + j * group + lane, dy = wp * group;
                        transformed(pad[at], pad[at + dy], pad[at + 2 * dy], pad[at + 3 * dy], pad[at + 4 * dy], pad[at + 5 * dy],
                                tmp, tmpAt + j, 6);
                    }
                    for (int r = 0; r < 6; r++) {
                        int at = tmpAt + 6 * r;
                        transformed(tmp[at], tmp[at + 1], tmp[at + 2], tmp[at + 3], tmp[at + 4], tmp[at + 5],
                                v, out + 6 * r * ms + lane, ms);
                    }
                }
            }
        }
    }

    /** B^T (d0 ... d5): its six values to {@code out[at + i * step]}. */
    private static void transformed(float d0, float d1, float d2, float d3, float d4, float d5, float[] out, int at, int step) {
        out[at] = Math.fma(d0, 4f, Math.fma(d2, -5f, d4));
        out[at + step] = Math.fma(d1 + d2, -4f, d3 + d4);
        out[at + 2 * step] = Math.fma(d1 - d2, 4f, d4 - d3);
        out[at + 3 * step] = Math.fma(d3 - d1, 2f, d4 - d2);
        out[at + 4 * step] = Math.fma(d3 - d1, -2f, d4 - d2);
        out[at + 5 * step] = Math.fma(d1, 4f, Math.fma(d3, -5f, d5));
    }

    @Override
    public void storeTiles(float[] s, int stride, int th, int tw, int group, int images, int outH, int outW, float[] y, int plane,
                           int imageStride, boolean accumulate, float[] stage, int stageAt) {
        storeTiles(s, stride, tw, group, images, outH, outW, y, plane, imageStride, accumulate);
    }

    /** {@link #storeTiles} without the stage: the vector loops' fallback too. */
    static void storeTiles(float[] s, int stride, int tw, int group, int images, int outH, int outW, float[] y, int plane,
                           int imageStride, boolean accumulate) {
        for (int lane = 0; lane < images; lane++) {
            int image = plane + lane * imageStride;
            for (int oy = 0; oy < outH; oy++) {
                int tileRow = (oy >> 2) * tw, r = oy & 3, dst = image + oy * outW;
                for (int ox = 0; ox < outW; ox++) {
                    float v = s[Winograd4.row(r, ox & 3) * stride + (tileRow + (ox >> 2)) * group + lane];
                    y[dst + ox] = accumulate ? y[dst + ox] + v : v;
                }
            }
        }
    }

    @Override
    public void storePooled(float[] s, int stride, int th, int tw, int group, int images, int outH, int outW, float[] y, int plane,
                            int imageStride, float[] stage, int stageAt) {
        storePooled(s, stride, tw, group, images, outH, outW, y, plane, imageStride);
    }

    /** {@link #storePooled} without the stage: the vector loops' fallback too. */
    static void storePooled(float[] s, int stride, int tw, int group, int images, int outH, int outW, float[] y, int plane,
                            int imageStride) {
        int ph = outH / 2, pw = outW / 2;
        for (int lane = 0; lane < images; lane++) {
            int image = plane + lane * imageStride;
            for (int py = 0; py < ph; py++) {
                int tileRow = (py >> 1) * tw, wy = py & 1, dst = image + py * pw;
                for (int px = 0; px < pw; px++) y[dst + px] = s[4 * (2 * wy + (px & 1)) * stride + (tileRow + (px >> 1)) * group + lane];
            }
        }
    }

    @Override
    public void outputTiles(float[] m, int mAt, int ms, int tiles, int group, float[] s, float[] tmp, int tmpAt) {
        int stride = tiles * group;
        for (int f = 0; f < tiles; f++) {
            for (int lane = 0; lane < group; lane++) {
                // A^T down each column j of the 6x6 into tmp (6 r + j), then A^T along each of the four rows.
                for (int j = 0; j < 6; j++) {
                    int at = mAt + j * ms + f * group + lane;
                    float m0 = m[at], m1 = m[at + 6 * ms], m2 = m[at + 12 * ms], m3 = m[at + 18 * ms], m4 = m[at + 24 * ms];
                    float m5 = m[at + 30 * ms];
                    float a = m1 + m2, b = m1 - m2, c = m3 + m4, d = m3 - m4;
                    tmp[tmpAt + j] = m0 + a + c;
                    tmp[tmpAt + 6 + j] = Math.fma(d, 2f, b);
                    tmp[tmpAt + 12 + j] = Math.fma(c, 4f, a);
                    tmp[tmpAt + 18 + j] = Math.fma(d, 8f, b) + m5;
                }
                for (int r = 0; r < 4; r++) {
                    int at = tmpAt + 6 * r, out = Winograd4.row(r, 0) * stride + f * group + lane;
                    float m0 = tmp[at], m1 = tmp[at + 1], m2 = tmp[at + 2], m3 = tmp[at + 3], m4 = tmp[at + 4], m5 = tmp[at + 5];
                    float a = m1 + m2, b = m1 - m2, c = m3 + m4, d = m3 - m4;
                    // Columns 0 and 1 of a row are one row of s apart, 2 and 3 four (see Winograd4.row).
                    s[out] = m0 + a + c;
                    s[out + stride] = Math.fma(d, 2f, b);
                    s[out + 4 * stride] = Math.fma(c, 4f, a);
                    s[out + 5 * stride] = Math.fma(d, 8f, b) + m5;
                }
            }
        }
    }
}

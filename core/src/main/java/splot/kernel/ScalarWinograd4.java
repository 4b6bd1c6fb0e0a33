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
    public void inputTiles(float[] pad, int wp, int th, int tw, int group, float[] v, int vAt, int firstColumn, int panelShift,
                           int panelStride, int ms, float[] tmp, int tmpAt) {
        int mask = (1 << panelShift) - 1;
        for (int ty = 0; ty < th; ty++) {
            for (int tx = 0; tx < tw; tx++) {
                int f = firstColumn + (ty * tw + tx) * group;
                int corner = (4 * ty * wp + 4 * tx) * group, out = vAt + (f >> panelShift) * panelStride + (f & mask);
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

    @Override
    public void gradientTiles(float[] pad, int wp, int th, int tw, int group, float[] dm, int dmAt, int ms, float[] tmp, int tmpAt) {
        for (int ty = 0; ty < th; ty++) {
            for (int tx = 0; tx < tw; tx++) {
                int corner = (4 * ty * wp + 4 * tx) * group, out = dmAt + (ty * tw + tx) * group;
                for (int lane = 0; lane < group; lane++) {
                    // A down each column j of the 4x4 into tmp (4 r + j), then A along each of the six rows r.
                    for (int j = 0; j < 4; j++) {
                        int at = corner + j * group + lane, dy = wp * group;
                        spread(pad[at], pad[at + dy], pad[at + 2 * dy], pad[at + 3 * dy], tmp, tmpAt + j, 4);
                    }
                    for (int r = 0; r < 6; r++) {
                        int at = tmpAt + 4 * r;
                        spread(tmp[at], tmp[at + 1], tmp[at + 2], tmp[at + 3], dm, out + 6 * r * ms + lane, ms);
                    }
                }
            }
        }
    }

    /** A (d0 ... d3), the values at 0, 1, -1, 2, -2 and infinity of the cubic with coefficients d: six to {@code out[at + i * step]}. */
    private static void spread(float d0, float d1, float d2, float d3, float[] out, int at, int step) {
        float a = d0 + d2, b = d1 + d3, c = Math.fma(d2, 4f, d0), e = Math.fma(d3, 4f, d1);
        out[at] = d0;
        out[at + step] = a + b;
        out[at + 2 * step] = a - b;
        out[at + 3 * step] = Math.fma(e, 2f, c);
        out[at + 4 * step] = Math.fma(e, -2f, c);
        out[at + 5 * step] = d3;
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

    @Override
    public void filterGradientRow(float[] du, int matrixStride, int ins, int o, float[] dw, int dwOff, float[] stage, int stageAt) {
        filterGradientRow(du, matrixStride, ins, o, 0, dw, dwOff, stage, stageAt);
    }

    /** {@link #filterGradientRow} of input channels [i0, ins). */
    static void filterGradientRow(float[] du, int s, int ins, int o, int i0, float[] dw, int dwOff, float[] t, int tAt) {
        for (int i = i0; i < ins; i++) {
            int at = o * ins + i, dst = dwOff + at * 9;
            // G^T down each column b of the 6x6 into t (6 c + b), then G along each of its three rows.
            for (int b = 0; b < 6; b++) {
                int q = at + b * s;
                gathered(du[q], du[q + 6 * s], du[q + 12 * s], du[q + 18 * s], du[q + 24 * s], du[q + 30 * s], t, tAt + b, 6);
            }
            for (int c = 0; c < 3; c++) {
                int q = tAt + 6 * c;
                gathered(t[q], t[q + 1], t[q + 2], t[q + 3], t[q + 4], t[q + 5], t, tAt + 18, 1);
                dw[dst + 3 * c] += t[tAt + 18];
                dw[dst + 3 * c + 1] += t[tAt + 19];
                dw[dst + 3 * c + 2] += t[tAt + 20];
            }
        }
    }

    static final float SIXTH = 1f / 6, TWELFTH = 1f / 12, TWENTY_FOURTH = 1f / 24;

    /** G^T (x0 ... x5), G's columns against the six: the three values to {@code out[at + c * step]}. */
    private static void gathered(float x0, float x1, float x2, float x3, float x4, float x5, float[] out, int at, int step) {
        float p = x1 + x2, m = x2 - x1, q = x3 + x4, n = x3 - x4;
        out[at] = Math.fma(x0, 0.25f, Math.fma(p, -SIXTH, q * TWENTY_FOURTH));
        out[at + step] = Math.fma(m, SIXTH, n * TWELFTH);
        out[at + 2 * step] = Math.fma(q - p, SIXTH, x5);
    }
}

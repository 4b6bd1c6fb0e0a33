package splot.kernel;

/** {@link WinogradKernels} in plain Java: the reference, and the vector loops' tail. */
final class ScalarWinograd implements WinogradKernels {

    @Override
    public void inputTiles(float[] sub, int ee, int eo, int oe, int oo, int n1, float[] v, int vAt, int matrixStride, int count) {
        inputTiles(sub, ee, eo, oe, oo, n1, v, vAt, matrixStride, 0, count);
    }

    @Override
    public void splitPairs(float[] x, int src, int pairs, float[] dst, int even, int odd) {
        for (int i = 0; i < pairs; i++) {
            dst[even + i] = x[src + 2 * i];
            dst[odd + i] = x[src + 2 * i + 1];
        }
    }

    @Override
    public void outputTiles(float[] m, int mAt, int matrixStride, float[] s, int sAt, int count) {
        outputTiles(m, mAt, matrixStride, s, sAt, count, 0, count);
    }

    @Override
    public void filters(float[] w, int wOff, int outs, int ins, boolean forInputGradient, float[] u) {
        int cols = forInputGradient ? outs : ins;
        int rows = forInputGradient ? ins : outs;
        for (int r = 0; r < rows; r++) filterRow(w, wOff, outs, ins, forInputGradient, u, r, 0, cols);
    }

    /**
     * Filters [from, to) of row r of u's matrices: (o, i) = (r, q) for y, (q, r) for dx, whose result goes to
     * {@code u[t * outs * ins + r * cols + q]}.
     */
    static void filterRow(float[] w, int wOff, int outs, int ins, boolean turned, float[] u, int r, int from, int to) {
        int stride = outs * ins, cols = turned ? outs : ins;
        for (int q = from; q < to; q++) {
            int src = wOff + (turned ? q * ins + r : r * ins + q) * 9, at = r * cols + q;
            // Locals, not two small arrays, which C2 kept in memory: cifar-vgg's filters 14% (y) and 30% (dx) faster.
            float w0 = w[src], w1 = w[src + 1], w2 = w[src + 2], w3 = w[src + 3], w4 = w[src + 4];
            float w5 = w[src + 5], w6 = w[src + 6], w7 = w[src + 7], w8 = w[src + 8];
            if (turned) {
                // The 180-degree turn: w[8 - j].
                float t0 = w0, t1 = w1, t2 = w2, t3 = w3;
                w0 = w8; w1 = w7; w2 = w6; w3 = w5; w5 = t3; w6 = t2; w7 = t1; w8 = t0;
            }
            // G g, column by column: rows g0, (g0 + g1 + g2) / 2, (g0 - g1 + g2) / 2, g2; then the same along each row.
            transformedRow(w0, w1, w2, u, at, stride);
            transformedRow(0.5f * (w0 + w3 + w6), 0.5f * (w1 + w4 + w7), 0.5f * (w2 + w5 + w8), u, at + 4 * stride, stride);
            transformedRow(0.5f * (w0 - w3 + w6), 0.5f * (w1 - w4 + w7), 0.5f * (w2 - w5 + w8), u, at + 8 * stride, stride);
            transformedRow(w6, w7, w8, u, at + 12 * stride, stride);
        }
    }

    /** One row of (G g) G^T from its three values a, b, c: a, (a + b + c) / 2, (a - b + c) / 2, c. */
    private static void transformedRow(float a, float b, float c, float[] u, int at, int stride) {
        u[at] = a;
        u[at + stride] = 0.5f * (a + b + c);
        u[at + 2 * stride] = 0.5f * (a - b + c);
        u[at + 3 * stride] = c;
    }

    @Override
    public void gradientTiles(float[] rows, int channels, int n1, float[] dm, int at, int matrixStride) {
        gradientTiles(rows, channels, n1, dm, at, matrixStride, 0, channels);
    }

    /** {@link #gradientTiles} for the channels [from, to) only. */
    static void gradientTiles(float[] rows, int channels, int n1, float[] dm, int at, int ms, int from, int to) {
        int lower = 2 * n1 * channels;
        for (int tx = 0; tx < n1; tx++) {
            int s = 2 * tx * channels, d = at + tx * channels;
            for (int c = from; c < to; c++) {
                float d00 = rows[s + c], d01 = rows[s + channels + c], d10 = rows[s + lower + c], d11 = rows[s + lower + channels + c];
                // rows of A dY: d0, d0 + d1, d0 - d1, -d1; then the same along each row
                gradientRow(d00, d01, dm, d + c, ms);
                gradientRow(d00 + d10, d01 + d11, dm, d + c + 4 * ms, ms);
                gradientRow(d00 - d10, d01 - d11, dm, d + c + 8 * ms, ms);
                gradientRow(-d10, -d11, dm, d + c + 12 * ms, ms);
            }
        }
    }

    /** One row of (A dY) A^T from its two values a, b: a, a + b, a - b, -b. */
    private static void gradientRow(float a, float b, float[] dm, int at, int ms) {
        dm[at] = a;
        dm[at + ms] = a + b;
        dm[at + 2 * ms] = a - b;
        dm[at + 3 * ms] = -b;
    }

    /** {@link #inputTiles} for the tiles [from, to) only. */
    static void inputTiles(float[] sub, int ee, int eo, int oe, int oo, int n1, float[] v, int vAt, int ms, int from, int to) {
        for (int f = from; f < to; f++) {
            int a = f, b = f + n1;
            // rows 0-3 of column c: row parity picks the e?/o? subplane, rows 2 and 3 are one subplane row down
            float t00 = sub[ee + a] - sub[ee + b], t01 = sub[eo + a] - sub[eo + b];
            float t02 = sub[ee + a + 1] - sub[ee + b + 1], t03 = sub[eo + a + 1] - sub[eo + b + 1];
            float t10 = sub[oe + a] + sub[ee + b], t11 = sub[oo + a] + sub[eo + b];
            float t12 = sub[oe + a + 1] + sub[ee + b + 1], t13 = sub[oo + a + 1] + sub[eo + b + 1];
            float t20 = sub[ee + b] - sub[oe + a], t21 = sub[eo + b] - sub[oo + a];
            float t22 = sub[ee + b + 1] - sub[oe + a + 1], t23 = sub[eo + b + 1] - sub[oo + a + 1];
            float t30 = sub[oe + a] - sub[oe + b], t31 = sub[oo + a] - sub[oo + b];
            float t32 = sub[oe + a + 1] - sub[oe + b + 1], t33 = sub[oo + a + 1] - sub[oo + b + 1];
            int at = vAt + f;
            columns(t00, t01, t02, t03, v, at, ms);
            columns(t10, t11, t12, t13, v, at + 4 * ms, ms);
            columns(t20, t21, t22, t23, v, at + 8 * ms, ms);
            columns(t30, t31, t32, t33, v, at + 12 * ms, ms);
        }
    }

    /** (B^T d) B along one row: c0 - c2, c1 + c2, c2 - c1, c1 - c3. */
    private static void columns(float c0, float c1, float c2, float c3, float[] v, int at, int ms) {
        v[at] = c0 - c2;
        v[at + ms] = c1 + c2;
        v[at + 2 * ms] = c2 - c1;
        v[at + 3 * ms] = c1 - c3;
    }

    /** {@link #outputTiles} for the tiles [from, to) only; {@code count} places the four outputs. */
    static void outputTiles(float[] m, int mAt, int ms, float[] s, int sAt, int count, int from, int to) {
        for (int f = from; f < to; f++) {
            int at = mAt + f;
            // A^T m: rows m0 + m1 + m2 and m1 - m2 - m3 (one per column j), then the same along the columns
            float s00 = m[at] + m[at + 4 * ms] + m[at + 8 * ms];
            float s01 = m[at + ms] + m[at + 5 * ms] + m[at + 9 * ms];
            float s02 = m[at + 2 * ms] + m[at + 6 * ms] + m[at + 10 * ms];
            float s03 = m[at + 3 * ms] + m[at + 7 * ms] + m[at + 11 * ms];
            float s10 = m[at + 4 * ms] - m[at + 8 * ms] - m[at + 12 * ms];
            float s11 = m[at + 5 * ms] - m[at + 9 * ms] - m[at + 13 * ms];
            float s12 = m[at + 6 * ms] - m[at + 10 * ms] - m[at + 14 * ms];
            float s13 = m[at + 7 * ms] - m[at + 11 * ms] - m[at + 15 * ms];
            s[sAt + f] = s00 + s01 + s02;
            s[sAt + count + f] = s01 - s02 - s03;
            s[sAt + 2 * count + f] = s10 + s11 + s12;
            s[sAt + 3 * count + f] = s11 - s12 - s13;
        }
    }

    @Override
    public void finishTiles(float[] s, int at, int count, float bias, boolean relu, boolean affine, float scale, float shift,
                            boolean pool) {
        finishTiles(s, at, count, bias, relu, affine, scale, shift, pool, 0, count);
    }

    @Override
    public void poolTiles(float[] s, int at, int count, float[] y, int[] winners, int o, int pos, int outW, int n) {
        poolTiles(s, at, count, y, winners, o, pos, outW, 0, n);
    }

    /** {@link #poolTiles} for the tiles [from, to) only. */
    static void poolTiles(float[] s, int at, int count, float[] y, int[] winners, int o, int pos, int outW, int from, int to) {
        for (int f = from; f < to; f++) {
            int t = at + f, k = Pool2d.halvingWinner(s[t], s[count + t], s[2 * count + t], s[3 * count + t]);
            y[o + f] = s[k * count + t];
            winners[o + f] = pos + 2 * f + (k >> 1) * outW + (k & 1);
        }
    }

    @Override
    public void poolWinners(float[] s, int at, int count) {
        poolWinners(s, at, count, 0, count);
    }

    /** Windows [from, to) of {@link #poolWinners}: also the vector loop's fallback. */
    static void poolWinners(float[] s, int at, int count, int from, int to) {
        for (int i = at + from; i < at + to; i++) {
            int k = Pool2d.halvingWinner(s[i], s[i + count], s[i + 2 * count], s[i + 3 * count]);
            // The value is read back at the winner, so even -0 against 0 comes out as the scan's.
            s[i] = s[i + k * count];
            s[i + count] = k;
        }
    }

    /** {@link #finishTiles} for the tiles [from, to) only. */
    static void finishTiles(float[] s, int at, int count, float bias, boolean relu, boolean affine, float scale, float shift,
                            boolean pool, int from, int to) {
        for (int f = at + from; f < at + to; f++) {
            if (pool && !affine) {
                float v = Math.max(Math.max(s[f], s[f + count]), Math.max(s[f + 2 * count], s[f + 3 * count])) + bias;
                s[f] = relu ? Math.max(v, 0f) : v;
            } else if (pool) {
                float a = finish(s[f], bias, relu, scale, shift), b = finish(s[f + count], bias, relu, scale, shift);
                float c = finish(s[f + 2 * count], bias, relu, scale, shift), d = finish(s[f + 3 * count], bias, relu, scale, shift);
                s[f] = Math.max(Math.max(a, b), Math.max(c, d));
            } else {
                for (int q = f; q < f + 4 * count; q += count) {
                    float v = s[q] + bias;
                    if (relu) v = Math.max(v, 0f);
                    s[q] = affine ? v * scale + shift : v;
                }
            }
        }
    }

    private static float finish(float v, float bias, boolean relu, float scale, float shift) {
        float w = relu ? Math.max(v + bias, 0f) : v + bias;
        return w * scale + shift;
    }
}

package splot.kernel;

/** The elementwise loops in plain Java: the reference for {@link VectorElementwise}, and the fallback without it. */
final class ScalarElementwise implements ElementwiseKernels {
    @Override
    public void dropout(DropoutMask mask, float[] x, float[] out, int from, int to, boolean add) {
        for (int i = from; i < to; i++) {
            float kept = x[i] * Float.intBitsToFloat(mask.bits(i));
            out[i] = add ? out[i] + kept : kept;
        }
    }

    @Override
    public void relu(float[] x, float[] out, int from, int to) {
        for (int i = from; i < to; i++) out[i] = Math.max(x[i], 0f);
    }

    @Override
    public void reluBackward(float[] x, float[] g, float[] gx, int from, int to) {
        for (int i = from; i < to; i++) if (x[i] > 0) gx[i] += g[i];
    }

    @Override
    public void reluGradient(float[] y, int yOff, float[] g, int gOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) out[outOff + i] = y[yOff + i] > 0 ? g[gOff + i] : 0f;
    }

    @Override
    public void tanh(float[] x, float[] out, int from, int to) {
        for (int i = from; i < to; i++) out[i] = (float) Math.tanh(x[i]);
    }

    @Override
    public void tanhBackward(float[] y, float[] g, float[] gx, int from, int to) {
        for (int i = from; i < to; i++) gx[i] += g[i] * (1 - y[i] * y[i]);
    }

    @Override
    public void tanhGradientRun(float[] g, int gOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) g[gOff + i] = 0f + g[gOff + i] * (1f - y[yOff + i] * y[yOff + i]);
    }

    @Override
    public double tanhAvgHalvingGradient(float[] gy, int gyOff, Window2d pool, float[] t, int tOff, float[] dy, int dyOff) {
        return tanhAvgHalvingCells(gy, gyOff, pool, t, tOff, dy, dyOff, 0);
    }

    /** {@link #tanhAvgHalvingGradient} of the plane's cells from {@code first} on (row by row), returning their sum. */
    static double tanhAvgHalvingCells(float[] gy, int gyOff, Window2d pool, float[] t, int tOff, float[] dy, int dyOff,
                                      int first) {
        int width = pool.width(), ow = pool.outW(), pooledRows = 2 * pool.outH(), pooledColumns = 2 * ow;
        double sum = 0;
        for (int y = first / width, x = first - y * width, at = first; y < pool.height(); y++, x = 0) {
            for (; x < width; x++, at++) {
                float s = y < pooledRows && x < pooledColumns ? 0f + gy[gyOff + (y >> 1) * ow + (x >> 1)] * 0.25f : 0f;
                float d = 0f + s * (1f - t[tOff + at] * t[tOff + at]);
                dy[dyOff + at] = d;
                sum += d;
            }
        }
        return sum;
    }

    @Override
    public void mul(float[] a, float[] b, float[] out, int from, int to) {
        for (int i = from; i < to; i++) out[i] = a[i] * b[i];
    }

    @Override
    public void addProduct(float[] a, float[] b, float[] acc, int from, int to) {
        for (int i = from; i < to; i++) acc[i] += a[i] * b[i];
    }

    @Override
    public void add(float[] a, float[] b, float[] out, int from, int to) {
        for (int i = from; i < to; i++) out[i] = a[i] + b[i];
    }

    @Override
    public void biasRun(float[] x, int xOff, float bias, boolean relu, float[] y, int yOff, int n) {
        if (relu) for (int i = 0; i < n; i++) y[yOff + i] = Math.max(x[xOff + i] + bias, 0f);
        else for (int i = 0; i < n; i++) y[yOff + i] = x[xOff + i] + bias;
    }

    @Override
    public void affineRun(float[] x, int off, int n, float scale, float shift) {
        for (int i = off; i < off + n; i++) x[i] = x[i] * scale + shift;
    }

    @Override
    public boolean transposeBlock(float[] src, int srcAt, int srcStride, float[] dst, int dstAt, int dstStride) {
        return false;
    }

    @Override
    public void addTo(float[] a, int aOff, float[] acc, int accOff, int n) {
        for (int i = 0; i < n; i++) acc[accOff + i] += a[aOff + i];
    }

    @Override
    public void copyRuns(float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int dstStride, int n, int runs) {
        for (int r = 0; r < runs; r++) System.arraycopy(src, srcOff + r * srcStride, dst, dstOff + r * dstStride, n);
    }

    @Override
    public boolean col2imNarrow(float[] col, int colOff, int ldCol, Window2d w, float[] x, int xOff) {
        return false;
    }

    @Override
    public void maxPoolRowBiasRelu(float[] x, int top, int width, float bias, float[] y, int o, int n, int limit) {
        maxPoolRow(x, top, width, bias, y, o, n);
    }

    /** {@link #maxPoolRowBiasRelu} writing only y[o, o + n): the reference, and the vector loop's fallback. */
    static void maxPoolRow(float[] x, int top, int width, float bias, float[] y, int o, int n) {
        for (int i = 0; i < n; i++) {
            int q = top + 2 * i;
            float m = Math.max(Math.max(x[q], x[q + 1]), Math.max(x[q + width], x[q + width + 1]));
            y[o + i] = Math.max(m + bias, 0f);
        }
    }

    @Override
    public void avgPoolRow(float[] x, int top, int width, float[] y, int o, int n) {
        for (int i = 0; i < n; i++) {
            int q = top + 2 * i;
            y[o + i] = (0f + x[q] + x[q + 1] + x[q + width] + x[q + width + 1]) * 0.25f;
        }
    }

    @Override
    public void maxPoolRowWinners(float[] x, int top, int width, float[] y, int[] argmax, int o, int at, int n) {
        maxPoolRowWinnersScalar(x, top, width, y, argmax, o, at, n);
    }

    /** {@link #maxPoolRowWinners}: the reference, and the vector loop's fallback. */
    static void maxPoolRowWinnersScalar(float[] x, int top, int width, float[] y, int[] argmax, int o, int at, int n) {
        for (int i = 0; i < n; i++) {
            int q = top + 2 * i;
            int k = Pool2d.halvingWinner(x[q], x[q + 1], x[q + width], x[q + width + 1]);
            int offset = (k >> 1) * width + (k & 1);
            // The value is read back at the winner, so even -0 against 0 comes out as the scan's.
            y[o + i] = x[q + offset];
            argmax[o + i] = at + 2 * i + offset;
        }
    }

    @Override
    public void maxPoolRowBiasReluWinners(float[] x, int top, int width, float bias, float[] y, int[] argmax, int o, int at, int n, int limit) {
        maxPoolRowBiasReluWinnersScalar(x, top, width, bias, y, argmax, o, at, n);
    }

    /** {@link #maxPoolRowBiasReluWinners} writing only [o, o + n): the reference, and the vector loop's fallback. */
    static void maxPoolRowBiasReluWinnersScalar(float[] x, int top, int width, float bias, float[] y, int[] argmax, int o, int at, int n) {
        for (int i = 0; i < n; i++) {
            int q = top + 2 * i;
            int k = Pool2d.halvingWinner(x[q] + bias, x[q + 1] + bias, x[q + width] + bias, x[q + width + 1] + bias);
            int offset = (k >> 1) * width + (k & 1);
            y[o + i] = Math.max(x[q + offset] + bias, 0f);
            argmax[o + i] = at + 2 * i + offset;
        }
    }

    @Override
    public void adam(AdamStep s, float[] p, float[] grad, float[] expAvg, float[] expAvgSq, int from, int to) {
        for (int i = from; i < to; i++) adamOne(s, p, grad, expAvg, expAvgSq, i);
    }

    /** One element of the Adam step; also the vector loop's tail. */
    static void adamOne(AdamStep s, float[] p, float[] grad, float[] expAvg, float[] expAvgSq, int i) {
        if (s.decoupled()) p[i] *= s.shrink();
        float g = grad[i] + s.weightDecay() * p[i];
        expAvg[i] = flushed(s.beta1() * expAvg[i] + s.oneMinusBeta1() * g);
        expAvgSq[i] = flushed(s.beta2() * expAvgSq[i] + s.oneMinusBeta2() * g * g);
        float denom = (float) Math.sqrt(expAvgSq[i]) / s.biasCorrection2Sqrt() + s.eps();
        p[i] -= s.stepSize() * (expAvg[i] / denom);
    }

    /**
     * {@code x}, or zero where it is subnormal (below {@link Float#MIN_NORMAL}, 1.2e-38 in magnitude): for moments
     * that decay geometrically. Where a gradient stays zero (a dead ReLU unit, an image's always-black corner pixel),
     * Adam's first moment shrinks by 0.9 a step into the subnormals and stays there, 0.9 times the least of them
     * rounding back to itself, and x86 computes on subnormals through a microcode assist some hundred times slower:
     * after 3,000 steps of fashion-mlp on Fashion-MNIST 6% of it was, and the optimizer's step took up to twice as
     * long. Flushed, they stay zero. PyTorch keeps them; the difference to its update is below 1e-30.
     */
    static float flushed(float x) {
        return Math.abs(x) < Float.MIN_NORMAL ? 0f : x;
    }
}

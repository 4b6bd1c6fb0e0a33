package splot.kernel;

/**
 * The elementwise loops of {@link Elementwise} over {@code [from, to)}, in two implementations that give the same
 * floats: {@link ScalarElementwise} (plain Java, the reference) and {@link VectorElementwise} (Vector API); tanh
 * alone may differ in the last bit (see {@link #tanh}).
 */
interface ElementwiseKernels {
    /** out = max(x, 0); NaN stays NaN. */
    void relu(float[] x, float[] out, int from, int to);

    /** gx += g where x > 0. */
    void reluBackward(float[] x, float[] g, float[] gx, int from, int to);

    /** out[outOff + i] = y[yOff + i] > 0 ? g[gOff + i] : 0 for i < n: the ReLU's gradient from its output y. */
    void reluGradient(float[] y, int yOff, float[] g, int gOff, float[] out, int outOff, int n);

    /**
     * out = tanh(x). The vector loop uses the Vector API's TANH (SVML, some twenty times faster than Math.tanh),
     * which may round the other way from Math.tanh: at most 1 ulp apart.
     */
    void tanh(float[] x, float[] out, int from, int to);

    /** gx += g * (1 - y * y), the tanh gradient from its output y. */
    void tanhBackward(float[] y, float[] g, float[] gx, int from, int to);

    /**
     * {@code g[gOff + i] = 0 + g[gOff + i] * (1 - y[yOff + i]^2)} for i < n, in place: the gradient of one plane
     * through its tanh, given the tanh's output y, stored as a sum into zeros would be (-0 comes out as +0).
     */
    void tanhGradientRun(float[] g, int gOff, float[] y, int yOff, int n);

    /**
     * One plane's gradient through a 2x2, stride-2 average pool ({@code pool}, one channel, {@link Pool2d#isHalving})
     * and the tanh before it, from the pooled plane's gradient gy (outH x outW) and the tanh's output t (height x width)
     * into dy (height x width): {@code 0 + s * (1 - t^2)} with {@code s = 0 + gy * 0.25} of the window a cell is in,
     * or 0 where no window covers it (a last row or column of an odd size). These are the floats of the pool's
     * backward pass into zeros followed by {@link #tanhGradientRun}. Returns the sum of dy, in double from the scalar
     * loop and from float lanes in the vector one: the two agree within float rounding.
     */
    double tanhAvgHalvingGradient(float[] gy, int gyOff, Window2d pool, float[] t, int tOff, float[] dy, int dyOff);

    /** out = a * b. */
    void mul(float[] a, float[] b, float[] out, int from, int to);

    /** acc += a * b (a product, then a sum: not fused, so both implementations round alike). */
    void addProduct(float[] a, float[] b, float[] acc, int from, int to);

    /** out = a + b. */
    void add(float[] a, float[] b, float[] out, int from, int to);

    /**
     * A convolution's epilogue on one plane: {@code y[yOff + i] = x[xOff + i] + bias} for i < n, then the ReLU
     * {@code max(that, 0)} when {@code relu}. x and y may be the same run.
     */
    void biasRun(float[] x, int xOff, float bias, boolean relu, float[] y, int yOff, int n);

    /** {@code x[off + i] = x[off + i] * scale + shift} for i < n (a product, then a sum: not fused). */
    void affineRun(float[] x, int off, int n, float scale, float shift);

    /** acc[accOff + i] += a[aOff + i] for i < n: the two runs may start at different places. */
    void addTo(float[] a, int aOff, float[] acc, int accOff, int n);

    /**
     * Copies {@code runs} runs of {@code n} floats, run r from {@code src[srcOff + r * srcStride ...]} to
     * {@code dst[dstOff + r * dstStride ...]} ({@code dstStride >= n}; src and dst do not overlap). Nothing outside
     * {@code [dstOff, dstOff + (runs - 1) * dstStride + n)} is written, but the gaps between the runs may be: the
     * caller fills them afterwards.
     */
    void copyRuns(float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int dstStride, int n, int runs);

    /**
     * The 16 x 16 block at {@code src[srcAt...]} (rows {@code srcStride} apart) stored transposed into
     * {@code dst[dstAt...]} (rows {@code dstStride} apart), when this implementation has a faster way than a float at a
     * time: then it returns true, the floats those of the loop in {@link Transpose}. Returns false, having written
     * nothing, when the caller should run that loop. No adding variant: see {@link VectorTranspose16#block}.
     */
    boolean transposeBlock(float[] src, int srcAt, int srcStride, float[] dst, int dstAt, int dstStride);

    /**
     * {@link Im2col#col2im(float[], int, int, Window2d, float[], int)} for one image, when this implementation has a
     * faster way for the window: then it adds the same terms in the same order (so the floats are the generic loop's)
     * and returns true. Returns false, having written nothing, when the caller should run the generic loop.
     */
    boolean col2imNarrow(float[] col, int colOff, int ldCol, Window2d w, float[] x, int xOff);

    /**
     * One output row of a 2x2 max pool at stride 2 over the input rows at {@code x[top...]} and
     * {@code x[top + width...]}, then bias and ReLU: {@code y[o + i] = max(0, max of the window's four + bias)} for
     * i < n. May also write {@code y[o + n, limit)} (a later row's place, which the caller writes after).
     */
    void maxPoolRowBiasRelu(float[] x, int top, int width, float bias, float[] y, int o, int n, int limit);

    /**
     * One output row of a 2x2 average pool at stride 2: {@code y[o + i] = (0 + a + b + c + d) * 0.25}, summed in that
     * order, for the window of i < n, a and b at {@code x[top + 2i]} and the next, c and d {@code width} further on.
     * x and y are distinct arrays.
     */
    void avgPoolRow(float[] x, int top, int width, float[] y, int o, int n);

    /**
     * One output row of a 2x2 max pool at stride 2 with its winners, as {@link Pool2d#halvingWinner} picks them: for
     * i < n, window i is {@code x[top + 2i]}, {@code x[top + 2i + 1]} and the two {@code width} further on; y[o + i] is
     * its winner, read back from x, and argmax[o + i] is {@code at + 2i} plus the winner's offset (0, 1, width or
     * width + 1).
     */
    void maxPoolRowWinners(float[] x, int top, int width, float[] y, int[] argmax, int o, int at, int n);

    /**
     * {@link #maxPoolRowWinners} of {@code x + bias} followed by a ReLU, for a convolution's epilogue in training: the
     * winner is picked among the window's four values plus bias, and {@code y[o + i] = max(0, winner + bias)}. Where
     * that is positive the winner is the one a ReLU before the pool would give; where it is not, y is 0 either way and
     * no gradient flows through the window, whichever input argmax names. May also write y and argmax in
     * {@code [o + n, limit)} (a later row's place, which the caller writes after).
     */
    void maxPoolRowBiasReluWinners(float[] x, int top, int width, float bias, float[] y, int[] argmax, int o, int at, int n, int limit);

    /**
     * out = x * the multiplier {@code mask} gives element i (scale or 0), or out += that product when {@code add}: a
     * dropout's forward pass, and its backward on the output's gradient.
     */
    void dropout(DropoutMask mask, float[] x, float[] out, int from, int to, boolean add);

    /** One Adam step over the elements (no AMSGrad); see {@link AdamStep}. */
    void adam(AdamStep s, float[] p, float[] grad, float[] expAvg, float[] expAvgSq, int from, int to);
}

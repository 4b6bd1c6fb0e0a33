package splot.kernel;

/**
 * Elementwise loops over whole arrays (ReLU, tanh, products, sums, the Adam step): Vector API loops unless the
 * incubator module is missing or {@code -Dsplot.vector=false} is set (then plain scalar ones, giving the same
 * floats), and split across {@link Parallel}'s threads when the arrays are long enough to pay for it.
 */
public final class Elementwise {
    /** Elements below which a second thread costs more than it saves (these loops are bound by memory). */
    static final int PARALLEL_ELEMENTS = 1 << 16;
    /**
     * Elements below which a loop runs on the calling thread when the workers are parked: split, it would wait for two
     * wake-ups (the worker's, then the caller's, some 90 µs each on the 2-vCPU VM of BENCHMARKS.md), about what one
     * thread takes for this many. fashion-cnn's dropout gradient, 409,600 floats: 0.11 ms on one thread, 0.34 split
     * with the worker parked (BENCHMARKS.md, session 29). {@code -Dsplot.asleep.inline=0} splits them all.
     */
    static final int ASLEEP_INLINE_ELEMENTS = Integer.getInteger("splot.asleep.inline", 1 << 19);
    /** Pieces start on multiples of this, so every piece but the last runs whole vectors. */
    private static final int GRAIN = 64;
    /**
     * Elements a kernel call on the calling thread covers at most (a multiple of GRAIN, so chunks run whole vectors
     * too); the Adam step's pieces on the team are cut the same way. Why not one call for a whole array: a loop of
     * thousands of steps in one call is compiled by C2 on the fly (on-stack replacement) while it runs, and the C1
     * code that profiles the loop first jumps into that code before it ever leaves the loop, so C2's ordinary compile
     * of the kernel, made from that profile, treated leaving the loop as never happening and threw itself out the
     * first time it did. The kernel then ran in C1 on boxed vectors, 30-50x slower, until C2 compiled it again:
     * fashion-mlp's ReLU did so at its first inference batch in some runs, and the batches took 1.4-2.0 ms instead of
     * 0.6 for some 40 ms (BENCHMARKS.md, session 13). Short calls are compiled the ordinary way, from a profile that
     * has seen their loops end.
     */
    static final int CHUNK = 1 << 12;

    static final ElementwiseKernels SCALAR = new ScalarElementwise();
    static final ElementwiseKernels KERNELS = choose(System.getProperty("splot.vector"));

    private Elementwise() {
    }

    /** out[i] = max(x[i], 0) for i < n. */
    public static void relu(float[] x, float[] out, int n) {
        ElementwisePriming.ready();
        split(n, (lo, hi) -> KERNELS.relu(x, out, lo, hi));
    }

    /**
     * A ReLU's gradient into gx, for i < n: {@code gx[i] += g[i]} where x[i] > 0 if {@code add}, else {@code gx[i] = x[i] > 0
     * ? g[i] : 0} (gx's contents undefined): storing spares filling the gradient with zeros only to add to them.
     */
    public static void reluBackward(float[] x, float[] g, float[] gx, int n, boolean add) {
        ElementwisePriming.ready();
        if (add) split(n, (lo, hi) -> KERNELS.reluBackward(x, g, gx, lo, hi));
        else split(n, (lo, hi) -> KERNELS.reluGradient(x, lo, g, lo, gx, lo, hi - lo));
    }

    /**
     * out[outOff + i] = y[yOff + i] > 0 ? g[gOff + i] : 0 for i < n, on this thread: a ReLU's gradient inside a
     * kernel's own loop (a convolution's backward pass).
     */
    public static void reluGradientRun(float[] y, int yOff, float[] g, int gOff, float[] out, int outOff, int n) {
        ElementwisePriming.ready();
        KERNELS.reluGradient(y, yOff, g, gOff, out, outOff, n);
    }

    /** x[i] = max(x[i], 0) for i in [from, to), on this thread: for a kernel's own loop (a dense layer's product). */
    public static void reluRun(float[] x, int from, int to) {
        ElementwisePriming.ready();
        KERNELS.relu(x, x, from, to);
    }

    /** out[i] = tanh(x[i]) for i < n (the vector loop within 1 ulp of Math.tanh). */
    public static void tanh(float[] x, float[] out, int n) {
        ElementwisePriming.ready();
        split(n, (lo, hi) -> KERNELS.tanh(x, out, lo, hi));
    }

    /** x[i] = tanh(x[i]) for i in [from, to), on this thread: for a kernel's own loop (a convolution's epilogue). */
    public static void tanhRun(float[] x, int from, int to) {
        ElementwisePriming.ready();
        KERNELS.tanh(x, x, from, to);
    }

    /** gx[i] += g[i] * (1 - y[i]^2) for i < n, where y = tanh(x). */
    public static void tanhBackward(float[] y, float[] g, float[] gx, int n) {
        ElementwisePriming.ready();
        split(n, (lo, hi) -> KERNELS.tanhBackward(y, g, gx, lo, hi));
    }

    /** The tanh's gradient of one plane in place, on this thread: see {@link ElementwiseKernels#tanhGradientRun}. */
    public static void tanhGradientRun(float[] g, int gOff, float[] y, int yOff, int n) {
        KERNELS.tanhGradientRun(g, gOff, y, yOff, n);
    }

    /**
     * One plane's gradient through an average pool that halves it and the tanh before it: see
     * {@link ElementwiseKernels#tanhAvgHalvingGradient}.
     */
    public static double tanhAvgHalvingGradient(float[] gy, int gyOff, Window2d pool, float[] t, int tOff, float[] dy, int dyOff) {
        return KERNELS.tanhAvgHalvingGradient(gy, gyOff, pool, t, tOff, dy, dyOff);
    }

    /** out[i] = a[i] * b[i] for i < n. */
    public static void mul(float[] a, float[] b, float[] out, int n) {
        split(n, (lo, hi) -> KERNELS.mul(a, b, out, lo, hi));
    }

    /** acc[i] += a[i] * b[i] for i < n. */
    public static void addProduct(float[] a, float[] b, float[] acc, int n) {
        split(n, (lo, hi) -> KERNELS.addProduct(a, b, acc, lo, hi));
    }

    /** out[i] = a[i] + b[i] for i < n. */
    public static void add(float[] a, float[] b, float[] out, int n) {
        split(n, (lo, hi) -> KERNELS.add(a, b, out, lo, hi));
    }

    /** acc[i] += a[i] for i < n. */
    public static void addTo(float[] a, float[] acc, int n) {
        split(n, (lo, hi) -> KERNELS.addTo(a, lo, acc, lo, hi - lo));
    }

    /**
     * out[i] = a[i] * b[i] for i < n, or a[i] alone when b is null; added to out when {@code add}, stored over whatever
     * it held otherwise: the gradient of a sum or a product, stored where the input has none yet.
     */
    public static void storeOrAdd(float[] a, float[] b, float[] out, int n, boolean add) {
        if (b == null && add) addTo(a, out, n);
        else if (b == null) copy(a, out, n);
        else if (add) addProduct(a, b, out, n);
        else mul(a, b, out, n);
    }

    /**
     * out[i] = a[i] for i < n, split as the loops around it are: each thread copies the part of a batch it works on
     * in the loops before and after. On the calling thread alone, the Flatten's gradient behind a dense layer
     * (fashion-cnn's 128 x 3,200) read half of a from the other core's cache and wrote all of out in its own, where
     * the dropout gradient after it, split, then read half back: on two threads the two ops took 0.110 and 0.141 ms
     * against 0.098-0.100 and 0.089-0.096 on one; split, 0.069 and 0.054. fashion-cnn's training step 0.985 and 0.975
     * of the time, mnist-cnn's 0.989 and 0.970 (bench/ab.sh, both listing orders; session 50).
     */
    private static void copy(float[] a, float[] out, int n) {
        split(n, (lo, hi) -> System.arraycopy(a, lo, out, lo, hi - lo));
    }

    /**
     * parts[0][i] += parts[1][i], then += parts[2][i], and so on up to parts[count - 1], for i < n: the parts added in
     * their order, so the sums are the same floats whichever thread takes which elements.
     */
    public static void addParts(float[][] parts, int count, int n) {
        split(n, (lo, hi) -> {
            for (int part = 1; part < count; part++) KERNELS.addTo(parts[part], lo, parts[0], lo, hi - lo);
        });
    }

    /**
     * y[yOff + i] = x[xOff + i] + bias, then max(that, 0) when {@code relu}, for i < n, on this thread: a convolution's
     * epilogue on one plane. x and y may be the same run.
     */
    public static void biasRun(float[] x, int xOff, float bias, boolean relu, float[] y, int yOff, int n) {
        KERNELS.biasRun(x, xOff, bias, relu, y, yOff, n);
    }

    /** x[off + i] = x[off + i] * scale + shift for i < n, on this thread: an affine map folded into an epilogue. */
    public static void affineRun(float[] x, int off, int n, float scale, float shift) {
        KERNELS.affineRun(x, off, n, scale, shift);
    }

    /** acc[accOff + i] += a[aOff + i] for i < n, on this thread: for short runs inside a kernel's own loop. */
    public static void addRun(float[] a, int aOff, float[] acc, int accOff, int n) {
        KERNELS.addTo(a, aOff, acc, accOff, n);
    }

    /** See {@link ElementwiseKernels#copyRuns}: short runs of a kernel's own loop (im2col), on this thread. */
    public static void copyRuns(float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int dstStride, int n, int runs) {
        KERNELS.copyRuns(src, srcOff, srcStride, dst, dstOff, dstStride, n, runs);
    }

    /**
     * out[i] = x[i] times element i's multiplier in {@code mask} (its scale or 0), or out[i] += that when {@code add},
     * for i < n: a dropout's forward pass, and its backward pass on the output's gradient, which recomputes the mask.
     */
    public static void dropout(DropoutMask mask, float[] x, float[] out, int n, boolean add) {
        ElementwisePriming.ready();
        split(n, (lo, hi) -> KERNELS.dropout(mask, x, out, lo, hi, add));
    }

    /** One Adam step (no AMSGrad) over all of {@code p}, updating the two moment buffers in place. */
    public static void adam(AdamStep step, float[] p, float[] grad, float[] expAvg, float[] expAvgSq) {
        ElementwisePriming.ready();
        // Called directly when small, so no lambda is made and an optimizer step allocates nothing.
        if (p.length < PARALLEL_ELEMENTS) adamChunks(step, p, grad, expAvg, expAvgSq, 0, p.length);
        else Parallel.forRange(0, p.length, GRAIN, (lo, hi) -> adamChunks(step, p, grad, expAvg, expAvgSq, lo, hi));
    }

    /** {@code x}, or zero where it is subnormal: what {@link #adam} stores for a moment (see the scalar kernel's {@code flushed}). */
    public static float flushSubnormal(float x) {
        return ScalarElementwise.flushed(x);
    }

    private static void adamChunks(AdamStep step, float[] p, float[] grad, float[] expAvg, float[] expAvgSq, int from, int to) {
        for (int lo = from; lo < to; lo += CHUNK) KERNELS.adam(step, p, grad, expAvg, expAvgSq, lo, Math.min(to, lo + CHUNK));
    }

    private static void split(int n, Parallel.Range body) {
        if (n >= PARALLEL_ELEMENTS && (n >= ASLEEP_INLINE_ELEMENTS || !Parallel.workersAsleep())) {
            Parallel.forRange(0, n, GRAIN, body);
            return;
        }
        // Only this path is cut into chunks: a chunking wrapper around the team's pieces as well was one more method
        // calling every op's body, which C2 compiled on its own and threw out each time another op came.
        for (int lo = 0; lo < n; lo += CHUNK) body.run(lo, Math.min(n, lo + CHUNK));
    }

    /** The vector loops unless {@code vectorProperty} is "false" or the Vector API is missing. */
    static ElementwiseKernels choose(String vectorProperty) {
        if ("false".equalsIgnoreCase(vectorProperty)) return SCALAR;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return SCALAR;
        return VectorSupport.kernels();
    }

    /** Keeps the reference to the Vector API class out of Elementwise's own method bodies until it is known to load. */
    private static final class VectorSupport {
        static ElementwiseKernels kernels() {
            return VectorElementwise.L >= 2 ? new VectorElementwise() : SCALAR;
        }
    }
}

package splot.kernel;

import java.util.Arrays;

/**
 * Max and average pooling over the planes of (C, H, W) images. A {@link Window2d} gives the window (its
 * channel count is the number of planes to process); padding is "outside": it never wins a max and counts as
 * zero in an average.
 *
 * <p>Planes are independent, so large calls split them across threads ({@link Parallel}). The common 2x2
 * window with stride 2 and no padding has its own loop (four loads, three compares per output); every other
 * window goes through the general loop, which clips each window's rows and columns to the image once so the
 * inner loop has no bounds test. Both give the same numbers: the {@code *Reference} methods are the general
 * loop alone, for tests.
 */
public final class Pool2d {
    /** Input floats below which a second thread costs more than it saves. */
    static final int PARALLEL_FLOATS = 1 << 15;

    private Pool2d() {
    }

    /**
     * Max of each window into {@code y}; {@code argmax}, unless null (inference needs no backward), receives the
     * position of the winner inside its plane (first max in row-major window order on ties; NaN wins, as in PyTorch).
     * Without argmax the 2x2 path takes Math.max, whose only difference is that a window holding both -0 and 0
     * gives 0 whichever comes first.
     */
    public static void maxForward(float[] x, int xOff, Window2d w, float[] y, int[] argmax, int yOff) {
        forPlanes(w, (from, to) -> maxPlanes(x, xOff, w, y, argmax, yOff, from, to));
    }

    /**
     * {@link #maxForward} on this thread, without a lambda: for a convolution's epilogue, one plane at a time (there a
     * lambda per plane was, with the parameters' gradients, what was left of a training step's allocations).
     */
    public static void maxPlane(float[] x, int xOff, Window2d w, float[] y, int[] argmax, int yOff) {
        maxPlanes(x, xOff, w, y, argmax, yOff, 0, w.channels());
    }

    private static void maxPlanes(float[] x, int xOff, Window2d w, float[] y, int[] argmax, int yOff, int from, int to) {
        boolean fast = isHalving(w);
        if (fast && argmax == null) maxHalvingValues(x, xOff, w, y, yOff, from, to);
        else if (fast) maxHalving(x, xOff, w, y, argmax, yOff, from, to);
        else maxGeneral(x, xOff, w, y, argmax, yOff, from, to);
    }

    /**
     * One plane's 2x2 max pool of {@code x + bias} followed by a ReLU: {@code y = max(0, max(window) + bias)}, which
     * equals pooling after the ReLU since both adding the bias and the ReLU keep order, with a fourth of the ReLUs
     * and no pass over the plane before pooling. A NaN in a window gives NaN either way. Needs a halving window
     * ({@link #isHalving}); for a convolution's epilogue in inference, where no winners are kept.
     */
    public static void maxHalvingBiasRelu(float[] x, int xOff, Window2d w, float bias, float[] y, int yOff) {
        int width = w.width(), oh = w.outH(), ow = w.outW(), end = yOff + oh * ow;
        for (int oy = 0; oy < oh; oy++) {
            // A row may spill into the rows after it, which are written next; the plane's last row may not.
            int o = yOff + oy * ow;
            Elementwise.KERNELS.maxPoolRowBiasRelu(x, xOff + 2 * oy * width, width, bias, y, o, ow, oy < oh - 1 ? end : o + ow);
        }
    }

    /**
     * One plane's 2x2 max pool of {@code x + bias} with its winners, then a ReLU: {@code y = max(0, winner + bias)}, the
     * winner picked among the window's values plus bias ({@link ElementwiseKernels#maxPoolRowBiasReluWinners}). y and
     * the gradients through the winners are what a ReLU before the pool would give, with no pass over the plane
     * before pooling. Needs a halving window ({@link #isHalving}); for a convolution's epilogue in training.
     */
    public static void maxHalvingBiasReluWinners(float[] x, int xOff, Window2d w, float bias, float[] y, int[] argmax, int yOff) {
        int width = w.width(), oh = w.outH(), ow = w.outW(), end = yOff + oh * ow;
        for (int oy = 0; oy < oh; oy++) {
            int o = yOff + oy * ow, top = 2 * oy * width;
            Elementwise.KERNELS.maxPoolRowBiasReluWinners(x, xOff + top, width, bias, y, argmax, o, top, ow, oy < oh - 1 ? end : o + ow);
        }
    }

    /** {@link #maxForward} by the general loop on one thread: the reference the fast path is tested against. */
    static void maxForwardReference(float[] x, int xOff, Window2d w, float[] y, int[] argmax, int yOff) {
        maxGeneral(x, xOff, w, y, argmax, yOff, 0, w.channels());
    }

    /**
     * Adds each output gradient to the input that won its window; unless {@code add}, into planes of zeros (each
     * filled as its turn comes, while it stays in cache), whatever gx held.
     */
    public static void maxBackward(float[] gy, int[] argmax, int yOff, Window2d w, float[] gx, int xOff, boolean add) {
        forPlanes(w, (from, to) -> {
            if (!add) Arrays.fill(gx, xOff + from * w.inPlane(), xOff + to * w.inPlane(), 0f);
            for (int c = from; c < to; c++) {
                int plane = xOff + c * w.inPlane(), out = yOff + c * w.outPlane();
                for (int o = 0; o < w.outPlane(); o++) gx[plane + argmax[out + o]] += gy[out + o];
            }
        });
    }

    /** Mean of each window, padding counted as zeros (PyTorch's count_include_pad=True): sum / (kh * kw). */
    public static void avgForward(float[] x, int xOff, Window2d w, float[] y, int yOff) {
        forPlanes(w, (from, to) -> avgPlanes(x, xOff, w, y, yOff, from, to));
    }

    /** {@link #avgForward} by the general loop on one thread. */
    static void avgForwardReference(float[] x, int xOff, Window2d w, float[] y, int yOff) {
        avgGeneral(x, xOff, w, y, yOff, 0, w.channels());
    }

    /**
     * Spreads each output gradient evenly over its window's inputs inside the image; unless {@code add}, into planes
     * of zeros, as {@link #maxBackward}.
     */
    public static void avgBackward(float[] gy, int yOff, Window2d w, float[] gx, int xOff, boolean add) {
        forPlanes(w, (from, to) -> {
            if (!add) Arrays.fill(gx, xOff + from * w.inPlane(), xOff + to * w.inPlane(), 0f);
            avgBackPlanes(gy, yOff, w, gx, xOff, from, to);
        });
    }

    /** {@link #avgBackward} by the general loop on one thread. */
    static void avgBackwardReference(float[] gy, int yOff, Window2d w, float[] gx, int xOff) {
        avgBackGeneral(gy, yOff, w, gx, xOff, 0, w.channels());
    }

    /**
     * {@link #avgForward} on this thread, without a lambda: for a convolution's epilogue, one plane at a time (a
     * lambda's call site shared with the pooling op saw a new class when inference came, and was compiled again).
     */
    public static void avgPlane(float[] x, int xOff, Window2d w, float[] y, int yOff) {
        avgPlanes(x, xOff, w, y, yOff, 0, w.channels());
    }

    /** {@link #avgBackward} on this thread, without a lambda (see {@link #avgPlane}). */
    public static void avgBackPlane(float[] gy, int yOff, Window2d w, float[] gx, int xOff) {
        avgBackPlanes(gy, yOff, w, gx, xOff, 0, w.channels());
    }

    /** Planes [from, to) of {@link #avgForward}: the halving loop where it applies, else the general one. */
    private static void avgPlanes(float[] x, int xOff, Window2d w, float[] y, int yOff, int from, int to) {
        if (isHalving(w)) avgHalving(x, xOff, w, y, yOff, from, to);
        else avgGeneral(x, xOff, w, y, yOff, from, to);
    }

    /** Planes [from, to) of {@link #avgBackward}, as {@link #avgPlanes}. */
    private static void avgBackPlanes(float[] gy, int yOff, Window2d w, float[] gx, int xOff, int from, int to) {
        if (isHalving(w)) avgBackHalving(gy, yOff, w, gx, xOff, from, to);
        else avgBackGeneral(gy, yOff, w, gx, xOff, from, to);
    }

    /**
     * Which of a 2x2 window's values a (top left), b, c, d (bottom right) wins its max: 0 to 3, the first of equal
     * values in that order, and the first NaN if there is one (as PyTorch). From compares turned into 0/1 integers,
     * not branches: on real data the winner is a coin toss that a branch predictor keeps losing. Strict > keeps the
     * first of equal values, and the top pair wins a tie with the bottom one: the same winner as scanning a, b, c, d.
     */
    public static int halvingWinner(float a, float b, float c, float d) {
        int right = b > a ? 1 : 0, rightBottom = d > c ? 1 : 0;
        int bottom = Math.max(c, d) > Math.max(a, b) ? 1 : 0;
        int k = bottom * (2 + rightBottom) + (1 - bottom) * right;
        if (a + b + c + d != a + b + c + d) {
            // Some input is NaN (or +inf meets -inf): the first NaN wins, else the max found stands.
            if (a != a) k = 0;
            else if (b != b) k = 1;
            else if (c != c) k = 2;
            else if (d != d) k = 3;
        }
        return k;
    }

    /** The 2x2 window, stride 2, no padding, no dilation: each output reads its own 2x2 block. */
    public static boolean isHalving(Window2d w) {
        return w.kernelH() == 2 && w.kernelW() == 2 && w.strideH() == 2 && w.strideW() == 2 && w.padTop() == 0
                && w.padLeft() == 0 && w.dilationH() == 1 && w.dilationW() == 1
                && 2 * w.outH() <= w.height() && 2 * w.outW() <= w.width();
    }

    private static void forPlanes(Window2d w, Parallel.Range body) {
        if ((long) w.channels() * w.inPlane() < PARALLEL_FLOATS) body.run(0, w.channels());
        else Parallel.forRange(0, w.channels(), body);
    }

    private static void maxHalving(float[] x, int xOff, Window2d w, float[] y, int[] argmax, int yOff, int from, int to) {
        int width = w.width(), oh = w.outH(), ow = w.outW();
        for (int c = from; c < to; c++) {
            int plane = xOff + c * w.inPlane(), out = yOff + c * w.outPlane();
            for (int oy = 0; oy < oh; oy++) {
                int top = 2 * oy * width;
                Elementwise.KERNELS.maxPoolRowWinners(x, plane + top, width, y, argmax, out + oy * ow, top, ow);
            }
        }
    }

    /** The 2x2 max without positions: two Math.max of pairs and one of the results, no compare to branch on. */
    private static void maxHalvingValues(float[] x, int xOff, Window2d w, float[] y, int yOff, int from, int to) {
        int width = w.width(), oh = w.outH(), ow = w.outW();
        for (int c = from; c < to; c++) {
            int plane = xOff + c * w.inPlane(), out = yOff + c * w.outPlane();
            for (int oy = 0; oy < oh; oy++) {
                int top = plane + 2 * oy * width, o = out + oy * ow;
                for (int ox = 0; ox < ow; ox++) {
                    int q = top + 2 * ox;
                    y[o + ox] = Math.max(Math.max(x[q], x[q + 1]), Math.max(x[q + width], x[q + width + 1]));
                }
            }
        }
    }

    private static void avgHalving(float[] x, int xOff, Window2d w, float[] y, int yOff, int from, int to) {
        int width = w.width(), oh = w.outH(), ow = w.outW();
        for (int c = from; c < to; c++) {
            int plane = xOff + c * w.inPlane(), out = yOff + c * w.outPlane();
            // Summed in the general loop's order (row by row) so both give the same float.
            for (int oy = 0; oy < oh; oy++) Elementwise.KERNELS.avgPoolRow(x, plane + 2 * oy * width, width, y, out + oy * ow, ow);
        }
    }

    private static void avgBackHalving(float[] gy, int yOff, Window2d w, float[] gx, int xOff, int from, int to) {
        int width = w.width(), oh = w.outH(), ow = w.outW();
        for (int c = from; c < to; c++) {
            int plane = xOff + c * w.inPlane(), out = yOff + c * w.outPlane();
            for (int oy = 0; oy < oh; oy++) {
                int top = plane + 2 * oy * width, o = out + oy * ow;
                for (int ox = 0; ox < ow; ox++) {
                    int q = top + 2 * ox;
                    float share = gy[o + ox] * 0.25f;
                    gx[q] += share;
                    gx[q + 1] += share;
                    gx[q + width] += share;
                    gx[q + width + 1] += share;
                }
            }
        }
    }

    private static void maxGeneral(float[] x, int xOff, Window2d w, float[] y, int[] argmax, int yOff, int from, int to) {
        for (int c = from; c < to; c++) {
            int plane = xOff + c * w.inPlane(), out = yOff + c * w.outPlane();
            for (int oy = 0; oy < w.outH(); oy++) {
                int y0 = oy * w.strideH() - w.padTop();
                int r0 = Math.max(0, y0), r1 = Math.min(w.height(), y0 + (w.kernelH() - 1) * w.dilationH() + 1);
                for (int ox = 0; ox < w.outW(); ox++) {
                    int x0 = ox * w.strideW() - w.padLeft();
                    int c0 = Math.max(0, x0), c1 = Math.min(w.width(), x0 + (w.kernelW() - 1) * w.dilationW() + 1);
                    float best = Float.NEGATIVE_INFINITY;
                    int at = -1;
                    for (int r = firstTap(r0, y0, w.dilationH()); r < r1; r += w.dilationH()) {
                        int rowAt = r * w.width();
                        for (int q = firstTap(c0, x0, w.dilationW()); q < c1; q += w.dilationW()) {
                            float v = x[plane + rowAt + q];
                            // NaN wins and then stays: v != v is the NaN test, done only where v did not win.
                            if (v > best || at < 0 || v != v && best == best) {
                                best = v;
                                at = rowAt + q;
                            }
                        }
                    }
                    y[out + oy * w.outW() + ox] = best;
                    if (argmax != null) argmax[out + oy * w.outW() + ox] = at;
                }
            }
        }
    }

    private static void avgGeneral(float[] x, int xOff, Window2d w, float[] y, int yOff, int from, int to) {
        float scale = 1f / (w.kernelH() * w.kernelW());
        for (int c = from; c < to; c++) {
            int plane = xOff + c * w.inPlane(), out = yOff + c * w.outPlane();
            for (int oy = 0; oy < w.outH(); oy++) {
                int y0 = oy * w.strideH() - w.padTop();
                int r0 = Math.max(0, y0), r1 = Math.min(w.height(), y0 + (w.kernelH() - 1) * w.dilationH() + 1);
                for (int ox = 0; ox < w.outW(); ox++) {
                    int x0 = ox * w.strideW() - w.padLeft();
                    int c0 = Math.max(0, x0), c1 = Math.min(w.width(), x0 + (w.kernelW() - 1) * w.dilationW() + 1);
                    float sum = 0;
                    for (int r = firstTap(r0, y0, w.dilationH()); r < r1; r += w.dilationH())
                        for (int q = firstTap(c0, x0, w.dilationW()); q < c1; q += w.dilationW()) sum += x[plane + r * w.width() + q];
                    y[out + oy * w.outW() + ox] = sum * scale;
                }
            }
        }
    }

    private static void avgBackGeneral(float[] gy, int yOff, Window2d w, float[] gx, int xOff, int from, int to) {
        float scale = 1f / (w.kernelH() * w.kernelW());
        for (int c = from; c < to; c++) {
            int plane = xOff + c * w.inPlane(), out = yOff + c * w.outPlane();
            for (int oy = 0; oy < w.outH(); oy++) {
                int y0 = oy * w.strideH() - w.padTop();
                int r0 = Math.max(0, y0), r1 = Math.min(w.height(), y0 + (w.kernelH() - 1) * w.dilationH() + 1);
                for (int ox = 0; ox < w.outW(); ox++) {
                    int x0 = ox * w.strideW() - w.padLeft();
                    int c0 = Math.max(0, x0), c1 = Math.min(w.width(), x0 + (w.kernelW() - 1) * w.dilationW() + 1);
                    float share = gy[out + oy * w.outW() + ox] * scale;
                    for (int r = firstTap(r0, y0, w.dilationH()); r < r1; r += w.dilationH())
                        for (int q = firstTap(c0, x0, w.dilationW()); q < c1; q += w.dilationW()) gx[plane + r * w.width() + q] += share;
                }
            }
        }
    }

    /** The first tap position at or after {@code clipped} on the grid {@code start + k * dilation}. */
    private static int firstTap(int clipped, int start, int dilation) {
        return start + Math.ceilDiv(clipped - start, dilation) * dilation;
    }
}

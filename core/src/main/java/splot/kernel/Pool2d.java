package splot.kernel;

/**
 * Max and average pooling over the planes of (C, H, W) images, one plane at a time. A
 * {@link Window2d} gives the window (its channel count is the number of planes to process);
 * padding is "outside": it never wins a max and counts as zero in an average.
 * Each window's rows and columns are clipped to the image once, so the inner loop has no bounds test.
 */
public final class Pool2d {
    private Pool2d() {
    }

    /**
     * Max of each window into {@code y}; {@code argmax} receives the position of the winner inside
     * its plane (first max in row-major window order on ties; NaN wins, as in PyTorch).
     */
    public static void maxForward(float[] x, int xOff, Window2d w, float[] y, int[] argmax, int yOff) {
        for (int c = 0; c < w.channels(); c++) {
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
                            if (v > best || at < 0 || Float.isNaN(v) && !Float.isNaN(best)) {
                                best = v;
                                at = rowAt + q;
                            }
                        }
                    }
                    y[out + oy * w.outW() + ox] = best;
                    argmax[out + oy * w.outW() + ox] = at;
                }
            }
        }
    }

    /** Adds each output gradient to the input that won its window ({@code +=}). */
    public static void maxBackward(float[] gy, int[] argmax, int yOff, Window2d w, float[] gx, int xOff) {
        for (int c = 0; c < w.channels(); c++) {
            int plane = xOff + c * w.inPlane(), out = yOff + c * w.outPlane();
            for (int o = 0; o < w.outPlane(); o++) gx[plane + argmax[out + o]] += gy[out + o];
        }
    }

    /** Mean of each window, padding counted as zeros (PyTorch's count_include_pad=True): sum / (kh * kw). */
    public static void avgForward(float[] x, int xOff, Window2d w, float[] y, int yOff) {
        float scale = 1f / (w.kernelH() * w.kernelW());
        for (int c = 0; c < w.channels(); c++) {
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

    /** Spreads each output gradient evenly over its window's inputs inside the image ({@code +=}). */
    public static void avgBackward(float[] gy, int yOff, Window2d w, float[] gx, int xOff) {
        float scale = 1f / (w.kernelH() * w.kernelW());
        for (int c = 0; c < w.channels(); c++) {
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

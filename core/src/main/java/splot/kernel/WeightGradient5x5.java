package splot.kernel;

/**
 * The weight gradient of a 5 x 5, stride-1 convolution that reads no padding, from its input and its output's
 * gradient, without im2col: LeNet-5's second layer (6 x 14 x 14 in, 16 maps of 10 x 10). Where output channels fill
 * one vector exactly (16 on AVX-512), each position adds the outer product of its 25 inputs and its row of dy (the
 * output channels' gradients there) to 25 vector accumulators; dy is taken transposed, a row of channels a position.
 *
 * <p>Why: the im2col GEMM writes a column matrix 25 times the input's channel, and its product, 150 x 16 by a depth of
 * the positions, runs as dot products (16 columns are too few for a packed tile): 10.3 us an image on one core, against
 * 6.1 this way with dy's transpose (BENCHMARKS.md, session 38). The sums run over the images and positions in another
 * order than the GEMM's: within float rounding of it.
 */
public final class WeightGradient5x5 {
    /** Lanes of the vector loop, or 0 where it is not used (no Vector API, or {@code -Dsplot.vector=false}). */
    private static final int LANES = lanes(System.getProperty("splot.vector"));

    private WeightGradient5x5() {
    }

    /** Output channels a group this takes: the vector width, or 0 where the vector loop is not used. */
    public static int channels() {
        return LANES;
    }

    /** Whether this computes the weight gradient of {@code win} with {@code og} output channels a group. */
    public static boolean fits(Window2d win, int og) {
        return LANES > 0 && og == LANES && win.kernelH() == 5 && win.kernelW() == 5 && win.strideH() == 1
                && win.strideW() == 1 && win.dilationH() == 1 && win.dilationW() == 1 && win.padTop() == 0
                && win.padLeft() == 0 && win.outH() + 4 <= win.height() && win.outW() + 4 <= win.width();
    }

    /**
     * Adds to {@code gwT[gOff + t * og + o]} (tap t = 5i + j of one input channel, output channel o) the sum over
     * images b < images and positions (y, q) of {@code x[xOff + b * imageStride + (y + i) * width + q + j]} times
     * {@code dyT[((b * outH + y) * outW + q) * og + o]}: one input channel's plane in each image, and dy of the same
     * images transposed (positions x og). {@code win} must {@link #fits fit}.
     */
    public static void add(float[] x, int xOff, int imageStride, int images, Window2d win, float[] dyT, float[] gwT,
                           int gOff) {
        VectorWeightGradient5x5.add(x, xOff, imageStride, images, win.width(), win.outH(), win.outW(), dyT, gwT, gOff);
    }

    private static int lanes(String vectorProperty) {
        if ("false".equalsIgnoreCase(vectorProperty)) return 0;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return 0;
        return VectorSupport.lanes();
    }

    /** Keeps the reference to the Vector API class out of this class's own method bodies until it is known to load. */
    private static final class VectorSupport {
        static int lanes() {
            return VectorWeightGradient5x5.L;
        }
    }
}

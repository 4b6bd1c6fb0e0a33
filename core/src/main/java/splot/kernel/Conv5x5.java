package splot.kernel;

/**
 * A 5 x 5, stride-1 convolution that reads no padding, with as many output maps a group as a vector holds (16 on
 * AVX-512), straight from its input: y and the weight gradient, without im2col. LeNet-5's second layer (6 x 14 x 14 in,
 * 16 maps of 10 x 10) is one. Both keep a vector of maps in each register: y comes out transposed (a row of maps a
 * position) and dW takes dy transposed the same way; the caller transposes.
 *
 * <p>Why: with 16 maps the im2col GEMMs are thin. y is (16 x 150) x (150 x positions), its column matrix 25 times the
 * input's channel and read in place with a stride of a row; dW is 150 x 16 by a depth of the positions, which runs as
 * dot products (16 columns are too few for a packed tile). On one core, LeNet-5's second layer's forward pass (its
 * epilogue included) took 0.93 ms a training batch against 1.28 by im2col and GEMM, 1.79 an inference batch against
 * 2.42; dW 6.1 us an image against 10.3 (BENCHMARKS.md, session 38). y's sums run over the channels and taps in order
 * from zero, as the GEMM's do: the same floats. dW's run over the images and positions in another order than the
 * GEMM's: within float rounding of it.
 */
public final class Conv5x5 {
    /** Lanes of the vector loops, or 0 where they are not used (no Vector API, or {@code -Dsplot.vector=false}). */
    private static final int LANES = lanes(System.getProperty("splot.vector"));
    /** Outputs of a row that y computes at a time: a row needs at least this many. */
    static final int ROW_BLOCK = 8;

    private Conv5x5() {
    }

    /** Output maps a group this takes: the vector width, or 0 where the vector loops are not used. */
    public static int maps() {
        return LANES;
    }

    /** Whether this computes y and dW of {@code win} with {@code og} output maps a group. */
    public static boolean fits(Window2d win, int og) {
        return LANES > 0 && og == LANES && win.kernelH() == 5 && win.kernelW() == 5 && win.strideH() == 1
                && win.strideW() == 1 && win.dilationH() == 1 && win.dilationW() == 1 && win.padTop() == 0
                && win.padLeft() == 0 && win.outH() + 4 <= win.height() && win.outW() + 4 <= win.width()
                && win.outW() >= ROW_BLOCK;
    }

    /**
     * y of one image transposed: {@code yT[yOff + (y * outW + q) * og + o]} is the sum over input channels c and taps
     * (i, j) of {@code x[xOff + c * inPlane + (y + i) * width + q + j]} times {@code wT[((c * 5 + i) * 5 + j) * og + o]},
     * the weights transposed (channels x 25 taps x og). {@code win} must {@link #fits fit}.
     */
    public static void forward(float[] x, int xOff, Window2d win, float[] wT, float[] yT, int yOff) {
        Primed.ready();
        VectorConv5x5.forward(x, xOff, win.channels(), win.inPlane(), win.width(), win.outH(), win.outW(), wT, yT, yOff);
    }

    /**
     * Adds to {@code gwT[gOff + t * og + o]} (tap t = 5i + j of one input channel, output map o) the sum over images
     * b < images and positions (y, q) of {@code x[xOff + b * imageStride + (y + i) * width + q + j]} times
     * {@code dyT[((b * outH + y) * outW + q) * og + o]}: one input channel's plane in each image, and dy of the same
     * images transposed (positions x og). {@code win} must {@link #fits fit}.
     */
    public static void addWeightGradient(float[] x, int xOff, int imageStride, int images, Window2d win, float[] dyT,
                                         float[] gwT, int gOff) {
        Primed.ready();
        VectorConv5x5.addWeightGradient(x, xOff, imageStride, images, win.width(), win.outH(), win.outW(), dyT, gwT, gOff);
    }

    /**
     * Both loops, primed when this class is first used, as {@link LoopPriming}'s are: calls on one row of one image, each
     * a few loop steps, so that they ask C2 for the ordinary compile (which the launcher's compiler directives have them
     * wait for) before a real call's long loops ask for an on-stack one. Unprimed, C2 compiled dW's loop on stack for
     * 163 ms inside lenet5's training window (BENCHMARKS.md, session 38).
     */
    private static final class Primed {
        static {
            int width = ROW_BLOCK + 4;
            float[] x = new float[5 * width], wT = new float[25 * LANES], yT = new float[ROW_BLOCK * LANES];
            float[] gwT = new float[25 * LANES];
            for (int i = 0; i < LoopPriming.CALLS; i++) {
                VectorConv5x5.forward(x, 0, 1, 5 * width, width, 1, ROW_BLOCK, wT, yT, 0);
                VectorConv5x5.addWeightGradient(x, 0, 0, 1, width, 1, 1, yT, gwT, 0);
            }
        }

        private Primed() {
        }

        /** Returns once both loops are primed. */
        static void ready() {
        }
    }

    private static int lanes(String vectorProperty) {
        if ("false".equalsIgnoreCase(vectorProperty)) return 0;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return 0;
        return VectorSupport.lanes();
    }

    /** Keeps the reference to the Vector API class out of this class's own method bodies until it is known to load. */
    private static final class VectorSupport {
        static int lanes() {
            return VectorConv5x5.L;
        }
    }
}

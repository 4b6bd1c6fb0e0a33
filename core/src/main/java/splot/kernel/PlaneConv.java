package splot.kernel;

import java.util.Arrays;

/**
 * A stride-1 convolution of one-channel images (LeNet's first layer: 1 x 28 x 28, 5 x 5 taps, padding 2, 6 maps)
 * computed from the zero-padded input plane, without im2col.
 *
 * <p>Why: with one input channel the im2col GEMM is (Cout x kh kw) x (kh kw x pixels), 6 x 25 for LeNet. Its
 * column matrix is 25 times the image, written and packed again for a GEMM too thin to run near the FMA peak:
 * LeNet's first layer ran at 25 GFLOPS a core that way. Here each tap is one unaligned load of the padded plane
 * reused by several output channels (BENCHMARKS.md, session 37).
 *
 * <p>The padded plane has rows of {@code wp} floats, a multiple of the vector width at least {@code outW + kw - 1}
 * wide. Output (oy, ox) is then the sum over taps (i, j) of {@code w[i][j] * plane[(oy + i) wp + ox + j]}: on the
 * flat plane, the output at cell {@code oy wp + ox} reads the cell plus the tap's fixed offset {@code i wp + j}, so a
 * vector of cells needs one load a tap. Cells past {@code outW} in a row are computed and dropped. The sums run over
 * the taps in order from zero, as the im2col GEMM's do, and take the bias in the caller's epilogue.
 */
public final class PlaneConv {
    static final PlaneConvKernels SCALAR = new ScalarPlaneConv();
    static final PlaneConvKernels KERNELS = choose(System.getProperty("splot.vector"));

    private final PlaneConvKernels kern;
    private final Window2d win;
    /** The padded plane's row: room for every output's taps, and for the image's columns that taps read. */
    private final int rowLength;
    /** Each tap's offset on the padded plane, row by row of the kernel. */
    private final int[] offsets;

    private PlaneConv(PlaneConvKernels kern, Window2d win) {
        this.kern = kern;
        this.win = win;
        int need = win.outW() + win.kernelW() - 1, lanes = kern.lanes();
        rowLength = (need + lanes - 1) / lanes * lanes;
        offsets = new int[win.kernelH() * win.kernelW()];
        for (int i = 0; i < win.kernelH(); i++) {
            for (int j = 0; j < win.kernelW(); j++) offsets[i * win.kernelW() + j] = i * rowLength + j;
        }
    }

    /** The convolution over {@code win}'s planes, which must {@link #fits fit}. */
    public static PlaneConv of(Window2d win) {
        return of(KERNELS, win);
    }

    static PlaneConv of(PlaneConvKernels kern, Window2d win) {
        if (!fits(win)) throw new IllegalArgumentException("PlaneConv takes one channel, stride 1, no dilation; got " + win);
        return new PlaneConv(kern, win);
    }

    /** Whether {@code win} is a window this class computes: one input channel, stride 1, no dilation. */
    public static boolean fits(Window2d win) {
        return win.channels() == 1 && win.strideH() == 1 && win.strideW() == 1 && win.dilationH() == 1 && win.dilationW() == 1;
    }

    /** Floats of scratch {@link #forward} needs: the padded plane, and a tail that the last vectors read. */
    public int scratchSize() {
        return (planeRows() + 1) * rowLength + 4 * kern.lanes();
    }

    /**
     * Output channels [0, couts) of one image {@code x[xOff ...]} (height x width): channel c's outH x outW plane to
     * {@code out[outOff + c * channelStride ...]}, rows of outW. Weights {@code w[wOff + c * kh kw + i kw + j]}.
     */
    public void forward(float[] x, int xOff, float[] w, int wOff, int couts, float[] scratch, float[] out, int outOff,
                        int channelStride) {
        if (scratch.length < scratchSize()) {
            throw new IllegalArgumentException("PlaneConv: scratch of " + scratch.length + " floats, needs " + scratchSize());
        }
        pad(x, xOff, scratch);
        int taps = offsets.length, cells = win.outH() * rowLength;
        for (int c = 0; c < couts; c += 2) {
            // An odd last channel is computed twice and stored once.
            int c1 = Math.min(c + 1, couts - 1);
            kern.channelPair(scratch, offsets, w, wOff + c * taps, wOff + c1 * taps, cells, rowLength, win.outW(),
                    out, outOff + c * channelStride, c1 == c ? -1 : outOff + c1 * channelStride);
        }
    }

    /** The image into the zero plane: row r at plane row r + padTop, column padLeft (what the plane has room for). */
    private void pad(float[] x, int xOff, float[] plane) {
        int rows = planeRows();
        Arrays.fill(plane, 0, scratchSize(), 0f);
        int cols = Math.min(win.width(), rowLength - win.padLeft());
        for (int r = 0; r < win.height() && r + win.padTop() < rows; r++) {
            System.arraycopy(x, xOff + r * win.width(), plane, (r + win.padTop()) * rowLength + win.padLeft(), cols);
        }
    }

    /** Rows of the padded plane the outputs read. */
    private int planeRows() {
        return win.outH() + win.kernelH() - 1;
    }

    static PlaneConvKernels choose(String vectorProperty) {
        if ("false".equalsIgnoreCase(vectorProperty)) return SCALAR;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return SCALAR;
        return VectorSupport.kernels();
    }

    /** Keeps the reference to the Vector API class out of PlaneConv's own method bodies until it is known to load. */
    private static final class VectorSupport {
        static PlaneConvKernels kernels() {
            return VectorPlaneConv.L >= 4 ? new VectorPlaneConv() : SCALAR;
        }
    }
}

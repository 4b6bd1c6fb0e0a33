package splot.kernel;

import java.util.Arrays;

/**
 * Winograd's minimal filtering F(4x4, 3x3) (Lavin and Gray, 2016): a 3x3 cross-correlation computed per 4x4 block of
 * outputs from the 6x6 block of inputs under it as {@code Y = A^T [(G g G^T) * (B^T d B)] A}, 36 multiplies where the
 * direct sum takes 144, against F(2x2, 3x3)'s 16 for 36 ({@link Winograd}). Summed over input channels that is 36
 * GEMMs, one per point of the 6x6 transformed tile: {@code M_t (outs x columns) = U_t (outs x ins) x V_t (ins x columns)},
 * 2.25 multiply-adds an output against F(2x2)'s 4. This class holds the transforms around them, for the forward pass,
 * the input gradient and the weight gradient:
 * <ul>
 *   <li>{@link #transformFilters}: weights (outs, ins, 3, 3) to U, 36 matrices (outs x ins), or for dx the turned
 *   filters (ins x outs);</li>
 *   <li>{@link #transformInput}: a block of images (or of output gradients, for dx) to V;</li>
 *   <li>{@link #transformOutput}: M back to output planes, with {@link Winograd.Epilogue}'s bias, ReLU, affine map and
 *   2x2 pool done on the tiles; {@link #addOutput}: M added into dx;</li>
 *   <li>{@link #transformOutputGradient}: a block of output gradients to dM = A dy A^T, laid out as V, whose products
 *   with V summed over the tiles, {@code dU_t = dM_t V_t^T}, {@link #filterGradient} turns into dW = G^T dU G.</li>
 * </ul>
 * The transforms use the interpolation points 0, +-1, +-2: B^T and A^T hold small integers, G the fractions 1/4,
 * 1/6, 1/12 and 1/24. The result agrees with the direct sum to 2e-6 to 9e-6 of the output's largest magnitude, about
 * ten times F(2x2)'s rounding (BENCHMARKS.md, session 23); the tests ask 1e-4.
 *
 * <p>The images of a block go {@link #group()} at a time, one per vector lane: a column of V and M is one tile of one
 * image, {@code (g * tiles + ty * tilesW + tx) * group + lane} for image {@code g * group + lane}, so that each tile's
 * 36 inputs are whole vectors. Each channel of a group is first copied into a zero-padded plane of
 * {@code (4 tilesH + 2) x (4 tilesW + 2)} pixels of {@code group} floats, image innermost. Tile (ty, tx) reads input
 * rows {@code 4 ty - padTop ... + 5} and columns {@code 4 tx - padLeft ... + 5}, zero outside the plane, and gives
 * output rows {@code 4 ty ... 4 ty + 3} and columns likewise (those inside the output). A group short of images
 * computes its empty lanes on zeros and drops them.
 */
public final class Winograd4 {
    /** Points of a transformed tile, and so the number of GEMMs per convolution. */
    public static final int POINTS = 36;
    /** Floats the kernels stage between their two passes: 36 vectors of up to 64 lanes. */
    static final int STAGE = POINTS * 64;

    static final Winograd4Kernels SCALAR = new ScalarWinograd4();
    static final Winograd4Kernels KERNELS = choose(System.getProperty("splot.vector"));

    private Winograd4() {
    }

    /** Images per group: one per lane of the vector loops. */
    public static int group() {
        return KERNELS.lanes();
    }

    /** Tiles along an axis of n outputs. */
    public static int tiles(int n) {
        return (n + 3) / 4;
    }

    /** Tiles of one plane of outH x outW outputs. */
    public static int tilesPerImage(int outH, int outW) {
        return tiles(outH) * tiles(outW);
    }

    /** Columns of V and M for a block of {@code images}: whole groups of them. */
    public static int columns(int images, int outH, int outW) {
        return Math.ceilDiv(images, group()) * group() * tilesPerImage(outH, outW);
    }

    /** Floats of scratch that {@link #transformInput} and {@link #transformOutput} need for planes of outH x outW outputs. */
    public static int scratchSize(int outH, int outW) {
        int plane = (4 * tiles(outH) + 2) * (4 * tiles(outW) + 2), outputs = 16 * tilesPerImage(outH, outW);
        return Math.max(plane, outputs) * group() + STAGE;
    }

    /**
     * The row of {@link Winograd4Kernels#outputTiles}'s scratch that output (r, c) of a tile goes to: grouped by 2x2
     * pooling window, {@code 4 q + k} for window {@code q = 2 (r / 2) + c / 2} and place {@code k = 2 (r % 2) + c % 2}
     * in it, so that each window's four rows are evenly spaced as {@link WinogradKernels#finishTiles} takes them.
     */
    static int row(int r, int c) {
        return (r >> 1) * 8 + (c >> 1) * 4 + (r & 1) * 2 + (c & 1);
    }

    /**
     * Floats from one of U's 36 matrices (outs x ins) to the next: their size and one cache line more, so that stores
     * into several matrices at once do not fall in one set of the L1 when the matrices are a whole number of 4 KiB
     * pages apart. The filter loop that first wrote U a filter at a time (36 streams) took 25 ns a filter without the
     * extra line and 7 with it (BENCHMARKS.md, session 23); the GEMM that writes U now stores a tile's rows, 8
     * matrices at a time.
     */
    public static int filterStride(int outs, int ins) {
        return outs * ins + 16;
    }

    /**
     * U from weights (outs, ins, 3, 3) at {@code w[wOff...]}: {@code u[t * filterStride(outs, ins) + o * ins + i] =
     * (G w[o][i] G^T)_t}. With {@code forInputGradient} the roles swap to give the input gradient's filters, each the
     * 180-degree turn of {@code w[o][i]}, at {@code u[t * filterStride(outs, ins) + i * outs + o]}: 36 matrices (ins x outs).
     *
     * <p>G g G^T is linear in the nine taps, so the whole transform is one product: U (36 x outs ins) = T (36 x 9) W^T,
     * with {@link #TAPS} as T and the filters, nine taps each, as the rows of W (the GEMM's B transposed). The turned
     * filters take T with its columns reversed ({@link #TURNED_TAPS}), one product per input channel over the filters
     * of all outputs (9 ins floats apart). Written out instead (G down the columns of the 3x3, then along the rows, a
     * filter a lane through gathers), fashion-cnn's 64 x 128 filters took 130-230 us against 82 as one product, the
     * turned ones 360 against 93 (BENCHMARKS.md, session 24).
     *
     * <p>Split across the threads, by filters or by input channels: a product nine deep writes four times what it reads,
     * and the GEMM kept it on one thread, where cifar-vgg's six layers spent some 1.8 ms of a 75 ms step on two threads
     * (session 26).
     */
    public static void transformFilters(float[] w, int wOff, int outs, int ins, boolean forInputGradient, float[] u) {
        int stride = filterStride(outs, ins);
        if (!forInputGradient) {
            Parallel.forRange(0, outs * ins, FILTER_GRAIN, (lo, hi) ->
                    Gemm.sgemm(false, true, POINTS, hi - lo, 9, TAPS, 0, 9, w, wOff + 9 * lo, 9, u, lo, stride, false));
            return;
        }
        Parallel.forRange(0, ins, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                Gemm.sgemm(false, true, POINTS, outs, 9, TURNED_TAPS, 0, 9, w, wOff + 9 * i, 9 * ins, u, i * outs, stride, false);
            }
        });
    }

    /**
     * Floats from one of U's 36 matrices to the next as {@link #transformFiltersPacked} writes them: {@code rows} (outs,
     * or ins for the input gradient) rounded up to whole panels of {@code mr}, times {@code cols}, and a cache line more
     * (see {@link #filterStride}).
     */
    public static int packedFilterStride(int rows, int cols, int mr) {
        return Math.ceilDiv(rows, mr) * mr * cols + 16;
    }

    /**
     * {@link #transformFilters} into the GEMM's own panels of A ({@link Gemm#sgemmPacked}), panels of {@code mr} rows:
     * for the forward pass matrix t (outs x ins) with (o, i) at {@code u[t * packedFilterStride(outs, ins, mr) +
     * (o / mr) * mr * ins + i * mr + o % mr]}; for the input gradient the turned filters' (ins x outs), (i, o) at
     * {@code (i / mr) * mr * outs + o * mr + i % mr}; zeros in the rows past the last. The same product as
     * transformFilters (T W^T, a filter's nine taps a row of W), with W's rows gathered into {@code gathered} (at least
     * nine floats a column of U) in the order of the panels, so U comes out packed: the forward filters in the same
     * floats as transformFilters gives, the turned ones (which it takes an input channel at a time) a rounding apart.
     */
    public static void transformFiltersPacked(float[] w, int wOff, int outs, int ins, boolean forInputGradient, int mr, float[] u,
                                              float[] gathered) {
        int rows = forInputGradient ? ins : outs, cols = forInputGradient ? outs : ins, panel = mr * cols;
        int n = Math.ceilDiv(rows, mr) * panel, stride = packedFilterStride(rows, cols, mr);
        float[] taps = forInputGradient ? TURNED_TAPS : TAPS;
        Parallel.forRange(0, n, FILTER_GRAIN, (lo, hi) -> {
            for (int j = lo; j < hi; j++) {
                int q = j / panel, p = j % panel / mr, row = q * mr + j % mr;
                if (row < rows) {
                    int o = forInputGradient ? p : row, i = forInputGradient ? row : p;
                    System.arraycopy(w, wOff + 9 * (o * ins + i), gathered, 9 * j, 9);
                } else {
                    Arrays.fill(gathered, 9 * j, 9 * j + 9, 0f);
                }
            }
            Gemm.sgemm(false, true, POINTS, hi - lo, 9, taps, 0, 9, gathered, 9 * lo, 9, u, lo, stride, false);
        });
    }

    /** Filters a thread transforms at least, in multiples of which they are split: whole tiles of the GEMM's columns. */
    private static final int FILTER_GRAIN = 64;

    /** G, the 6 x 3 filter transform of F(4x4, 3x3): the filter row's values at 0, 1, -1, 2, -2 and infinity, scaled. */
    private static final double[][] G = {
            {0.25, 0, 0}, {-1.0 / 6, -1.0 / 6, -1.0 / 6}, {-1.0 / 6, 1.0 / 6, -1.0 / 6},
            {1.0 / 24, 1.0 / 12, 1.0 / 6}, {1.0 / 24, -1.0 / 12, 1.0 / 6}, {0, 0, 1}};
    /** G g G^T as a 36 x 9 matrix on the taps: row 6a + b, column 3c + d holds G[a][c] G[b][d]. */
    static final float[] TAPS = taps(false);
    /** {@link #TAPS} on the filter turned 180 degrees: column k of it is column 8 - k of TAPS. */
    static final float[] TURNED_TAPS = taps(true);

    private static float[] taps(boolean turned) {
        float[] t = new float[POINTS * 9];
        for (int a = 0; a < 6; a++) {
            for (int b = 0; b < 6; b++) {
                for (int k = 0; k < 9; k++) t[(6 * a + b) * 9 + (turned ? 8 - k : k)] = (float) (G[a][k / 3] * G[b][k % 3]);
            }
        }
        return t;
    }

    /**
     * Where {@link #transformInput} puts column f of row c (a channel) of each of V's matrices:
     * {@code c * rowStride + (f >> panelShift) * panelStride + (f & (2^panelShift - 1))}. {@link #rows}: plain rows of
     * ld floats. {@link #panels}: the GEMM's own panels of B, {@code width} columns of all rows each, which
     * {@link Gemm#sgemmPacked} multiplies as they are.
     */
    public record Columns(int rowStride, int panelShift, int panelStride) {
        /** Plain rows of {@code ld} floats: column f of row c at {@code c * ld + f}. */
        public static Columns rows(int ld) {
            return new Columns(ld, 30, 0);
        }

        /** Whether panels may be {@code width} columns wide: a power of two that holds whole groups, so no store straddles two. */
        public static boolean fitPanels(int width) {
            return Integer.bitCount(width) == 1 && width % group() == 0;
        }

        /** Panels of {@code width} columns ({@link #fitPanels}) of all {@code rows} rows: a panel every rows * width floats. */
        public static Columns panels(int rows, int width) {
            if (!fitPanels(width)) {
                throw new IllegalArgumentException("Winograd4.Columns: a panel's width must be a power of two and a multiple of the group "
                        + group() + ", got " + width);
            }
            return new Columns(width, Integer.numberOfTrailingZeros(width), rows * width);
        }
    }

    /**
     * V from {@code images} images of {@code channels} planes (h x w) for outputs of outH x outW: image b's channel c
     * at {@code x[base + b * imageStride + c * channelStride...]}; point t of channel c of column f (see the class
     * comment) goes to {@code v[t * matrixStride + c * ld + f]}.
     */
    public static void transformInput(float[] x, int base, int imageStride, int channelStride, int images, int channels, int h, int w,
                                      int padTop, int padLeft, int outH, int outW, float[] v, int ld, int matrixStride, float[] scratch) {
        transformInput(x, base, imageStride, channelStride, images, channels, h, w, padTop, padLeft, outH, outW, v, Columns.rows(ld),
                matrixStride, scratch);
    }

    /** {@link #transformInput} with V's columns laid out as {@code columns} says. */
    public static void transformInput(float[] x, int base, int imageStride, int channelStride, int images, int channels, int h, int w,
                                      int padTop, int padLeft, int outH, int outW, float[] v, Columns columns, int matrixStride,
                                      float[] scratch) {
        int g = group(), th = tiles(outH), tw = tiles(outW), hp = 4 * th + 2, wp = 4 * tw + 2, stage = scratchSize(outH, outW) - STAGE;
        int rows = Math.min(h, hp - padTop), cols = Math.min(w, wp - padLeft);
        for (int g0 = 0; g0 < images; g0 += g) {
            int n = Math.min(g, images - g0);
            // The padding is in the same places for every channel: zero the plane once a group, then write only the pixels.
            Arrays.fill(scratch, 0, hp * wp * g, 0f);
            for (int c = 0; c < channels; c++) {
                int src = base + g0 * imageStride + c * channelStride;
                for (int iy = 0; iy < rows; iy++) {
                    int dst = ((iy + padTop) * wp + padLeft) * g;
                    KERNELS.interleave(x, src + iy * w, imageStride, n, cols, scratch, dst, g, scratch, stage);
                }
                KERNELS.inputTiles(scratch, wp, th, tw, g, v, c * columns.rowStride(), g0 * th * tw, columns.panelShift(),
                        columns.panelStride(), matrixStride, scratch, stage);
            }
        }
    }

    /**
     * dM = A dy A^T from {@code images} output gradients of {@code channels} planes (outH x outW), for the weight
     * gradient: image b's channel c at {@code dy[base + b * imageStride + c * channelStride...]}; point t of channel c of
     * column f goes to {@code dm[t * matrixStride + c * ld + f]}, the column of the tile and image that
     * {@link #transformInput} gives the same f. Each 4x4 tile reads its outputs, zero past the plane's edges.
     */
    public static void transformOutputGradient(float[] dy, int base, int imageStride, int channelStride, int images, int channels,
                                               int outH, int outW, float[] dm, int ld, int matrixStride, float[] scratch) {
        int g = group(), th = tiles(outH), tw = tiles(outW), wp = 4 * tw, stage = scratchSize(outH, outW) - STAGE;
        for (int g0 = 0; g0 < images; g0 += g) {
            int n = Math.min(g, images - g0);
            // The pixels past the plane stay zero for every channel: zero the plane once a group, then write the outputs.
            Arrays.fill(scratch, 0, 4 * th * wp * g, 0f);
            for (int c = 0; c < channels; c++) {
                int src = base + g0 * imageStride + c * channelStride;
                for (int oy = 0; oy < outH; oy++) {
                    KERNELS.interleave(dy, src + oy * outW, imageStride, n, outW, scratch, oy * wp * g, g, scratch, stage);
                }
                KERNELS.gradientTiles(scratch, wp, th, tw, g, dm, c * ld + g0 * th * tw, matrixStride, scratch, stage);
            }
        }
    }

    /**
     * The filter gradient from its Winograd form, {@code dw[o][i] += G^T dU G} (3x3 from 6x6), of the sum of
     * {@code count} pieces' dU, for the output channels [from, to) alone: point t of dU for (o, i) at
     * {@code parts[k][t * matrixStride + o * ins + i]} (36 matrices outs x ins), the pieces added into parts[0] in their
     * order; dw (outs, ins, 3, 3) at {@code dw[dwOff...]}. As {@link Winograd#filterGradient}, a few rows at a time.
     */
    public static void filterGradient(float[][] parts, int count, int matrixStride, int outs, int ins, float[] dw, int dwOff,
                                      int from, int to) {
        float[] du = parts[0], stage = GRADIENT_STAGES.get();
        for (int o0 = from; o0 < to; o0 += Winograd.GRADIENT_ROWS) {
            int o1 = Math.min(to, o0 + Winograd.GRADIENT_ROWS);
            Winograd.addPartRows(parts, count, POINTS, matrixStride, ins, o0, o1);
            for (int o = o0; o < o1; o++) KERNELS.filterGradientRow(du, matrixStride, ins, o, dw, dwOff, stage, 0);
        }
    }

    /** Floats of {@link Winograd4Kernels#filterGradientRow}'s stage: the 27 vectors of its two passes, of the widest (16 floats). */
    static final int GRADIENT_STAGE = 27 * 16;
    /** Each thread's stage for {@link #filterGradient}, kept: a training step then allocates none. */
    private static final ThreadLocal<float[]> GRADIENT_STAGES = ThreadLocal.withInitial(() -> new float[GRADIENT_STAGE]);

    /**
     * Output planes from M, laid out as {@link #transformInput}'s V: point t of column f of channel c at
     * {@code m[t * matrixStride + c * ld + f]}. With no epilogue ({@code e} null) the outH x outW outputs are stored as
     * they are; otherwise e is applied on the tiles and the planes stored are outH x outW, or (outH / 2) x (outW / 2)
     * with its pool. Image b's channel c goes to {@code y[base + b * imageStride + c * channelStride...]}; its bias and
     * affine map are entry {@code firstChannel + c}, its pool winners go to {@code e.winners()} at the same places as y.
     */
    public static void transformOutput(float[] m, int ld, int matrixStride, int channels, int images, Winograd.Epilogue e,
                                       int firstChannel, float[] y, int base, int imageStride, int channelStride, int outH, int outW,
                                       float[] scratch) {
        transformOutput(m, ld, matrixStride, channels, images, e, firstChannel, y, base, imageStride, channelStride, outH, outW, 0, scratch);
    }

    /**
     * {@link #transformOutput} of a slab of the planes: outH x outW outputs that are rows {@code firstRow} on of planes
     * as wide, whose pool winners are positions in the whole plane. y's base is where the slab's first row (or pooled
     * row) goes.
     */
    public static void transformOutput(float[] m, int ld, int matrixStride, int channels, int images, Winograd.Epilogue e,
                                       int firstChannel, float[] y, int base, int imageStride, int channelStride, int outH, int outW,
                                       int firstRow, float[] scratch) {
        outputs(m, ld, matrixStride, channels, images, e, firstChannel, y, base, imageStride, channelStride, outH, outW, firstRow,
                false, scratch);
    }

    /**
     * {@link #transformOutput} with no epilogue, the outputs added to what y holds: the input gradient's, from M of the
     * input gradient's filters ({@link #transformFilters} {@code forInputGradient}).
     */
    public static void addOutput(float[] m, int ld, int matrixStride, int channels, int images, float[] y, int base, int imageStride,
                                 int channelStride, int outH, int outW, float[] scratch) {
        outputs(m, ld, matrixStride, channels, images, null, 0, y, base, imageStride, channelStride, outH, outW, 0, true, scratch);
    }

    private static void outputs(float[] m, int ld, int matrixStride, int channels, int images, Winograd.Epilogue e, int firstChannel,
                                float[] y, int base, int imageStride, int channelStride, int outH, int outW, int firstRow,
                                boolean accumulate, float[] scratch) {
        int g = group(), th = tiles(outH), tiles = tilesPerImage(outH, outW), stride = tiles * g, stage = scratchSize(outH, outW) - STAGE;
        for (int g0 = 0; g0 < images; g0 += g) {
            Tiles t = new Tiles(Math.min(g, images - g0), g, tiles(outW), outH, outW, stride, imageStride);
            for (int c = 0; c < channels; c++) {
                KERNELS.outputTiles(m, c * ld + g0 * tiles, matrixStride, tiles, g, scratch, scratch, stage);
                int plane = base + g0 * imageStride + c * channelStride;
                if (e == null) {
                    KERNELS.storeTiles(scratch, stride, th, t.tw, g, t.images, outH, outW, y, plane, imageStride, accumulate, scratch, stage);
                    continue;
                }
                int ch = firstChannel + c;
                boolean affine = e.scale() != null, pool = e.pool() && e.winners() == null;
                float bias = e.bias() == null ? 0f : e.bias()[ch], scale = affine ? e.scale()[ch] : 1f, shift = affine ? e.shift()[ch] : 0f;
                // Window by window: each window's four outputs are rows 4q to 4q + 3 of the scratch, stride apart.
                for (int q = 0; q < 4; q++) Winograd.KERNELS.finishTiles(scratch, 4 * q * stride, stride, bias, e.relu(), affine, scale, shift, pool);
                if (e.winners() != null) poolWithWinners(scratch, t, y, e.winners(), plane, firstRow * outW);
                else if (pool) KERNELS.storePooled(scratch, stride, th, t.tw, g, t.images, outH, outW, y, plane, imageStride, scratch, stage);
                else KERNELS.storeTiles(scratch, stride, th, t.tw, g, t.images, outH, outW, y, plane, imageStride, false, scratch, stage);
            }
        }
    }

    /**
     * Where a group's tiles go: its first {@code images} lanes of {@code group}, tiles tw to a row over outH x outW
     * outputs, {@code stride} floats from one row of the scratch to the next, images imageStride apart in y.
     */
    private record Tiles(int images, int group, int tw, int outH, int outW, int stride, int imageStride) {
    }

    /**
     * The 2x2 max pool with its winners ({@link Pool2d#halvingWinner}), each as its position in the outH x outW plane
     * plus {@code offset} (where the plane's first row is in a taller one): pooled across the scratch rows first, all
     * lanes at once, then placed lane by lane.
     */
    private static void poolWithWinners(float[] s, Tiles t, float[] y, int[] winners, int plane, int offset) {
        int ph = t.outH / 2, pw = t.outW / 2, g = t.group, n = t.stride;
        for (int q = 0; q < 4; q++) Winograd.KERNELS.poolWinners(s, 4 * q * n, n);
        for (int lane = 0; lane < t.images; lane++) {
            int image = plane + lane * t.imageStride;
            for (int py = 0; py < ph; py++) {
                int tileRow = (py >> 1) * t.tw, wy = py & 1, dst = image + py * pw;
                for (int px = 0; px < pw; px++) {
                    int at = 4 * (2 * wy + (px & 1)) * n + (tileRow + (px >> 1)) * g + lane, k = (int) s[at + n];
                    y[dst + px] = s[at];
                    winners[dst + px] = offset + (2 * py + (k >> 1)) * t.outW + 2 * px + (k & 1);
                }
            }
        }
    }

    /** The vector loops unless {@code vectorProperty} is "false" or the Vector API is missing. */
    static Winograd4Kernels choose(String vectorProperty) {
        if ("false".equalsIgnoreCase(vectorProperty)) return SCALAR;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return SCALAR;
        return VectorSupport.kernels();
    }

    /** Keeps the reference to the Vector API class out of Winograd4's own method bodies until it is known to load. */
    private static final class VectorSupport {
        static Winograd4Kernels kernels() {
            return VectorWinograd4.L >= 2 ? new VectorWinograd4() : SCALAR;
        }
    }
}

package splot.kernel;

import java.util.Arrays;

/**
 * Winograd's minimal filtering F(2x2, 3x3) (Lavin and Gray, "Fast Algorithms for Convolutional Neural
 * Networks", 2016): a 3x3 cross-correlation computed per 2x2 block of outputs from the 4x4 block of inputs
 * under it as {@code Y = A^T [(G g G^T) * (B^T d B)] A}, 16 multiplies where the direct sum takes 36.
 *
 * <p>Summed over input channels, the elementwise product becomes 16 independent GEMMs, one per point of the
 * 4x4 transformed tile: {@code M_t (outs x tiles) = U_t (outs x ins) x V_t (ins x tiles)}. This class holds
 * the three transforms around those GEMMs; the caller runs the GEMMs with {@link Gemm}:
 * <ul>
 *   <li>{@link #transformFilters}: weights (outs, ins, 3, 3) to U, 16 matrices (outs x ins) back to back;</li>
 *   <li>{@link #transformInput}: image planes to V, matrix t's row c holding the tiles of channel c;</li>
 *   <li>{@link #transformOutput}: M back to output planes, each 4x4 tile giving a 2x2 block of outputs.</li>
 * </ul>
 * The weight gradient runs the same GEMMs the other way round, summed over tiles: {@code dU_t = dM_t V_t^T} with
 * {@code dM = A dY A^T} per tile ({@link #transformOutputGradient}), then {@code dw = G^T dU G}
 * ({@link #filterGradient}).
 * Tile (ty, tx) reads input rows {@code 2 ty - padTop ... + 3} and columns {@code 2 tx - padLeft ... + 3},
 * zero outside the plane, and writes output rows 2 ty, 2 ty + 1 and columns 2 tx, 2 tx + 1 (those inside the
 * output). The transform matrices hold only 0, +-1 and +-1/2, so the result agrees with the direct sum to a few
 * units in the last place of float. The transforms' inner loops ({@link WinogradKernels}) run one tile per vector
 * lane over all the tiles of a plane.
 *
 * <p>A plane is addressed as {@code (array, base, channelStride)}: channel c's rows start at
 * {@code base + c * channelStride}, one row of the plane's width after the other. NCHW images and the
 * side-by-side blocks of {@link splot.ops.Convolution} both fit.
 */
public final class Winograd {
    /** Points of a transformed tile, and so the number of GEMMs per convolution. */
    public static final int POINTS = 16;

    static final WinogradKernels SCALAR = new ScalarWinograd();
    static final WinogradKernels KERNELS = choose(System.getProperty("splot.vector"));

    private Winograd() {
    }

    /** Tiles along an axis of n outputs. */
    public static int tiles(int n) {
        return (n + 1) / 2;
    }

    /**
     * Columns of V and M per plane of outH x outW outputs: tiles(outH) rows of tiles(outW) + 1. The last column of
     * each row is not a tile; keeping it lets the loops run over all the tiles of a plane at once (its values are
     * computed, multiplied and dropped).
     */
    public static int columns(int outH, int outW) {
        return tiles(outH) * (tiles(outW) + 1);
    }

    /** Floats of scratch that {@link #transformInput} and {@link #transformOutput} need for planes of outH x outW outputs. */
    public static int scratchSize(int outH, int outW) {
        int n1 = tiles(outW) + 1;
        return Math.max(4 * subplane(tiles(outH), n1), 4 * columns(outH, outW));
    }

    /** Floats of one subplane: tilesH + 1 rows of n1, and one more that the non-tile column of the last row reads. */
    private static int subplane(int tilesH, int n1) {
        return (tilesH + 1) * n1 + 1;
    }

    /**
     * U from weights (outs, ins, 3, 3) at {@code w[wOff...]}: {@code u[(t * outs + o) * ins + i] = (G w[o][i] G^T)_t}.
     * With {@code forInputGradient} the roles swap to give the input gradient's filters, each the 180-degree turn
     * of {@code w[o][i]}: {@code u[(t * ins + i) * outs + o]}, 16 matrices (ins x outs).
     */
    public static void transformFilters(float[] w, int wOff, int outs, int ins, boolean forInputGradient, float[] u) {
        KERNELS.filters(w, wOff, outs, ins, forInputGradient, u);
    }

    /**
     * V from {@code channels} planes (h x w) of {@code x} for outputs of outH x outW: tile (ty, tx) of channel c goes
     * to {@code v[t * matrixStride + c * ldv + vOff + ty * (tiles(outW) + 1) + tx]} for each point t (see
     * {@link #columns}).
     *
     * <p>Each padded plane is first split into four subplanes by row and column parity. A tile's 16 inputs then sit
     * at the same four places in each subplane, so one loop over every tile of the plane computes B^T d B.
     */
    public static void transformInput(float[] x, int base, int channelStride, int channels, int h, int w, int padTop, int padLeft,
                                      int outH, int outW, float[] v, int vOff, int ldv, int matrixStride, float[] scratch) {
        int th = tiles(outH), n1 = tiles(outW) + 1, sp = subplane(th, n1);
        // The padding is in the same places for every channel: zero the subplanes once, then write only the pixels.
        Arrays.fill(scratch, 0, 4 * sp, 0f);
        int rows = Math.min(h, 2 * (th + 1) - padTop), cols = Math.min(w, 2 * n1 - padLeft);
        for (int c = 0; c < channels; c++) {
            int plane = base + c * channelStride;
            for (int iy = 0; iy < rows; iy++) {
                int r = iy + padTop, even = (r & 1) * 2 * sp + (r >> 1) * n1, src = plane + iy * w;
                // column j = ix + padLeft goes to the even-column subplane at j / 2 when j is even, else the odd one
                int ix = 0;
                if ((padLeft & 1) != 0 && cols > 0) scratch[even + sp + (padLeft >> 1)] = x[src + ix++];
                int at = even + ((ix + padLeft) >> 1), pairs = (cols - ix) / 2;
                KERNELS.splitPairs(x, src + ix, pairs, scratch, at, at + sp);
                ix += 2 * pairs;
                at += pairs;
                if (ix < cols) scratch[at] = x[src + ix];
            }
            KERNELS.inputTiles(scratch, 0, sp, 2 * sp, 3 * sp, n1, v, vOff + c * ldv, matrixStride, th * n1);
        }
    }

    /**
     * Output planes (outH x outW) from M, the GEMMs' result laid out as V: point t of tile (ty, tx) of channel c
     * at {@code m[t * matrixStride + c * ldm + mOff + ty * (tiles(outW) + 1) + tx]}. Stores, or adds to what is
     * there when {@code accumulate}.
     */
    public static void transformOutput(float[] m, int mOff, int ldm, int matrixStride, int channels,
                                       float[] y, int base, int channelStride, int outH, int outW, boolean accumulate,
                                       float[] scratch) {
        int th = tiles(outH), n1 = tiles(outW) + 1, count = th * n1;
        for (int c = 0; c < channels; c++) {
            int plane = base + c * channelStride;
            KERNELS.outputTiles(m, mOff + c * ldm, matrixStride, scratch, 0, count);
            for (int ty = 0; ty < th; ty++) {
                int oy = 2 * ty, at = ty * n1;
                storeRow(scratch, at, count + at, y, plane + oy * outW, outW, accumulate);
                if (oy + 1 < outH) storeRow(scratch, 2 * count + at, 3 * count + at, y, plane + (oy + 1) * outW, outW, accumulate);
            }
        }
    }

    /**
     * The weight gradient's half of the output transform, {@code dM = A dY A^T} (A = (A^T)^T, 4 x 2): for each tile of
     * the output planes (outH x outW of {@code channels} output channels, channel c at {@code dy[base + c * channelStride...]})
     * the 4x4 gradient of its M from the 2x2 block of output gradient under it, zero where the block leaves the plane
     * and for the non-tile column. Laid out transposed to V, channels innermost: point t of tile column f (numbered as
     * in {@link #columns}) of channel c at {@code dm[t * matrixStride + (col + f) * channels + c]}, so that the GEMM
     * {@code dU_t^T (ins x outs) += V_t (ins x tiles) dM_t (tiles x outs)} reads both operands row by row.
     *
     * <p>Each row of tiles first gathers its two rows of output gradient into {@code scratch} channels innermost (an
     * L1-sized block), so that the transform runs one lane per channel on unit-stride loads and stores: reading the
     * planes directly, 16 or more channels a plane apart, ran at 11 ns a tile and channel (cache-set conflicts).
     */
    public static void transformOutputGradient(float[] dy, int base, int channelStride, int channels, int outH, int outW,
                                               float[] dm, int col, int matrixStride, float[] scratch) {
        int th = tiles(outH), n1 = tiles(outW) + 1, row = 2 * n1 * channels;
        // Pixels right of the plane stay zero from here on; only a missing last row needs zeroing again.
        Arrays.fill(scratch, 0, 2 * row, 0f);
        for (int ty = 0; ty < th; ty++) {
            int oy = 2 * ty, rows = Math.min(2, outH - oy);
            if (rows < 2) Arrays.fill(scratch, row, 2 * row, 0f);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < channels; c++) {
                    int src = base + c * channelStride + (oy + r) * outW, dst = r * row + c;
                    for (int x = 0; x < outW; x++) scratch[dst + x * channels] = dy[src + x];
                }
            }
            KERNELS.gradientTiles(scratch, channels, n1, dm, (col + ty * n1) * channels, matrixStride);
        }
    }

    /** Floats of scratch that {@link #transformOutputGradient} needs for planes outW wide of {@code channels} channels. */
    public static int gradientScratchSize(int outW, int channels) {
        return 4 * (tiles(outW) + 1) * channels;
    }

    /**
     * The filter gradient from its Winograd form: {@code dw[o][i] += G^T dU G} (3x3 from 4x4), with point t of
     * {@code dU} for (o, i) at {@code dut[t * matrixStride + i * outs + o]} (16 matrices ins x outs, as
     * {@link #transformOutputGradient}'s GEMMs leave them) and dw (outs, ins, 3, 3) at {@code dw[dwOff...]}.
     */
    public static void filterGradient(float[] dut, int matrixStride, int outs, int ins, float[] dw, int dwOff) {
        for (int i0 = 0; i0 < ins; i0 += GRADIENT_ROWS) {
            turnGradientRows(dut, matrixStride, outs, ins, dw, dwOff, i0, Math.min(ins, i0 + GRADIENT_ROWS));
        }
    }

    /**
     * {@link #filterGradient} of the sum of {@code count} pieces' dU, for the input channels [from, to) alone (a
     * thread's share): the pieces are added into {@code parts[0]} in their order, as {@link Elementwise#addParts}
     * adds them, and turned into dw a few rows at a time while those rows are still in cache: one split loop where
     * there were two, each thread summing the rows it turns. (On one thread and warm caches, 128 x 128 from eight
     * pieces, this takes as long as the sum and the turn apart: 395-401 us against 209-218 and 156-161.)
     */
    public static void filterGradient(float[][] parts, int count, int matrixStride, int outs, int ins, float[] dw, int dwOff,
                                      int from, int to) {
        for (int i0 = from; i0 < to; i0 += GRADIENT_ROWS) {
            int i1 = Math.min(to, i0 + GRADIENT_ROWS);
            addPartRows(parts, count, POINTS, matrixStride, outs, i0, i1);
            turnGradientRows(parts[0], matrixStride, outs, ins, dw, dwOff, i0, i1);
        }
    }

    /** Rows [r0, r1) of each of the {@code points} matrices ({@code width} wide) of parts 1 to count added into part 0's, in order. */
    static void addPartRows(float[][] parts, int count, int points, int matrixStride, int width, int r0, int r1) {
        for (int t = 0; t < points; t++) {
            int at = t * matrixStride + r0 * width;
            for (int part = 1; part < count; part++) Elementwise.addRun(parts[part], at, parts[0], at, (r1 - r0) * width);
        }
    }

    /**
     * Rows of dU's matrices that {@link #filterGradient} sums and turns at a time: their 16 points' rows, 64 KiB for 128
     * output channels, stay in L2 from the sum to the turn, and the turn reads them again for each output channel.
     * Output channel by output channel over the whole matrices, each cache line read gave one float and was gone when
     * the next channel came for the one beside it: a 128 x 128 dU took 183-208 us on one thread, 156-161 so.
     */
    static final int GRADIENT_ROWS = 8;

    /** G^T dU G of the input channels [i0, i1) of every output channel, added into dw. */
    private static void turnGradientRows(float[] dut, int s, int outs, int ins, float[] dw, int dwOff, int i0, int i1) {
        for (int o = 0; o < outs; o++) {
            for (int i = i0; i < i1; i++) {
                int at = i * outs + o, dst = dwOff + (o * ins + i) * 9;
                // The 4x4 dU in locals, not a small array (as in the filter transform): rows a, b, c, d.
                float a0 = dut[at], a1 = dut[at + s], a2 = dut[at + 2 * s], a3 = dut[at + 3 * s];
                float b0 = dut[at + 4 * s], b1 = dut[at + 5 * s], b2 = dut[at + 6 * s], b3 = dut[at + 7 * s];
                float c0 = dut[at + 8 * s], c1 = dut[at + 9 * s], c2 = dut[at + 10 * s], c3 = dut[at + 11 * s];
                float d0 = dut[at + 12 * s], d1 = dut[at + 13 * s], d2 = dut[at + 14 * s], d3 = dut[at + 15 * s];
                // G^T dU: rows a + (b + c) / 2, (b - c) / 2, (b + c) / 2 + d; then (G^T dU) G along each of them.
                addGradientRow(dw, dst, a0 + 0.5f * (b0 + c0), a1 + 0.5f * (b1 + c1), a2 + 0.5f * (b2 + c2), a3 + 0.5f * (b3 + c3));
                addGradientRow(dw, dst + 3, 0.5f * (b0 - c0), 0.5f * (b1 - c1), 0.5f * (b2 - c2), 0.5f * (b3 - c3));
                addGradientRow(dw, dst + 6, 0.5f * (b0 + c0) + d0, 0.5f * (b1 + c1) + d1, 0.5f * (b2 + c2) + d2, 0.5f * (b3 + c3) + d3);
            }
        }
    }

    /** One row of (G^T dU) G from its four values, added into dw: e0 + (e1 + e2) / 2, (e1 - e2) / 2, (e1 + e2) / 2 + e3. */
    private static void addGradientRow(float[] dw, int at, float e0, float e1, float e2, float e3) {
        dw[at] += e0 + 0.5f * (e1 + e2);
        dw[at + 1] += 0.5f * (e1 - e2);
        dw[at + 2] += 0.5f * (e1 + e2) + e3;
    }

    /**
     * The 2x2 max pool of one plane's tiles as {@link WinogradKernels#outputTiles} left them in {@code s} (tile f's four at f,
     * count + f, 2 count + f, 3 count + f): value and winner ({@link Pool2d#halvingWinner}) per window, the winner as
     * its position in the plane of outW columns.
     */
    private static void poolWithWinners(float[] s, int count, int n1, int ph, int pw, int outW, float[] y, int[] winners, int plane) {
        for (int ty = 0; ty < ph; ty++) KERNELS.poolTiles(s, ty * n1, count, y, winners, plane + ty * pw, 2 * ty * outW, outW, pw);
    }

    /**
     * What a forward convolution does to each output before it is stored: add the channel's bias (or nothing when
     * null), then a ReLU, then {@code scale * v + shift} per channel when {@code scale} is not null; with
     * {@code pool}, a 2x2 max pool at stride 2 (which takes exactly one tile per window), whose winners' positions
     * in the output plane go to {@code winners} (laid out as y) unless it is null. Winners and an affine map do not
     * go together: winners are for training, the affine map for inference.
     */
    public record Epilogue(float[] bias, boolean relu, float[] scale, float[] shift, boolean pool, int[] winners) {
        public Epilogue {
            if (winners != null && (!pool || scale != null)) {
                throw new IllegalArgumentException("Pool winners need a pool and no affine map");
            }
        }
    }

    /**
     * {@link #transformOutput} for a forward convolution: the epilogue applied while the tile's outputs are in
     * registers or L1, then stored to planes of outH x outW, or (outH / 2) x (outW / 2) with a pool, channel c at
     * {@code y[base + c * channelStride...]}. Channel c's bias and affine map are entry {@code firstChannel + c}.
     */
    public static void transformOutput(float[] m, int mOff, int ldm, int matrixStride, int channels, Epilogue e, int firstChannel,
                                       float[] y, int base, int channelStride, int outH, int outW, float[] scratch) {
        int th = tiles(outH), n1 = tiles(outW) + 1, count = th * n1, ph = outH / 2, pw = outW / 2;
        for (int c = 0; c < channels; c++) {
            int plane = base + c * channelStride, ch = firstChannel + c;
            KERNELS.outputTiles(m, mOff + c * ldm, matrixStride, scratch, 0, count);
            boolean affine = e.scale != null;
            float bias = e.bias == null ? 0f : e.bias[ch];
            if (e.winners != null) {
                // Bias and ReLU on all four outputs of each tile, then the pool as Pool2d takes it: the same floats
                // and winners as the unfused epilogue's.
                KERNELS.finishTiles(scratch, 0, count, bias, e.relu, false, 1f, 0f, false);
                poolWithWinners(scratch, count, n1, ph, pw, outW, y, e.winners, plane);
                continue;
            }
            KERNELS.finishTiles(scratch, 0, count, bias, e.relu, affine, affine ? e.scale[ch] : 1f, affine ? e.shift[ch] : 0f, e.pool);
            if (e.pool) {
                for (int ty = 0; ty < ph; ty++) System.arraycopy(scratch, ty * n1, y, plane + ty * pw, pw);
                continue;
            }
            for (int ty = 0; ty < th; ty++) {
                int oy = 2 * ty, at = ty * n1;
                storeRow(scratch, at, count + at, y, plane + oy * outW, outW, false);
                if (oy + 1 < outH) storeRow(scratch, 2 * count + at, 3 * count + at, y, plane + (oy + 1) * outW, outW, false);
            }
        }
    }

    /** One output row from the left and right outputs of its tiles (at {@code s[at...]} and {@code s[right...]}). */
    private static void storeRow(float[] s, int at, int right, float[] y, int dst, int outW, boolean accumulate) {
        int pairs = outW / 2;
        if (accumulate) {
            for (int tx = 0; tx < pairs; tx++) {
                y[dst + 2 * tx] += s[at + tx];
                y[dst + 2 * tx + 1] += s[right + tx];
            }
            if ((outW & 1) != 0) y[dst + outW - 1] += s[at + pairs];
        } else {
            for (int tx = 0; tx < pairs; tx++) {
                y[dst + 2 * tx] = s[at + tx];
                y[dst + 2 * tx + 1] = s[right + tx];
            }
            if ((outW & 1) != 0) y[dst + outW - 1] = s[at + pairs];
        }
    }

    /** The vector loops unless {@code vectorProperty} is "false" or the Vector API is missing. */
    static WinogradKernels choose(String vectorProperty) {
        if ("false".equalsIgnoreCase(vectorProperty)) return SCALAR;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return SCALAR;
        return VectorSupport.kernels();
    }

    /** Keeps the reference to the Vector API class out of Winograd's own method bodies until it is known to load. */
    private static final class VectorSupport {
        static WinogradKernels kernels() {
            return VectorWinograd.L >= 2 ? new VectorWinograd() : SCALAR;
        }
    }
}

package splot.kernel;

/**
 * The inner loops of {@link Winograd4}, one lane per image of a group, in two implementations that give the same
 * floats (the same sums and fused multiply-adds in the same order): {@link ScalarWinograd4} (plain Java, the
 * reference) and {@link VectorWinograd4} (Vector API). A group's pixel, and each point of a transformed tile, is
 * {@code group} floats side by side, one per image; every load and store is of such a run.
 */
interface Winograd4Kernels {
    /** Images per group that the loops run best on: the vector's lanes (any count works in the scalar loops). */
    int lanes();

    /**
     * One row of pixels of a group's images into its padded plane, image innermost:
     * {@code pad[dst + p * group + lane] = x[src + lane * imageStride + p]} for pixels p < count and lanes < images, and
     * zero in the lanes past the images; {@code stage[stageAt...]} holds 256 floats for the loops' use.
     */
    void interleave(float[] x, int src, int imageStride, int images, int count, float[] pad, int dst, int group, float[] stage, int stageAt);

    /**
     * B^T d B for the tiles of one channel of a group: the padded plane is {@code pad[(y * wp + x) * group + lane]}, and
     * tile (ty, tx) of th x tw, its 6x6 block starting at (4 ty, 4 tx), gives point t of column
     * {@code f = firstColumn + (ty * tw + tx) * group} at {@code v[vAt + t * matrixStride + (f >> panelShift) * panelStride
     * + (f & (2^panelShift - 1)) + lane]} ({@link Winograd4.Columns}; plain rows are a shift past every f and a stride of
     * 0). A panel holds whole groups. {@code tmp[tmpAt...]} holds {@link Winograd4#STAGE} floats between the two passes.
     */
    void inputTiles(float[] pad, int wp, int th, int tw, int group, float[] v, int vAt, int firstColumn, int panelShift,
                    int panelStride, int matrixStride, float[] tmp, int tmpAt);

    /**
     * A dy A^T for the tiles of one channel of a group's output gradient, for the weight gradient: the plane is
     * {@code pad[(y * wp + x) * group + lane]}, and tile (ty, tx) of th x tw, its 4x4 block starting at (4 ty, 4 tx),
     * gives point t at {@code dm[dmAt + t * matrixStride + (ty * tw + tx) * group + lane]}, as {@link #inputTiles} lays
     * out V. {@code tmp[tmpAt...]} as there.
     */
    void gradientTiles(float[] pad, int wp, int th, int tw, int group, float[] dm, int dmAt, int matrixStride, float[] tmp, int tmpAt);

    /**
     * A^T m A for {@code tiles} tiles of a group, point t of tile f at {@code m[mAt + t * matrixStride + f * group + lane]}:
     * output (r, c) of the 4x4 goes to {@code s[Winograd4.row(r, c) * tiles * group + f * group + lane]}.
     * {@code tmp[tmpAt...]} as for {@link #inputTiles}.
     */
    void outputTiles(float[] m, int mAt, int matrixStride, int tiles, int group, float[] s, float[] tmp, int tmpAt);

    /**
     * The 16 outputs of each of a group's th x tw tiles, as {@link #outputTiles} left them in s (rows {@code stride}
     * apart), into the outH x outW planes of its first {@code images} lanes, those inside the plane: image {@code lane}'s
     * at {@code y[plane + lane * imageStride...]}; stored, or added to what is there. {@code stage[stageAt...]} holds
     * 512 floats for the loops' use.
     */
    void storeTiles(float[] s, int stride, int th, int tw, int group, int images, int outH, int outW, float[] y, int plane,
                    int imageStride, boolean accumulate, float[] stage, int stageAt);

    /**
     * The pooled value of each 2x2 window of the tiles, in the first of its window's rows of s (row {@code 4 q} for window
     * q, as {@link WinogradKernels#finishTiles} leaves it), into the (outH / 2) x (outW / 2) planes, as
     * {@link #storeTiles} places outputs.
     */
    void storePooled(float[] s, int stride, int th, int tw, int group, int images, int outH, int outW, float[] y, int plane,
                     int imageStride, float[] stage, int stageAt);

    /**
     * The filter gradient of output channel {@code o} from its Winograd form, {@code dw[o][i] += G^T dU G} (3x3 from
     * 6x6) for every input channel i: point t of dU for (o, i) at {@code du[t * matrixStride + o * ins + i]}, dw (outs,
     * ins, 3, 3) at {@code dw[dwOff...]}. {@code stage[stageAt...]} holds {@link Winograd4#GRADIENT_STAGE} floats.
     */
    void filterGradientRow(float[] du, int matrixStride, int ins, int o, float[] dw, int dwOff, float[] stage, int stageAt);
}

package splot.kernel;

/**
 * The inner loops of {@link Winograd}, each over a run of tiles, in two implementations that give the same
 * floats (only sums and differences, in the same order): {@link ScalarWinograd} (plain Java, the reference) and
 * {@link VectorWinograd} (Vector API).
 */
interface WinogradKernels {
    /** {@link Winograd#transformFilters}: G g G^T of every 3x3 filter, or of every turned one for dx. */
    void filters(float[] w, int wOff, int outs, int ins, boolean forInputGradient, float[] u);

    /**
     * B^T d B for the tiles at {@code f = 0 .. count - 1}: tile f's 4x4 input block lies in the four subplanes of
     * the padded input (even and odd rows by even and odd columns, rows {@code n1} apart, starting at {@code ee},
     * {@code eo}, {@code oe}, {@code oo} in {@code sub}) at f, f + 1, f + n1 and f + n1 + 1. Point t goes to
     * {@code v[t * matrixStride + vAt + f]}.
     */
    void inputTiles(float[] sub, int ee, int eo, int oe, int oo, int n1, float[] v, int vAt, int matrixStride, int count);

    /**
     * The pairs {@code x[src + 2i], x[src + 2i + 1]} for i < pairs, split: the first of each to {@code dst[even + i]},
     * the second to {@code dst[odd + i]} (a row of the input into its even- and odd-column subplanes).
     */
    void splitPairs(float[] x, int src, int pairs, float[] dst, int even, int odd);

    /**
     * A^T m A for the tiles at {@code f = 0 .. count - 1}, point t of tile f at {@code m[t * matrixStride + mAt + f]}:
     * the top-left, top-right, bottom-left and bottom-right outputs go to {@code s[sAt + f]}, {@code s[sAt + count + f]},
     * {@code s[sAt + 2 count + f]} and {@code s[sAt + 3 count + f]}.
     */
    void outputTiles(float[] m, int mAt, int matrixStride, float[] s, int sAt, int count);

    /**
     * A dY A^T for the tiles tx = 0 .. n1 - 1 of one row of tiles, one lane per channel: the tiles' two rows of output
     * gradient lie in {@code rows} channels innermost, pixel x of row r of channel c at
     * {@code rows[(r * 2 n1 + x) * channels + c]}; point t of tile tx of channel c goes to
     * {@code dm[at + t * matrixStride + tx * channels + c]}.
     */
    void gradientTiles(float[] rows, int channels, int n1, float[] dm, int at, int matrixStride);

    /**
     * The epilogue on the four outputs of tiles {@code 0 .. count - 1} as {@link #outputTiles} left them at
     * {@code s[at...]}: each becomes {@code v + bias}, then {@code max(v, 0)} with {@code relu}, then
     * {@code v * scale + shift} with {@code affine}. With {@code pool} the tile's four are reduced to their maximum
     * at {@code s[at + f]} instead (taking the maximum first when there is no affine map, which gives the same
     * floats since the rest only rises with v).
     */
    void finishTiles(float[] s, int at, int count, float bias, boolean relu, boolean affine, float scale, float shift, boolean pool);

    /**
     * The 2x2 max pool of the tiles {@code 0 .. n - 1} at {@code s[at...]}, their four outputs where {@link #outputTiles}
     * left them (count apart): tile f's winner ({@link Pool2d#halvingWinner}) to {@code y[o + f]}, and its position
     * to {@code winners[o + f]}: {@code pos + 2 f}, plus {@code outW} for a bottom output, plus 1 for a right one.
     */
    void poolTiles(float[] s, int at, int count, float[] y, int[] winners, int o, int pos, int outW, int n);

    /**
     * The 2x2 max pool of {@code count} windows in place, their four values (top left, top right, bottom left, bottom
     * right) {@code count} apart from {@code s[at + f]}: window f's max goes to {@code s[at + f]} and its winner
     * ({@link Pool2d#halvingWinner}, 0 to 3) to {@code s[at + count + f]}, as a float. For F(4x4)'s tiles, whose
     * windows lie across its scratch rows with each image a lane (see {@link Winograd4}).
     */
    void poolWinners(float[] s, int at, int count);
}

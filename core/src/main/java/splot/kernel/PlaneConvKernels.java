package splot.kernel;

/**
 * The inner loop of {@link PlaneConv} in two implementations that give the same floats (fused multiply-adds over the
 * taps in order): {@link ScalarPlaneConv} (plain Java, the reference) and {@link VectorPlaneConv} (Vector API).
 */
interface PlaneConvKernels {
    /** Cells a row of the padded plane is rounded up to: the vector width. */
    int lanes();

    /**
     * Two output channels over cells [0, cells) of the padded plane (rows of {@code wp}, outputs where the column is
     * below outW): the sum over taps t of {@code w[w0 + t] * plane[cell + offsets[t]]} to {@code out[o0 + row outW +
     * column]}, and with {@code w[w1 + t]} to {@code out[o1 ...]} unless {@code o1} is negative. The plane must hold
     * cells rounded up to four vectors, plus the last offset.
     */
    void channelPair(float[] plane, int[] offsets, float[] w, int w0, int w1, int cells, int wp, int outW,
                     float[] out, int o0, int o1);
}

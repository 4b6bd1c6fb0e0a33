package splot.kernel;

/** {@link PlaneConvKernels} in plain Java: the reference for the vector loop. */
final class ScalarPlaneConv implements PlaneConvKernels {
    @Override
    public int lanes() {
        return 1;
    }

    @Override
    public void channelPair(float[] plane, int[] offsets, float[] w, int w0, int w1, int cells, int wp, int outW,
                            float[] out, int o0, int o1) {
        for (int cell = 0; cell < cells; cell++) {
            int row = cell / wp, col = cell - row * wp;
            if (col >= outW) continue;
            float a = 0f, b = 0f;
            for (int t = 0; t < offsets.length; t++) {
                float v = plane[cell + offsets[t]];
                a = Math.fma(v, w[w0 + t], a);
                b = Math.fma(v, w[w1 + t], b);
            }
            out[o0 + row * outW + col] = a;
            if (o1 >= 0) out[o1 + row * outW + col] = b;
        }
    }
}

package splot.data;

/** Image resizing on float planes. */
final class Resize {
    private Resize() {
    }

    /**
     * Bilinear resize of one {@code h x w} plane to {@code outH x outW} with half-pixel centres (PyTorch's
     * {@code interpolate(mode="bilinear", align_corners=False)} without antialiasing): output pixel (y, x) samples
     * the input at ((y + 0.5) * h / outH - 0.5, ...), clamped to the edge.
     */
    static void bilinear(float[] in, int inOff, int h, int w, float[] out, int outOff, int outH, int outW) {
        if (h == outH && w == outW) {
            System.arraycopy(in, inOff, out, outOff, h * w);
            return;
        }
        float sy = (float) h / outH, sx = (float) w / outW;
        for (int y = 0; y < outH; y++) {
            float fy = Math.max(0f, (y + 0.5f) * sy - 0.5f);
            int y0 = Math.min((int) fy, h - 1), y1 = Math.min(y0 + 1, h - 1);
            float dy = fy - y0;
            for (int x = 0; x < outW; x++) {
                float fx = Math.max(0f, (x + 0.5f) * sx - 0.5f);
                int x0 = Math.min((int) fx, w - 1), x1 = Math.min(x0 + 1, w - 1);
                float dx = fx - x0;
                float top = in[inOff + y0 * w + x0] * (1 - dx) + in[inOff + y0 * w + x1] * dx;
                float bottom = in[inOff + y1 * w + x0] * (1 - dx) + in[inOff + y1 * w + x1] * dx;
                out[outOff + y * outW + x] = top * (1 - dy) + bottom * dy;
            }
        }
    }
}

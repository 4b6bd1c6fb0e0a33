package splot.ops;

import splot.tensor.Arena;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/** Zero padding around images: (N, C, H, W) -> (N, C, top + H + bottom, left + W + right), as PyTorch's {@code ZeroPad2d}. */
public final class Pad {
    private Pad() {
    }

    /** Adds rows of zeros above and below and columns of zeros left and right of every channel. */
    public static Tensor zeroPad2d(Tensor x, int top, int bottom, int left, int right) {
        if (x.rank() != 4) throw new IllegalArgumentException("zero_pad2d: expected input (N, C, H, W), got " + x.shape());
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException("zero_pad2d: padding must be >= 0, got top " + top + ", bottom " + bottom
                    + ", left " + left + ", right " + right);
        }
        int planes = x.dim(0) * x.dim(1), h = x.dim(2), w = x.dim(3);
        int oh = h + top + bottom, ow = w + left + right;
        float[] in = x.data();
        float[] y = Arena.zeros(planes * oh * ow);
        for (int q = 0; q < planes; q++)
            for (int r = 0; r < h; r++) System.arraycopy(in, (q * h + r) * w, y, (q * oh + r + top) * ow + left, w);
        return Tensor.fromOp("zero_pad2d", y, Shape.of(x.dim(0), x.dim(1), oh, ow), g -> {
            float[] gx = x.gradBuffer();
            for (int q = 0; q < planes; q++)
                for (int r = 0; r < h; r++) {
                    int src = (q * oh + r + top) * ow + left, dst = (q * h + r) * w;
                    for (int c = 0; c < w; c++) gx[dst + c] += g[src + c];
                }
        }, x);
    }
}

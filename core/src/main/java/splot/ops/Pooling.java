package splot.ops;

import splot.kernel.Pool2d;
import splot.kernel.Window2d;
import splot.tensor.Arena;
import splot.tensor.GradMode;
import splot.tensor.GradTarget;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * Max and average pooling, each channel on its own, as PyTorch's {@code F.max_pool2d},
 * {@code F.avg_pool2d} (count_include_pad=True) and their 1-D forms; and global average pooling.
 *
 * <p>2-D: (N, C, H, W) -> (N, C, Hout, Wout), Hout = floor((H + 2p - k) / s) + 1.
 * 1-D: (N, C, L) -> (N, C, Lout), the same formula.
 * The gradient of a max-pool goes to the one input that won each window (the first on ties) and
 * is zero for the others; an average-pool spreads it evenly over the window.
 */
public final class Pooling {
    private Pooling() {
    }

    public static Tensor maxPool2d(Tensor x, Pool2dSpec spec) {
        check4d("max_pool2d", x);
        Window2d win = spec.window(x.dim(0) * x.dim(1), x.dim(2), x.dim(3), "max_pool2d");
        return max("max_pool2d", x, win, Shape.of(x.dim(0), x.dim(1), win.outH(), win.outW()));
    }

    public static Tensor avgPool2d(Tensor x, Pool2dSpec spec) {
        check4d("avg_pool2d", x);
        Window2d win = spec.window(x.dim(0) * x.dim(1), x.dim(2), x.dim(3), "avg_pool2d");
        return avg("avg_pool2d", x, win, Shape.of(x.dim(0), x.dim(1), win.outH(), win.outW()));
    }

    /** Max over windows of {@code kernel} samples moved by {@code stride}, with {@code padding} outside each end. */
    public static Tensor maxPool1d(Tensor x, int kernel, int stride, int padding) {
        check3d("max_pool1d", x);
        Window2d win = new Pool2dSpec(1, kernel, 1, stride, 0, padding).window(x.dim(0) * x.dim(1), 1, x.dim(2), "max_pool1d");
        return max("max_pool1d", x, win, Shape.of(x.dim(0), x.dim(1), win.outW()));
    }

    public static Tensor avgPool1d(Tensor x, int kernel, int stride, int padding) {
        check3d("avg_pool1d", x);
        Window2d win = new Pool2dSpec(1, kernel, 1, stride, 0, padding).window(x.dim(0) * x.dim(1), 1, x.dim(2), "avg_pool1d");
        return avg("avg_pool1d", x, win, Shape.of(x.dim(0), x.dim(1), win.outW()));
    }

    /** Mean of each channel over all positions: (N, C, H, W) -> (N, C), as Keras' GlobalAveragePooling2D. */
    public static Tensor globalAvgPool2d(Tensor x) {
        check4d("global_avg_pool2d", x);
        int planes = x.dim(0) * x.dim(1), size = x.dim(2) * x.dim(3);
        float[] in = x.data();
        float[] y = Arena.zeros(planes);
        for (int q = 0; q < planes; q++) {
            double s = 0;
            for (int j = 0; j < size; j++) s += in[q * size + j];
            y[q] = (float) (s / size);
        }
        return Tensor.fromOp("global_avg_pool2d", y, Shape.of(x.dim(0), x.dim(1)), g -> {
            float[] gx = x.gradBuffer();
            for (int q = 0; q < planes; q++) {
                float share = g[q] / size;
                for (int j = 0; j < size; j++) gx[q * size + j] += share;
            }
        }, x);
    }

    // Every (item, channel) plane is pooled alike, so the kernels see N * C planes of one image.
    private static Tensor max(String op, Tensor x, Window2d win, Shape out) {
        float[] y = Arena.floats(out.size());
        // Only a backward pass needs the winners' positions.
        int[] argmax = GradMode.isEnabled() && x.requiresGrad() ? Arena.ints(y.length) : null;
        Pool2d.maxForward(x.data(), 0, win, y, argmax, 0);
        return Tensor.fromOp(op, y, out, g -> {
            GradTarget gx = x.gradTarget();
            Pool2d.maxBackward(g, argmax, 0, win, gx.data(), 0, gx.add());
        }, x);
    }

    private static Tensor avg(String op, Tensor x, Window2d win, Shape out) {
        float[] y = Arena.floats(out.size());
        Pool2d.avgForward(x.data(), 0, win, y, 0);
        return Tensor.fromOp(op, y, out, g -> {
            GradTarget gx = x.gradTarget();
            Pool2d.avgBackward(g, 0, win, gx.data(), 0, gx.add());
        }, x);
    }

    private static void check4d(String op, Tensor x) {
        if (x.rank() != 4) throw new IllegalArgumentException(op + ": expected input (N, C, H, W), got " + x.shape());
    }

    private static void check3d(String op, Tensor x) {
        if (x.rank() != 3) throw new IllegalArgumentException(op + ": expected input (N, C, L), got " + x.shape());
    }
}

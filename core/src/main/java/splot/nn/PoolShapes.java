package splot.nn;

import splot.ops.Pool2dSpec;
import splot.tensor.Shape;

/** Output shapes of the pooling layers, with the error that names the layer when a window does not fit. */
final class PoolShapes {
    private PoolShapes() {
    }

    /** (C, H, W) -> (C, Hout, Wout). */
    static Shape output2d(String layer, Pool2dSpec spec, Shape item) {
        int oh = spec.outHeight(item.dim(1)), ow = spec.outWidth(item.dim(2));
        if (oh <= 0 || ow <= 0) throw tooSmall(layer, spec.kernelH() + "x" + spec.kernelW(), item);
        return Shape.of(item.dim(0), oh, ow);
    }

    /** (C, L) -> (C, Lout) for a window of {@code size} moved by {@code stride} with {@code padding} at each end. */
    static Shape output1d(String layer, int size, int stride, int padding, Shape item) {
        int out = Math.floorDiv(item.dim(1) + 2 * padding - size, stride) + 1;
        if (out <= 0) throw tooSmall(layer, String.valueOf(size), item);
        return Shape.of(item.dim(0), out);
    }

    private static IllegalArgumentException tooSmall(String layer, String window, Shape item) {
        return new IllegalArgumentException(layer + ": a " + window + " window does not fit input items of shape " + item);
    }
}

package splot.nn;

import splot.ops.Pooling;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * Global average pooling: the mean of each channel over the whole image, flattened, as Keras'
 * {@code GlobalAveragePooling2D} (PyTorch's {@code AdaptiveAvgPool2d(1)} followed by flatten).
 * Input (N, C, H, W) -> output (N, C). Takes images of any size with the built channel count. No parameters.
 */
public final class GlobalAvgPool2d extends Layer {
    @Override
    protected Shape build(Shape input) {
        if (input.rank() != 3) throw new IllegalArgumentException(describe() + " expects images (N, C, H, W), got items of shape " + input);
        return Shape.of(input.dim(0));
    }

    @Override
    protected boolean accepts(Shape built, Shape got) {
        return got.rank() == 3 && got.dim(0) == built.dim(0);
    }

    @Override
    protected Tensor forward(Tensor x) {
        return Pooling.globalAvgPool2d(x);
    }
}

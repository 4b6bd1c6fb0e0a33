package splot.data;

import java.util.SplittableRandom;
import splot.tensor.Shape;

/**
 * Changes one item in place as it is batched: normalisation, or augmentation (flip, shift) which
 * draws from {@code random}. Runs on the loader's worker thread.
 */
@FunctionalInterface
public interface Transform {
    /** Transforms the item of shape {@code shape} stored at {@code data[offset ..]}. */
    void apply(float[] data, int offset, Shape shape, SplittableRandom random);

    /** x -> (x * scale - mean) / std, elementwise: {@code normalize(1/255f, 0, 1)} maps bytes to [0, 1]. */
    static Transform normalize(float scale, float mean, float std) {
        if (std <= 0) throw new IllegalArgumentException("std must be > 0, got " + std);
        return (data, offset, shape, random) -> {
            int n = shape.size();
            for (int i = offset; i < offset + n; i++) data[i] = (data[i] * scale - mean) / std;
        };
    }

    /** This transform, then {@code next}. */
    default Transform andThen(Transform next) {
        return (data, offset, shape, random) -> {
            apply(data, offset, shape, random);
            next.apply(data, offset, shape, random);
        };
    }
}

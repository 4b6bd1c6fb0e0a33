package splot.data;

import java.util.SplittableRandom;
import splot.tensor.Shape;

/**
 * Changes one image in place, e.g. to augment training data: {@code image[offset .. offset + shape.size())} in
 * CHW order, in pixel units (the {@link DataLoader} applies transforms before normalising). Randomness must come
 * from {@code random}, which the loader seeds per epoch, so a run repeats exactly. Called on the loader's worker
 * thread, one image at a time.
 */
@FunctionalInterface
public interface Transform {
    void apply(float[] image, int offset, Shape shape, SplittableRandom random);
}

package splot.data;

import java.util.SplittableRandom;
import splot.tensor.Shape;

/** Mirrors an image left-right with the given probability (0.5 is the usual augmentation). Shape unchanged. */
public final class HorizontalFlip implements Transform {
    private final double probability;

    public HorizontalFlip(double probability) {
        if (!(probability >= 0 && probability <= 1)) throw new IllegalArgumentException("Flip probability must be in [0, 1], got " + probability);
        this.probability = probability;
    }

    /** Flips half of the images. */
    public HorizontalFlip() {
        this(0.5);
    }

    @Override
    public void apply(float[] image, int offset, Shape shape, SplittableRandom random) {
        if (random.nextDouble() >= probability) return;
        int rows = shape.dim(0) * shape.dim(1), w = shape.dim(2);
        for (int r = 0; r < rows; r++) {
            int left = offset + r * w, right = left + w - 1;
            for (; left < right; left++, right--) {
                float t = image[left];
                image[left] = image[right];
                image[right] = t;
            }
        }
    }

    @Override
    public String toString() {
        return "HorizontalFlip(p=" + probability + ")";
    }
}

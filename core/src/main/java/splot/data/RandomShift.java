package splot.data;

import java.util.SplittableRandom;
import splot.tensor.Shape;

/**
 * Moves an image by a random whole number of pixels, dy and dx each uniform in [-maxShift, maxShift]; pixels
 * moved in from outside get {@code fill}. The same as padding by maxShift on every side and cropping H x W at a
 * random place (torchvision's {@code RandomCrop(size, padding=maxShift)}). Shape unchanged.
 */
public final class RandomShift implements Transform {
    private final int maxShift;
    private final float fill;
    // One image plane of scratch per thread: the loader's worker reuses it for every image.
    private final ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[0]);

    public RandomShift(int maxShift, float fill) {
        if (maxShift < 0) throw new IllegalArgumentException("Shift must be >= 0, got " + maxShift);
        this.maxShift = maxShift;
        this.fill = fill;
    }

    /** Shifts by up to {@code maxShift} pixels, filling with 0 (black, before normalisation). */
    public RandomShift(int maxShift) {
        this(maxShift, 0f);
    }

    @Override
    public void apply(float[] image, int offset, Shape shape, SplittableRandom random) {
        int dy = random.nextInt(2 * maxShift + 1) - maxShift, dx = random.nextInt(2 * maxShift + 1) - maxShift;
        shift(image, offset, shape, dy, dx);
    }

    /** Output (y, x) = input (y - dy, x - dx), or {@code fill} where that is outside. */
    void shift(float[] image, int offset, Shape shape, int dy, int dx) {
        if (dy == 0 && dx == 0) return;
        int channels = shape.dim(0), h = shape.dim(1), w = shape.dim(2), plane = h * w;
        float[] copy = scratch.get();
        if (copy.length < plane) scratch.set(copy = new float[plane]);
        for (int c = 0; c < channels; c++) {
            int base = offset + c * plane;
            System.arraycopy(image, base, copy, 0, plane);
            for (int y = 0; y < h; y++) {
                int sy = y - dy;
                for (int x = 0; x < w; x++) {
                    int sx = x - dx;
                    image[base + y * w + x] = sy >= 0 && sy < h && sx >= 0 && sx < w ? copy[sy * w + sx] : fill;
                }
            }
        }
    }

    @Override
    public String toString() {
        return "RandomShift(" + maxShift + ")";
    }
}

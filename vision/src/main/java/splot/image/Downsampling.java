package splot.image;

import java.util.Locale;

/**
 * How {@link Image#downsample} shrinks an image by an integer factor k.
 */
public enum Downsampling {
    /**
     * Every k-th pixel, starting with the first: numpy's {@code x[::k, ::k]}. Output ceil(H/k) x ceil(W/k).
     * Fast and exact for pixel art; aliases fine detail in photos.
     */
    STRIDE,
    /**
     * The mean of each k x k block; a last partial row or column of blocks is dropped. Output floor(H/k) x floor(W/k).
     * Smooths before it shrinks, so photos keep their look.
     */
    MEAN;

    /** Parses {@code stride} or {@code mean} (any case). */
    public static Downsampling parse(String name) {
        for (Downsampling d : values()) if (d.name().equalsIgnoreCase(name.strip())) return d;
        throw new IllegalArgumentException("Unknown downsampling '" + name + "'. Valid: stride, mean");
    }

    /** One plane shrunk by {@code factor}. */
    public Plane apply(Plane p, int factor) {
        if (factor < 1) throw new IllegalArgumentException("Downsampling factor must be >= 1, got " + factor);
        if (factor == 1) return p.copy();
        int h = p.height(), w = p.width();
        float[] src = p.data();
        if (this == STRIDE) {
            int oh = (h + factor - 1) / factor, ow = (w + factor - 1) / factor;
            float[] d = new float[oh * ow];
            for (int y = 0; y < oh; y++) for (int x = 0; x < ow; x++) d[y * ow + x] = src[y * factor * w + x * factor];
            return new Plane(oh, ow, d);
        }
        int oh = h / factor, ow = w / factor;
        if (oh == 0 || ow == 0) {
            throw new IllegalArgumentException("Cannot take the mean of " + factor + "x" + factor + " blocks of a "
                    + h + "x" + w + " image: it is smaller than one block");
        }
        float[] d = new float[oh * ow];
        double norm = 1.0 / ((double) factor * factor);
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                double s = 0;
                for (int dy = 0; dy < factor; dy++) {
                    int row = (y * factor + dy) * w + x * factor;
                    for (int dx = 0; dx < factor; dx++) s += src[row + dx];
                }
                d[y * ow + x] = (float) (s * norm);
            }
        }
        return new Plane(oh, ow, d);
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}

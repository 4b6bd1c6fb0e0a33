package splot.data;

import java.util.Arrays;
import splot.tensor.Shape;

/**
 * How the {@link DataLoader} turns pixel units into network inputs: {@code x * scale}, then per channel
 * {@code (x - mean[c]) / std[c]}. A single mean or std applies to every channel.
 *
 * <pre>{@code
 * Normalization.unit()                                        // x / 255, in [0, 1] (the default)
 * Normalization.meanStd(new float[] {0.5f}, new float[] {1})  // x / 255 - 0.5
 * Normalization.fit(train)                                    // x / 255, centred and scaled by the data's own statistics
 * }</pre>
 */
public final class Normalization {
    private final float scale;
    private final float[] mean, std;

    private Normalization(float scale, float[] mean, float[] std) {
        if (mean.length == 0 || std.length == 0) throw new IllegalArgumentException("Need at least one mean and one std");
        for (float s : std) if (!(s > 0)) throw new IllegalArgumentException("Standard deviations must be > 0, got " + Arrays.toString(std));
        this.scale = scale;
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** Pixel values as they are (0..255 for 8-bit data). */
    public static Normalization none() {
        return new Normalization(1f, new float[] {0}, new float[] {1});
    }

    /** {@code x / 255}: 8-bit pixels in [0, 1]. */
    public static Normalization unit() {
        return new Normalization(1f / 255, new float[] {0}, new float[] {1});
    }

    /** {@code (x / 255 - mean[c]) / std[c]}, mean and std on the [0, 1] scale (as torchvision's Normalize). */
    public static Normalization meanStd(float[] mean, float[] std) {
        return new Normalization(1f / 255, mean, std);
    }

    /** {@link #meanStd} with each channel's mean and standard deviation measured over {@code data}. */
    public static Normalization fit(Dataset data) {
        Shape shape = data.itemShape();
        int channels = shape.dim(0), plane = shape.size() / channels;
        double[] sum = new double[channels], sumSq = new double[channels];
        float[] item = new float[shape.size()];
        for (int i = 0; i < data.size(); i++) {
            data.copyImage(i, item, 0);
            for (int c = 0; c < channels; c++) {
                for (int j = c * plane; j < (c + 1) * plane; j++) {
                    double v = item[j] / 255.0;
                    sum[c] += v;
                    sumSq[c] += v * v;
                }
            }
        }
        double count = (double) data.size() * plane;
        float[] mean = new float[channels], std = new float[channels];
        for (int c = 0; c < channels; c++) {
            double m = sum[c] / count;
            mean[c] = (float) m;
            std[c] = (float) Math.sqrt(Math.max(sumSq[c] / count - m * m, 1e-12));
        }
        return meanStd(mean, std);
    }

    /** Plain data for a model file: {@code {"scale": s, "mean": [...], "std": [...]}}. */
    public java.util.Map<String, Object> toMap() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("scale", (double) scale);
        m.put("mean", toList(mean));
        m.put("std", toList(std));
        return m;
    }

    /** Reads {@link #toMap()} back. */
    public static Normalization fromMap(java.util.Map<String, Object> m) {
        return new Normalization(((Number) m.get("scale")).floatValue(), toArray(m.get("mean")), toArray(m.get("std")));
    }

    private static java.util.List<Double> toList(float[] a) {
        java.util.List<Double> l = new java.util.ArrayList<>();
        for (float v : a) l.add((double) v);
        return l;
    }

    private static float[] toArray(Object list) {
        java.util.List<?> l = (java.util.List<?>) list;
        float[] a = new float[l.size()];
        for (int i = 0; i < a.length; i++) a[i] = ((Number) l.get(i)).floatValue();
        return a;
    }

    public float scale() {
        return scale;
    }

    public float[] mean() {
        return mean.clone();
    }

    public float[] std() {
        return std.clone();
    }

    /** Throws unless the means and stds fit images of {@code item} shape. */
    void check(Shape item) {
        int channels = item.dim(0);
        if ((mean.length != 1 && mean.length != channels) || (std.length != 1 && std.length != channels)) {
            throw new IllegalArgumentException(this + " does not fit images of shape " + item + ": need 1 or "
                    + channels + " means and stds, got " + mean.length + " and " + std.length);
        }
    }

    /** Normalises one CHW image in place. */
    public void apply(float[] image, int offset, Shape item) {
        int channels = item.dim(0), plane = item.size() / channels;
        for (int c = 0; c < channels; c++) {
            float m = mean[mean.length == 1 ? 0 : c], a = scale / std[std.length == 1 ? 0 : c], b = m / std[std.length == 1 ? 0 : c];
            // (x * scale - m) / s  ==  x * (scale / s) - m / s
            for (int j = offset + c * plane, end = j + plane; j < end; j++) image[j] = image[j] * a - b;
        }
    }

    @Override
    public String toString() {
        return "Normalization(x * " + scale + ", mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std) + ")";
    }
}

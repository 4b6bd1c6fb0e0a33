package splot.image;

import java.util.List;
import java.util.Locale;

/**
 * How filter output, which may be any float, becomes 0..255 pixels in a PNG. Colour images are mapped
 * with one range over all channels, so their colour balance is kept.
 */
public enum OutputMapping {
    /** Round, then clip to 0..255. For kernels that keep the brightness range (blur, sharpen, identity). */
    CLIP,
    /** Min-max: the smallest value becomes 0 and the largest 255 (a constant image becomes all 0). */
    MINMAX,
    /** Absolute value, then min-max. For edge maps, where a dark-to-bright and a bright-to-dark edge are alike. */
    ABS;

    /** Parses {@code clip}, {@code minmax} or {@code abs} (any case); the error lists these names. */
    public static OutputMapping parse(String name) {
        String key = name.strip().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        for (OutputMapping m : values()) if (m.name().toLowerCase(Locale.ROOT).equals(key)) return m;
        throw new IllegalArgumentException("Unknown output mapping '" + name + "'. Valid mappings: clip, minmax, abs");
    }

    /**
     * The mapping that shows a kernel's result best: {@code ABS} for kernels that sum to 0 (edge detectors),
     * {@code MINMAX} for kernels with a negative sum (the texts' negative), {@code CLIP} otherwise, so that
     * the 0.01 blur really looks darker.
     */
    public static OutputMapping forKernel(Kernel kernel) {
        double sum = kernel.sum(), scale = 0;
        for (float v : kernel.weights().data()) scale += Math.abs(v);
        if (Math.abs(sum) <= 1e-6 * scale) return ABS;
        return sum < 0 ? MINMAX : CLIP;
    }

    /** The planes as 0..255 integers, {@code [channel][y * width + x]}. */
    public int[][] toBytes(List<Plane> planes) {
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        if (this != CLIP) {
            for (Plane p : planes) {
                for (float v : p.data()) {
                    float u = this == ABS ? Math.abs(v) : v;
                    lo = Math.min(lo, u);
                    hi = Math.max(hi, u);
                }
            }
        }
        double scale = hi > lo ? 255.0 / ((double) hi - lo) : 0;
        int[][] out = new int[planes.size()][];
        for (int c = 0; c < out.length; c++) {
            float[] d = planes.get(c).data();
            int[] b = new int[d.length];
            for (int i = 0; i < d.length; i++) {
                double u = switch (this) {
                    case CLIP -> d[i];
                    case MINMAX -> (d[i] - (double) lo) * scale;
                    case ABS -> (Math.abs(d[i]) - (double) lo) * scale;
                };
                b[i] = Float.isNaN(d[i]) ? 0 : (int) Math.max(0, Math.min(255, Math.round(u)));
            }
            out[c] = b;
        }
        return out;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}

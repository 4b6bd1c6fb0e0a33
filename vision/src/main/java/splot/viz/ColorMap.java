package splot.viz;

import java.awt.Color;

/**
 * Colour scales for values in 0..1, as piecewise-linear ramps through a few anchor colours taken from
 * matplotlib's maps of the same names (perceptually ordered: brighter means more).
 */
public enum ColorMap {
    /** Black through purple and orange to pale yellow: heat maps (saliency). */
    INFERNO(0x000004, 0x420A68, 0x932667, 0xDD513A, 0xFCA50A, 0xFCFFA4),
    /** Dark violet through teal to yellow. */
    VIRIDIS(0x440154, 0x3B528B, 0x21918C, 0x5EC962, 0xFDE725),
    /** White to dark blue: counts (confusion matrix), so an empty cell stays white. */
    BLUES(0xF7FBFF, 0xC6DBEF, 0x6BAED6, 0x2171B5, 0x08306B),
    /** Black to white. */
    GRAY(0x000000, 0xFFFFFF);

    private final int[] anchors;

    ColorMap(int... anchors) {
        this.anchors = anchors;
    }

    /** The colour of {@code t} (clipped to 0..1; NaN counts as 0) as 0xRRGGBB. */
    public int rgb(double t) {
        if (!(t > 0)) t = 0;
        if (t > 1) t = 1;
        double pos = t * (anchors.length - 1);
        int i = Math.min((int) pos, anchors.length - 2);
        double f = pos - i;
        int a = anchors[i], b = anchors[i + 1];
        return mix(a >> 16 & 0xFF, b >> 16 & 0xFF, f) << 16 | mix(a >> 8 & 0xFF, b >> 8 & 0xFF, f) << 8 | mix(a & 0xFF, b & 0xFF, f);
    }

    public Color color(double t) {
        return new Color(rgb(t));
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }

    /** Whether text on colour {@code rgb} reads better in white than in black (by perceived brightness). */
    static boolean isDark(int rgb) {
        double luma = 0.299 * (rgb >> 16 & 0xFF) + 0.587 * (rgb >> 8 & 0xFF) + 0.114 * (rgb & 0xFF);
        return luma < 140;
    }
}

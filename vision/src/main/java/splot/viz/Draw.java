package splot.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.util.Locale;

/** The look shared by all pictures (fonts, colours, margins) and small Java2D helpers. */
final class Draw {
    static final Color BACKGROUND = Color.WHITE, INK = new Color(0x20, 0x20, 0x28), MUTED = new Color(0x60, 0x60, 0x70);
    static final Color FRAME = new Color(0xC8, 0xC8, 0xD0), EMPTY_TILE = new Color(0xEE, 0xEE, 0xF2);
    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    static final Font HEADING = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    static final int MARGIN = 16;

    private Draw() {
    }

    /** A white RGB canvas of the given size; the caller disposes the graphics it gets from {@link #graphics}. */
    static BufferedImage canvas(int width, int height) {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("Picture size must be positive, got " + width + "x" + height);
        if ((long) width * height > 200_000_000L) {
            throw new IllegalArgumentException("Picture of " + width + "x" + height + " pixels is too large; show fewer layers or channels");
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(out);
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return out;
    }

    /** Graphics with antialiased text and shapes; images drawn through it are scaled nearest-neighbour. */
    static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        // Activations and kernels are a few pixels wide: enlarged, each value must stay a hard-edged square.
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        return g;
    }

    static int textWidth(String text, Font font) {
        return metrics(font).stringWidth(text);
    }

    static int lineHeight(Font font) {
        return metrics(font).getHeight();
    }

    static FontMetrics metrics(Font font) {
        // A scratch image gives font metrics without a screen.
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            return g.getFontMetrics(font);
        } finally {
            g.dispose();
        }
    }

    /** Draws {@code text} with its top-left corner at (x, y). */
    static void text(Graphics2D g, String text, Font font, Color color, int x, int y) {
        g.setFont(font);
        g.setColor(color);
        g.drawString(text, x, y + g.getFontMetrics().getAscent());
    }

    /** Draws {@code text} centred horizontally on {@code cx}, top at y. */
    static void textCentered(Graphics2D g, String text, Font font, Color color, int cx, int y) {
        text(g, text, font, color, cx - textWidth(text, font) / 2, y);
    }

    /** Shortens {@code text} with an ellipsis until it fits {@code width} pixels. */
    static String fit(String text, Font font, int width) {
        if (textWidth(text, font) <= width) return text;
        String s = text;
        while (s.length() > 1 && textWidth(s + "…", font) > width) s = s.substring(0, s.length() - 1);
        return s + "…";
    }

    /** A gray picture of an h x w plane at {@code off}, {@code lo} black and {@code hi} white (clipped). */
    static BufferedImage gray(float[] data, int off, int h, int w, float lo, float hi) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = out.getRaster();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) row[x] = toByte(data[off + y * w + x], lo, hi);
            r.setSamples(0, y, w, 1, 0, row);
        }
        return out;
    }

    /** An RGB picture of three h x w planes (CHW at {@code off}), one range for all channels so colours keep their balance. */
    static BufferedImage rgb(float[] data, int off, int h, int w, float lo, float hi) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int n = h * w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = off + y * w + x;
                out.setRGB(x, y, toByte(data[i], lo, hi) << 16 | toByte(data[i + n], lo, hi) << 8 | toByte(data[i + 2 * n], lo, hi));
            }
        }
        return out;
    }

    /** A picture of an item (C, H, W) with 1 or 3 channels, min-max scaled; other channel counts show their mean. */
    static BufferedImage item(float[] data, int off, int c, int h, int w) {
        float[] r = range(data, off, c * h * w);
        if (c == 3) return rgb(data, off, h, w, r[0], r[1]);
        if (c == 1) return gray(data, off, h, w, r[0], r[1]);
        float[] mean = new float[h * w];
        for (int k = 0; k < c; k++) for (int i = 0; i < h * w; i++) mean[i] += data[off + k * h * w + i] / c;
        float[] m = range(mean, 0, mean.length);
        return gray(mean, 0, h, w, m[0], m[1]);
    }

    /** {min, max} of {@code n} values at {@code off}, NaN ignored; {0, 0} when there are none. */
    static float[] range(float[] data, int off, int n) {
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (int i = off; i < off + n; i++) {
            float v = data[i];
            if (v < lo) lo = v;
            if (v > hi) hi = v;
        }
        return lo > hi ? new float[] {0, 0} : new float[] {lo, hi};
    }

    /** 0..255 for v in [lo, hi]; a flat range (lo == hi) is mid-gray so that a constant tile is visibly "no contrast". */
    static int toByte(float v, float lo, float hi) {
        if (Float.isNaN(v)) return 0;
        if (!(hi > lo)) return 128;
        double u = (v - (double) lo) / ((double) hi - lo) * 255;
        return (int) Math.max(0, Math.min(255, Math.round(u)));
    }

    /** The largest whole factor that keeps {@code size} pixels at most {@code target}; at least 1. */
    static int scaleFor(int size, int target) {
        return Math.max(1, target / Math.max(1, size));
    }

    /** Pictures one below the other, left-aligned, {@code gap} pixels apart, on white. */
    static BufferedImage stack(java.util.List<BufferedImage> parts, int gap) {
        int width = 0, height = 0;
        for (BufferedImage p : parts) {
            width = Math.max(width, p.getWidth());
            height += p.getHeight();
        }
        height += gap * Math.max(0, parts.size() - 1);
        BufferedImage out = canvas(width, height);
        Graphics2D g = graphics(out);
        try {
            int y = 0;
            for (BufferedImage p : parts) {
                g.drawImage(p, 0, y, null);
                y += p.getHeight() + gap;
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** {@code [8, 26, 26]} without the brackets' spaces: {@code 8x26x26}. */
    static String shape(splot.tensor.Shape s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.rank(); i++) sb.append(i == 0 ? "" : "×").append(s.dim(i));
        return sb.toString();
    }

    /** A number with thousands separators: {@code 1,345,066}. */
    static String count(long n) {
        return String.format(Locale.US, "%,d", n);
    }

    /** Four significant digits without exponent clutter for typical activations and losses. */
    static String number(double v) {
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 1e4 || a < 1e-3) return String.format(Locale.US, "%.2e", v);
        if (a >= 100) return String.format(Locale.US, "%.0f", v);
        if (a >= 10) return String.format(Locale.US, "%.1f", v);
        return String.format(Locale.US, "%.3f", v);
    }
}

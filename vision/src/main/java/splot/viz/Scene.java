package splot.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A vector drawing kept as a list of shapes, so that one layout gives both an SVG file and a PNG:
 * {@link #toSvg()} writes the SVG text by hand, {@link #toImage()} paints the same shapes with Java2D.
 * Coordinates are pixels, y downwards; text is DejaVu Sans (Java's SansSerif here) so widths measured
 * with {@link Draw#textWidth} hold in both.
 */
final class Scene {
    /** Something drawn. */
    sealed interface Item permits Box, Label, Curve, Polygon {
    }

    /** A rectangle with rounded corners; {@code dashed} outlines dash. Colours are 0xRRGGBB. */
    record Box(double x, double y, double w, double h, double radius, int fill, int stroke, boolean dashed) implements Item {
    }

    /** Text with its baseline at y; {@code anchor} is "start", "middle" or "end" (as SVG's text-anchor). */
    record Label(double x, double y, String text, int size, boolean bold, int color, String anchor) implements Item {
    }

    /** A path: a start point, then cubic segments of 6 numbers each (two control points and the end point). */
    record Curve(double[] points, int color, double width) implements Item {
    }

    /** A filled polygon, x and y alternating (arrow heads, legend swatches). */
    record Polygon(double[] points, int fill) implements Item {
    }

    static final String FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif";

    final int width, height;
    final String title;
    private final List<Item> items = new ArrayList<>();

    Scene(int width, int height, String title) {
        this.width = width;
        this.height = height;
        this.title = title;
    }

    Scene add(Item item) {
        items.add(item);
        return this;
    }

    List<Item> items() {
        return List.copyOf(items);
    }

    static Font font(int size, boolean bold) {
        return new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, size);
    }

    /** A standalone SVG 1.1 document. */
    String toSvg() {
        StringBuilder s = new StringBuilder();
        s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"%s\">%n",
                width, height, width, height, FONT_FAMILY));
        s.append("  <title>").append(escape(title)).append("</title>\n");
        s.append("  <rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        for (Item item : items) {
            switch (item) {
                case Box b -> s.append(String.format(Locale.ROOT,
                        "  <rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"%.1f\" fill=\"%s\" stroke=\"%s\" stroke-width=\"1.2\"%s/>%n",
                        b.x(), b.y(), b.w(), b.h(), b.radius(), hex(b.fill()), hex(b.stroke()), b.dashed() ? " stroke-dasharray=\"4 3\"" : ""));
                case Label l -> s.append(String.format(Locale.ROOT,
                        "  <text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\"%s fill=\"%s\" text-anchor=\"%s\">%s</text>%n",
                        l.x(), l.y(), l.size(), l.bold() ? " font-weight=\"bold\"" : "", hex(l.color()), l.anchor(), escape(l.text())));
                case Curve c -> s.append(String.format(Locale.ROOT, "  <path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\"/>%n",
                        pathData(c.points()), hex(c.color()), c.width()));
                case Polygon p -> s.append(String.format(Locale.ROOT, "  <polygon points=\"%s\" fill=\"%s\"/>%n", points(p.points()), hex(p.fill())));
            }
        }
        return s.append("</svg>\n").toString();
    }

    /** The drawing painted on a white picture of width x height. */
    BufferedImage toImage() {
        BufferedImage out = Draw.canvas(width, height);
        Graphics2D g = Draw.graphics(out);
        try {
            g.setRenderingHint(java.awt.RenderingHints.KEY_STROKE_CONTROL, java.awt.RenderingHints.VALUE_STROKE_PURE);
            for (Item item : items) {
                switch (item) {
                    case Box b -> {
                        var shape = new RoundRectangle2D.Double(b.x(), b.y(), b.w(), b.h(), 2 * b.radius(), 2 * b.radius());
                        g.setColor(new Color(b.fill()));
                        g.fill(shape);
                        g.setColor(new Color(b.stroke()));
                        g.setStroke(b.dashed() ? new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4, 3}, 0)
                                : new BasicStroke(1.2f));
                        g.draw(shape);
                    }
                    case Label l -> {
                        Font f = font(l.size(), l.bold());
                        int w = Draw.textWidth(l.text(), f);
                        double x = switch (l.anchor()) {
                            case "middle" -> l.x() - w / 2.0;
                            case "end" -> l.x() - w;
                            default -> l.x();
                        };
                        g.setFont(f);
                        g.setColor(new Color(l.color()));
                        g.drawString(l.text(), (float) x, (float) l.y());
                    }
                    case Curve c -> {
                        double[] p = c.points();
                        Path2D.Double path = new Path2D.Double();
                        path.moveTo(p[0], p[1]);
                        for (int i = 2; i + 5 < p.length; i += 6) path.curveTo(p[i], p[i + 1], p[i + 2], p[i + 3], p[i + 4], p[i + 5]);
                        g.setColor(new Color(c.color()));
                        g.setStroke(new BasicStroke((float) c.width(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                        g.draw(path);
                    }
                    case Polygon p -> {
                        Path2D.Double path = new Path2D.Double();
                        double[] q = p.points();
                        path.moveTo(q[0], q[1]);
                        for (int i = 2; i + 1 < q.length; i += 2) path.lineTo(q[i], q[i + 1]);
                        path.closePath();
                        g.setColor(new Color(p.fill()));
                        g.fill(path);
                    }
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    private static String pathData(double[] p) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "M %.1f %.1f", p[0], p[1]));
        for (int i = 2; i + 5 < p.length; i += 6) {
            s.append(String.format(Locale.ROOT, " C %.1f %.1f, %.1f %.1f, %.1f %.1f", p[i], p[i + 1], p[i + 2], p[i + 3], p[i + 4], p[i + 5]));
        }
        return s.toString();
    }

    private static String points(double[] p) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i + 1 < p.length; i += 2) s.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", p[i], p[i + 1]));
        return s.toString();
    }

    static String hex(int rgb) {
        return String.format(Locale.ROOT, "#%06x", rgb & 0xFFFFFF);
    }

    /** Text made safe for XML content and attributes. */
    static String escape(String text) {
        StringBuilder s = new StringBuilder(text.length());
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '&' -> s.append("&amp;");
                case '"' -> s.append("&quot;");
                case '\'' -> s.append("&apos;");
                default -> {
                    if (ch >= 0x20 || ch == '\t' || ch == '\n') s.append(ch);   // XML 1.0 has no other control characters
                }
            }
        }
        return s.toString();
    }
}

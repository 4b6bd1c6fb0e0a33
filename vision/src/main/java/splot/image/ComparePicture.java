package splot.image;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The input beside the filter result, with a title naming the kernel: the picture a user looks at to see
 * what a filter does. Small images (MNIST's 28x28) are enlarged by whole pixels so each stays a visible
 * square; large ones are shrunk smoothly so the picture stays at most {@value #MAX_PANEL} pixels a side.
 */
public final class ComparePicture {
    /** Panels smaller than this are enlarged by an integer factor. */
    public static final int MIN_PANEL = 192;
    /** Panels larger than this are shrunk to fit. */
    public static final int MAX_PANEL = 720;
    private static final int MARGIN = 16, GAP = 16, TITLE = 40, CAPTION = 28;
    private static final Color BACKGROUND = Color.WHITE, INK = new Color(0x20, 0x20, 0x28), MUTED = new Color(0x60, 0x60, 0x70);

    private ComparePicture() {
    }

    /**
     * Draws the two images side by side. The input is shown clipped to 0..255 (it is a picture), the result
     * with {@code resultMapping}; each has a caption with its size, and {@code title} runs across the top.
     */
    public static BufferedImage render(Image input, Image result, OutputMapping resultMapping, String title) {
        BufferedImage left = input.toBufferedImage(OutputMapping.CLIP);
        BufferedImage right = result.toBufferedImage(resultMapping);
        double scale = scale(Math.max(Math.max(left.getHeight(), left.getWidth()), Math.max(right.getHeight(), right.getWidth())));
        int lw = size(left.getWidth(), scale), lh = size(left.getHeight(), scale);
        int rw = size(right.getWidth(), scale), rh = size(right.getHeight(), scale);
        String leftCaption = "input " + input.height() + "x" + input.width();
        String rightCaption = "result " + result.height() + "x" + result.width() + ", " + resultMapping;

        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 18), captionFont = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        int width = MARGIN + Math.max(lw, textWidth(leftCaption, captionFont)) + GAP
                + Math.max(rw, textWidth(rightCaption, captionFont)) + MARGIN;
        width = Math.max(width, textWidth(title, titleFont) + 2 * MARGIN);
        int height = MARGIN + TITLE + Math.max(lh, rh) + CAPTION + MARGIN;

        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, width, height);

            g.setColor(INK);
            g.setFont(titleFont);
            g.drawString(title, MARGIN, MARGIN + g.getFontMetrics().getAscent());

            // Enlarging keeps hard pixel edges; shrinking needs interpolation or thin lines vanish.
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, scale >= 1
                    ? RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR : RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            int top = MARGIN + TITLE;
            int rightX = MARGIN + Math.max(lw, textWidth(leftCaption, captionFont)) + GAP;
            g.drawImage(left, MARGIN, top, lw, lh, null);
            g.drawImage(right, rightX, top, rw, rh, null);

            g.setFont(captionFont);
            g.setColor(MUTED);
            int captionY = top + Math.max(lh, rh) + 6 + g.getFontMetrics().getAscent();
            g.drawString(leftCaption, MARGIN, captionY);
            g.drawString(rightCaption, rightX, captionY);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** {@link #render} written as a PNG, atomically. */
    public static void write(Path file, Image input, Image result, OutputMapping resultMapping, String title) throws IOException {
        Image.writePng(render(input, result, resultMapping, title), file);
    }

    private static double scale(int largest) {
        if (largest < MIN_PANEL) return Math.max(1, MIN_PANEL / largest);
        if (largest > MAX_PANEL) return (double) MAX_PANEL / largest;
        return 1;
    }

    private static int size(int pixels, double scale) {
        return Math.max(1, (int) Math.round(pixels * scale));
    }

    private static int textWidth(String text, Font font) {
        // A scratch image gives font metrics without a screen.
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            FontMetrics m = g.getFontMetrics(font);
            return m.stringWidth(text);
        } finally {
            g.dispose();
        }
    }
}

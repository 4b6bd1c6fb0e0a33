import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Draws the demo picture docs/images/sample.png: a synthetic scene (sky gradient, sun, hills, a house,
 * a tree, a fence, text) with flat areas, soft gradients, straight and curved edges and fine texture, so
 * every classic filter has something to show. Made here, so the repository carries no third-party photo.
 *
 * <p>Run from the repository root with a JDK 25: {@code java tools/images/SampleScene.java docs/images/sample.png}
 */
public class SampleScene {
    public static void main(String[] args) throws Exception {
        int w = 480, h = 320;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);

        g.setPaint(new GradientPaint(0, 0, new Color(40, 90, 170), 0, 200, new Color(190, 220, 245)));
        g.fillRect(0, 0, w, h);
        g.setPaint(new RadialGradientPaint(380, 70, 60, new float[] {0f, 0.45f, 1f},
                new Color[] {new Color(255, 250, 210), new Color(255, 210, 90), new Color(255, 210, 90, 0)}));
        g.fill(new Ellipse2D.Double(320, 10, 120, 120));

        hill(g, w, h, 190, 60, 0.011, new Color(90, 130, 90));
        hill(g, w, h, 225, 35, 0.019, new Color(60, 120, 60));
        g.setPaint(new GradientPaint(0, 250, new Color(70, 140, 60), 0, h, new Color(40, 95, 40)));
        g.fillRect(0, 250, w, h - 250);

        // Grass texture: short random strokes, fine detail for blur and sharpen.
        Random r = new Random(7);
        g.setStroke(new BasicStroke(1f));
        for (int i = 0; i < 900; i++) {
            int x = r.nextInt(w), y = 255 + r.nextInt(h - 255);
            g.setColor(new Color(30 + r.nextInt(50), 90 + r.nextInt(80), 30 + r.nextInt(40)));
            g.drawLine(x, y, x + r.nextInt(5) - 2, y - 3 - r.nextInt(5));
        }

        // House: hard vertical, horizontal and diagonal edges.
        g.setColor(new Color(200, 170, 130));
        g.fillRect(70, 180, 130, 90);
        Path2D roof = new Path2D.Double();
        roof.moveTo(60, 182);
        roof.lineTo(135, 125);
        roof.lineTo(210, 182);
        roof.closePath();
        g.setColor(new Color(150, 50, 40));
        g.fill(roof);
        g.setColor(new Color(90, 60, 40));
        g.fillRect(120, 215, 30, 55);
        for (int x : new int[] {85, 165}) {
            g.setColor(new Color(250, 240, 170));
            g.fillRect(x, 200, 24, 24);
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(3f));
            g.drawRect(x, 200, 24, 24);
            g.drawLine(x + 12, 200, x + 12, 224);
            g.drawLine(x, 212, x + 24, 212);
        }

        // Tree: round crown and a trunk.
        g.setColor(new Color(100, 70, 40));
        g.fillRect(300, 200, 14, 70);
        g.setColor(new Color(40, 110, 45));
        g.fill(new Ellipse2D.Double(265, 135, 85, 85));
        g.setColor(new Color(60, 140, 60));
        g.fill(new Ellipse2D.Double(280, 145, 45, 40));

        // Fence: a row of thin verticals, a stress test for Sobel.
        g.setColor(new Color(235, 235, 225));
        g.setStroke(new BasicStroke(2f));
        for (int x = 340; x < 470; x += 10) g.drawLine(x, 240, x, 275);
        g.drawLine(335, 250, 470, 250);
        g.drawLine(335, 265, 470, 265);

        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 34));
        g.setColor(new Color(20, 30, 60));
        g.drawString("Splot", 20, 50);
        g.dispose();
        ImageIO.write(img, "png", new File(args.length > 0 ? args[0] : "docs/images/sample.png"));
    }

    private static void hill(Graphics2D g, int w, int h, int base, int amp, double freq, Color c) {
        Path2D p = new Path2D.Double();
        p.moveTo(0, h);
        for (int x = 0; x <= w; x += 4) p.lineTo(x, base - amp * Math.sin(x * freq + base) * Math.sin(x * freq * 0.37 + 1));
        p.lineTo(w, h);
        p.closePath();
        g.setColor(c);
        g.fill(p);
    }
}

package splot.viz;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import splot.image.Image;

/** Test helpers: keeps every picture a test draws under target/viz-gallery so a person can look at it, and reads PNGs back. */
final class Gallery {
    static final Path DIR = Path.of("target", "viz-gallery");

    private Gallery() {
    }

    /** Writes the picture as target/viz-gallery/NAME.png (through the atomic PNG writer) and returns it decoded from the file. */
    static BufferedImage keep(String name, BufferedImage picture) {
        try {
            Path file = DIR.resolve(name + ".png");
            Image.writePng(picture, file);
            return decode(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PNG file decoded; fails when it is not a readable image. */
    static BufferedImage decode(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) throw new IOException(file + " is not a readable image");
        return image;
    }

    static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xFFFFFF;
    }

    /** Pixels in the rectangle whose colour is within {@code tolerance} of {@code rgb} in every channel. */
    static int count(BufferedImage image, int x0, int y0, int w, int h, int rgb, int tolerance) {
        int n = 0;
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                int p = rgb(image, x, y);
                if (Math.abs((p >> 16 & 255) - (rgb >> 16 & 255)) <= tolerance && Math.abs((p >> 8 & 255) - (rgb >> 8 & 255)) <= tolerance
                        && Math.abs((p & 255) - (rgb & 255)) <= tolerance) n++;
            }
        }
        return n;
    }

    static void ensureDir() throws IOException {
        Files.createDirectories(DIR);
    }
}

package splot.image;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import javax.imageio.ImageIO;

/**
 * A picture as float planes, one per channel (1 = gray, 3 = RGB), each H x W, brightness 0..255 as read.
 * Operations return new images; the planes of an image are not changed after it is built.
 *
 * <pre>{@code
 * Image photo = Image.read(Path.of("photo.jpg"));              // 3 planes, 0..255
 * Image edges = photo.gray().convolve(Kernels.named("outline"), Mode.SAME, Boundary.SYMM, 0f);
 * edges.writePng(Path.of("edges.png"), OutputMapping.ABS);
 * edges.writeNpy(Path.of("edges.npy"));                          // float32, shape (H, W)
 * }</pre>
 */
public final class Image {
    /** ITU-R BT.601 luma weights, as the texts give them: gray = 0.299 R + 0.587 G + 0.114 B. */
    public static final double RED = 0.299, GREEN = 0.587, BLUE = 0.114;

    private final List<Plane> planes;

    private Image(List<Plane> planes) {
        if (planes.isEmpty()) throw new IllegalArgumentException("An image needs at least one channel");
        Plane first = planes.get(0);
        for (Plane p : planes) {
            if (p.height() != first.height() || p.width() != first.width()) {
                throw new IllegalArgumentException("All channels of an image must have one size: got " + first.height() + "x"
                        + first.width() + " and " + p.height() + "x" + p.width());
            }
        }
        this.planes = List.copyOf(planes);
    }

    /** An image of the given channels (1 for gray, 3 for R, G, B), all of one size. */
    public static Image of(Plane... channels) {
        return new Image(List.of(channels));
    }

    public static Image of(List<Plane> channels) {
        return new Image(channels);
    }

    /**
     * Reads a PNG, JPEG or BMP file (anything {@link ImageIO} reads). Gray files give one plane, all others
     * three (R, G, B); alpha is dropped. 16-bit samples are scaled to 0..255.
     *
     * @throws IOException naming the file when it is missing, unreadable, damaged or not an image
     */
    public static Image read(Path file) throws IOException {
        if (!Files.exists(file)) throw new IOException("Cannot read image " + file + ": no such file");
        if (!Files.isRegularFile(file)) throw new IOException("Cannot read image " + file + ": not a regular file");
        if (!Files.isReadable(file)) throw new IOException("Cannot read image " + file + ": permission denied");
        BufferedImage image;
        try {
            ImageIO.setUseCache(false);
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IOException("Cannot read image " + file + ": damaged or unsupported image data (" + e.getMessage() + ")", e);
        }
        if (image == null) {
            throw new IOException("Cannot read image " + file + ": not a PNG, JPEG or BMP image (no image reader recognises its contents)");
        }
        return of(image);
    }

    /** The pixels of a {@link BufferedImage}: one plane for a gray image, three (R, G, B) otherwise. */
    public static Image of(BufferedImage image) {
        int h = image.getHeight(), w = image.getWidth();
        if (image.getColorModel().getNumColorComponents() == 1) {
            // Read gray samples directly: getRGB would pass them through a colour-space conversion and change them.
            Raster raster = image.getRaster();
            int bits = raster.getSampleModel().getSampleSize(0);
            double scale = 255.0 / ((1L << bits) - 1);
            float[] d = new float[h * w];
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) d[y * w + x] = bits == 8 ? row[x] : (float) (row[x] * scale);
            }
            return of(new Plane(h, w, d));
        }
        float[] r = new float[h * w], g = new float[h * w], b = new float[h * w];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                r[y * w + x] = (p >> 16) & 0xFF;
                g[y * w + x] = (p >> 8) & 0xFF;
                b[y * w + x] = p & 0xFF;
            }
        }
        return of(new Plane(h, w, r), new Plane(h, w, g), new Plane(h, w, b));
    }

    public int height() {
        return planes.get(0).height();
    }

    public int width() {
        return planes.get(0).width();
    }

    public int channels() {
        return planes.size();
    }

    /** Channel {@code c}: 0 for gray, 0/1/2 for R/G/B. */
    public Plane channel(int c) {
        return planes.get(c);
    }

    public List<Plane> planes() {
        return planes;
    }

    public boolean isGray() {
        return planes.size() == 1;
    }

    /** One plane: 0.299 R + 0.587 G + 0.114 B for an RGB image, the image itself when already gray. */
    public Image gray() {
        if (isGray()) return this;
        if (planes.size() != 3) throw new IllegalStateException("Gray needs 1 or 3 channels, this image has " + planes.size());
        float[] r = planes.get(0).data(), g = planes.get(1).data(), b = planes.get(2).data();
        float[] d = new float[r.length];
        for (int i = 0; i < d.length; i++) d[i] = (float) (RED * r[i] + GREEN * g[i] + BLUE * b[i]);
        return of(new Plane(height(), width(), d));
    }

    /** The texts' input normalisation {@code x / 255 - 0.5}: 0..255 becomes -0.5..0.5. */
    public Image normalized() {
        return mapValues(v -> v / 255.0 - 0.5);
    }

    /** The inverse of {@link #normalized()}: {@code (x + 0.5) * 255}. */
    public Image denormalized() {
        return mapValues(v -> (v + 0.5) * 255.0);
    }

    /** Divides by 255: 0..255 becomes 0..1. */
    public Image scaledToUnit() {
        return mapValues(v -> v / 255.0);
    }

    private Image mapValues(java.util.function.DoubleUnaryOperator f) {
        return map(p -> p.map(f));
    }

    /** Applies {@code f} to every channel; the results must share one size. */
    public Image map(UnaryOperator<Plane> f) {
        List<Plane> out = new ArrayList<>(planes.size());
        for (Plane p : planes) out.add(f.apply(p));
        return new Image(out);
    }

    /** Convolves every channel with the kernel ({@link Convolve2d#convolve2d}). */
    public Image convolve(Kernel kernel, Convolve2d.Mode mode, Convolve2d.Boundary boundary, float fill) {
        return map(p -> Convolve2d.convolve2d(p, kernel.weights(), mode, boundary, fill));
    }

    /** Cross-correlates every channel with the kernel ({@link Convolve2d#correlate2d}). */
    public Image correlate(Kernel kernel, Convolve2d.Mode mode, Convolve2d.Boundary boundary, float fill) {
        return map(p -> Convolve2d.correlate2d(p, kernel.weights(), mode, boundary, fill));
    }

    /** Shrinks every channel by an integer factor; see {@link Downsampling} for the two ways and output sizes. */
    public Image downsample(int factor, Downsampling how) {
        return map(p -> how.apply(p, factor));
    }

    /** Smallest value over all channels. */
    public float min() {
        float m = Float.POSITIVE_INFINITY;
        for (Plane p : planes) m = Math.min(m, p.min());
        return m;
    }

    /** Largest value over all channels. */
    public float max() {
        float m = Float.NEGATIVE_INFINITY;
        for (Plane p : planes) m = Math.max(m, p.max());
        return m;
    }

    /** All values, channel after channel ({@code C x H x W}, C order). */
    public float[] toChw() {
        int n = height() * width();
        float[] d = new float[planes.size() * n];
        for (int c = 0; c < planes.size(); c++) System.arraycopy(planes.get(c).data(), 0, d, c * n, n);
        return d;
    }

    /** An 8-bit picture: gray for one channel, RGB for three, values mapped to 0..255 by {@code mapping}. */
    public BufferedImage toBufferedImage(OutputMapping mapping) {
        int h = height(), w = width();
        if (h == 0 || w == 0) throw new IllegalStateException("Cannot make a picture of an empty " + h + "x" + w + " image");
        int[][] bytes = mapping.toBytes(planes);
        if (planes.size() == 1) {
            BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            WritableRaster raster = out.getRaster();
            raster.setSamples(0, 0, w, h, 0, bytes[0]);
            return out;
        }
        if (planes.size() != 3) {
            throw new IllegalStateException("A picture needs 1 (gray) or 3 (RGB) channels, this image has " + planes.size());
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] rgb = new int[h * w];
        for (int i = 0; i < rgb.length; i++) rgb[i] = bytes[0][i] << 16 | bytes[1][i] << 8 | bytes[2][i];
        out.setRGB(0, 0, w, h, rgb, 0, w);
        return out;
    }

    /** Writes a PNG (gray or RGB), values mapped by {@code mapping}; atomically, so a failed write leaves no half file. */
    public void writePng(Path file, OutputMapping mapping) throws IOException {
        writePng(toBufferedImage(mapping), file);
    }

    /** Writes any picture as PNG, atomically. */
    public static void writePng(BufferedImage picture, Path file) throws IOException {
        splot.io.AtomicFiles.write(file, out -> {
            if (!ImageIO.write(picture, "png", out)) throw new IOException("No PNG writer available for " + file);
        });
    }

    /** Writes the raw float32 values as NumPy {@code .npy}: shape (H, W) for gray, (C, H, W) otherwise. */
    public void writeNpy(Path file) throws IOException {
        if (isGray()) Npy.write(file, planes.get(0));
        else Npy.write(file, toChw(), planes.size(), height(), width());
    }

    /** {@code Image 480x640 RGB}. */
    @Override
    public String toString() {
        String kind = switch (planes.size()) {
            case 1 -> "gray";
            case 3 -> "RGB";
            default -> planes.size() + " channels";
        };
        return String.format(Locale.ROOT, "Image %dx%d %s", height(), width(), kind);
    }
}

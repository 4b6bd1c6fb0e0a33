package splot.data;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import splot.tensor.Shape;

/**
 * Images sorted into one folder per class, as Keras' {@code image_dataset_from_directory} and torchvision's
 * {@code ImageFolder} read them: {@code root/<class>/*.png|jpg|jpeg|bmp}. Classes are the sub-folders sorted by
 * name (label 0 is the first); files in a class are sorted by name too, and other files are ignored.
 *
 * <p>Each image is decoded when it is read (on the loader's worker thread), resized bilinearly to the given
 * height and width, and made gray ({@code 0.299 R + 0.587 G + 0.114 B}) or RGB, then rounded to whole pixel
 * values 0..255. Items have shape (1, H, W) or (3, H, W). To decode every file once instead of every epoch,
 * use {@link InMemoryDataset#copyOf(Dataset)}. An image that cannot be decoded throws an
 * {@link UncheckedIOException} naming the file.
 */
public final class ImageFolder implements Dataset {
    /** The pixel format of the items. */
    public enum Color {
        GRAY(1), RGB(3);

        private final int channels;

        Color(int channels) {
            this.channels = channels;
        }

        public int channels() {
            return channels;
        }
    }

    /** File name endings that are read as images (compared ignoring case). */
    public static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp");

    private final Path root;
    private final List<String> classNames;
    private final List<Path> files;
    private final int[] labels;
    private final Shape itemShape;
    private final Color color;

    private ImageFolder(Path root, List<String> classNames, List<Path> files, int[] labels, Shape itemShape, Color color) {
        this.root = root;
        this.classNames = classNames;
        this.files = files;
        this.labels = labels;
        this.itemShape = itemShape;
        this.color = color;
    }

    /** Lists the class folders and image files under {@code root}; decodes nothing yet. */
    public static ImageFolder open(Path root, int height, int width, Color color) throws IOException {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("Image size must be positive, got " + height + "x" + width);
        }
        if (!Files.isDirectory(root)) throw new DatasetException(root + ": not a folder (expected root/<class>/<images>)");
        List<Path> classDirs;
        try (Stream<Path> s = Files.list(root)) {
            // Hidden folders (.git, .ipynb_checkpoints) are not classes.
            classDirs = s.filter(d -> Files.isDirectory(d) && !d.getFileName().toString().startsWith(".")).sorted().toList();
        }
        if (classDirs.isEmpty()) {
            throw new DatasetException(root + ": no class folders in it (expected root/<class>/*.png|jpg|jpeg|bmp)");
        }
        List<String> classNames = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path dir : classDirs) {
            int label = classNames.size();
            classNames.add(dir.getFileName().toString());
            try (Stream<Path> s = Files.list(dir)) {
                for (Path f : s.filter(ImageFolder::isImageFile).sorted().toList()) {
                    files.add(f);
                    labels.add(label);
                }
            }
        }
        if (files.isEmpty()) {
            throw new DatasetException(root + ": the class folders " + classNames + " hold no images (" + String.join(", ", EXTENSIONS) + ")");
        }
        return new ImageFolder(root, List.copyOf(classNames), List.copyOf(files), labels.stream().mapToInt(i -> i).toArray(),
                Shape.of(color.channels(), height, width), color);
    }

    static boolean isImageFile(Path f) {
        String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(f) && !name.startsWith(".") && EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    /** The file of item {@code index}. */
    public Path file(int index) {
        return files.get(index);
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public Shape itemShape() {
        return itemShape;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public void copyImage(int index, float[] out, int offset) {
        try {
            float[] pixels = readImage(files.get(index), itemShape.dim(1), itemShape.dim(2), color);
            System.arraycopy(pixels, 0, out, offset, pixels.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /**
     * One image file as CHW floats in pixel units (0..255), resized bilinearly to {@code height x width}.
     * Throws a {@link DatasetException} naming the file when it cannot be decoded.
     */
    public static float[] readImage(Path file, int height, int width, Color color) throws IOException {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new DatasetException(file + ": no such image file" + (java.nio.file.Files.isDirectory(file) ? " (it is a folder)" : ""));
        }
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new DatasetException(file + ": not a readable image (" + e.getMessage() + ")", e);
        }
        if (image == null) {
            throw new DatasetException(file + ": not a readable image (no PNG, JPEG, BMP or GIF decoder accepts it)");
        }
        int h = image.getHeight(), w = image.getWidth();
        float[] chw = planes(image, color);
        float[] out = new float[color.channels() * height * width];
        for (int c = 0; c < color.channels(); c++) {
            Resize.bilinear(chw, c * h * w, h, w, out, c * height * width, height, width);
        }
        for (int i = 0; i < out.length; i++) out[i] = Math.round(out[i]);
        return out;
    }

    /** The image as CHW floats 0..255 in its own size, 1 or 3 channels. */
    private static float[] planes(BufferedImage image, Color color) {
        int h = image.getHeight(), w = image.getWidth(), plane = h * w;
        ColorModel cm = image.getColorModel();
        float[] out = new float[color.channels() * plane];
        if (cm.getNumColorComponents() == 1 && !(cm instanceof IndexColorModel)) {
            // A gray image: read the samples as they are. getRGB() would convert from Java's linear gray
            // colour space to sRGB and change every value.
            int bits = cm.getComponentSize(0);
            float scale = 255f / ((1 << bits) - 1);
            image.getRaster().getSamples(0, 0, w, h, 0, out);
            for (int i = 0; i < plane; i++) out[i] *= scale;
            for (int c = 1; c < color.channels(); c++) System.arraycopy(out, 0, out, c * plane, plane);
            return out;
        }
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < plane; i++) {
            int r = argb[i] >> 16 & 0xFF, g = argb[i] >> 8 & 0xFF, b = argb[i] & 0xFF;
            if (color == Color.GRAY) {
                out[i] = 0.299f * r + 0.587f * g + 0.114f * b;
            } else {
                out[i] = r;
                out[plane + i] = g;
                out[2 * plane + i] = b;
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "ImageFolder(" + root + ", " + files.size() + " images of " + itemShape + ", " + classNames.size() + " classes)";
    }
}

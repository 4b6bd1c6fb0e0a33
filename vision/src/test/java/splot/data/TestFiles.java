package splot.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;

/** Writes small data set files for the tests: IDX, CIFAR-10 batches, tar.gz archives, images. */
final class TestFiles {
    private TestFiles() {
    }

    /** {@code count} pseudo-random images' worth of pixel bytes, all values 0..255 occurring. */
    static byte[] pixels(int count, int rows, int cols, long seed) {
        byte[] p = new byte[count * rows * cols];
        new SplittableRandom(seed).nextBytes(p);
        return p;
    }

    static byte[] labels(int count, int classes, long seed) {
        byte[] l = new byte[count];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) l[i] = (byte) r.nextInt(classes);
        return l;
    }

    static byte[] idxImages(int count, int rows, int cols, byte[] pixels) {
        ByteBuffer b = ByteBuffer.allocate(16 + pixels.length);
        b.putInt(Idx.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols).put(pixels);
        return b.array();
    }

    static byte[] idxLabels(byte[] labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
        b.putInt(Idx.LABELS_MAGIC).putInt(labels.length).put(labels);
        return b.array();
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Path write(Path file, byte[] data) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, data);
    }

    /**
     * The four gzipped IDX files of a 28x28, 10-class data set with {@code train} and {@code test} items in
     * {@code dir}; the first training label is {@code marker}, so a test can tell copies apart.
     */
    static void idxDataSet(Path dir, int train, int test, int marker) throws IOException {
        byte[] trainLabels = labels(train, 10, marker);
        trainLabels[0] = (byte) marker;
        Map<String, byte[]> files = Map.of(
                "train-images-idx3-ubyte.gz", gzip(idxImages(train, 28, 28, pixels(train, 28, 28, marker))),
                "train-labels-idx1-ubyte.gz", gzip(idxLabels(trainLabels)),
                "t10k-images-idx3-ubyte.gz", gzip(idxImages(test, 28, 28, pixels(test, 28, 28, marker + 1))),
                "t10k-labels-idx1-ubyte.gz", gzip(idxLabels(labels(test, 10, marker + 1))));
        for (var e : files.entrySet()) write(dir.resolve(e.getKey()), e.getValue());
    }

    /** CIFAR-10 batch records: label byte then 3072 pixel bytes, record i labelled i % 10. */
    static byte[] cifarRecords(int count, long seed) {
        byte[] pixels = pixels(count, 32, 96, seed);
        byte[] out = new byte[count * Cifar10.RECORD_BYTES];
        for (int i = 0; i < count; i++) {
            out[i * Cifar10.RECORD_BYTES] = (byte) (i % 10);
            System.arraycopy(pixels, i * Cifar10.PIXELS, out, i * Cifar10.RECORD_BYTES + 1, Cifar10.PIXELS);
        }
        return out;
    }

    /** A gzipped ustar archive of the given entries (name -> bytes), as `tar czf` writes it. */
    static byte[] tarGz(Map<String, byte[]> entries) {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        for (var e : entries.entrySet()) {
            byte[] header = new byte[512];
            put(header, 0, e.getKey());
            put(header, 100, "0000644");
            put(header, 108, "0000000");
            put(header, 116, "0000000");
            put(header, 124, String.format("%011o", e.getValue().length));
            put(header, 136, String.format("%011o", 0));
            header[156] = '0';
            put(header, 257, "ustar");
            put(header, 263, "00");
            for (int i = 148; i < 156; i++) header[i] = ' ';
            int sum = 0;
            for (byte b : header) sum += b & 0xFF;
            put(header, 148, String.format("%06o", sum));
            header[154] = 0;
            tar.writeBytes(header);
            tar.writeBytes(e.getValue());
            tar.writeBytes(new byte[(512 - e.getValue().length % 512) % 512]);
        }
        tar.writeBytes(new byte[1024]);
        return gzip(tar.toByteArray());
    }

    private static void put(byte[] header, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, header, at, b.length);
    }

    /** Writes an RGB PNG whose pixel (y, x) is rgb[y][x] (0xRRGGBB). */
    static Path png(Path file, int[][] rgb) throws IOException {
        BufferedImage image = new BufferedImage(rgb[0].length, rgb.length, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < rgb.length; y++) for (int x = 0; x < rgb[0].length; x++) image.setRGB(x, y, rgb[y][x]);
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    /** Writes an 8-bit gray PNG with the given values. */
    static Path grayPng(Path file, int[][] values) throws IOException {
        BufferedImage image = new BufferedImage(values[0].length, values.length, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < values.length; y++) for (int x = 0; x < values[0].length; x++) image.getRaster().setSample(x, y, 0, values[y][x]);
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}

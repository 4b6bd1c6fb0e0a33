package splot.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import splot.tensor.Shape;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST: a big-endian header (magic number, record count,
 * then each further dimension) and one unsigned byte per pixel or label. A file may be gzipped; that is
 * detected by the gzip magic bytes, not by the name.
 *
 * <p>Images: magic {@code 0x00000803}, count, rows, columns, then count x rows x columns bytes.
 * Labels: magic {@code 0x00000801}, count, then count bytes. Anything else (another magic, a short or long
 * file, a corrupt gzip stream) throws a {@link DatasetException} that names the file and says what the
 * header promised and what the file held.
 */
public final class Idx {
    /** Unsigned bytes, 3 dimensions. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Unsigned bytes, 1 dimension. */
    public static final int LABELS_MAGIC = 0x00000801;

    private Idx() {
    }

    /** The images of an IDX file: {@code count} gray images of {@code rows x cols}, pixels back to back. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
        public Shape itemShape() {
            return Shape.of(1, rows, cols);
        }
    }

    public static Images readImages(Path file) throws IOException {
        try (InputStream in = open(file)) {
            return readImages(in, file.toString());
        }
    }

    public static byte[] readLabels(Path file) throws IOException {
        try (InputStream in = open(file)) {
            return readLabels(in, file.toString());
        }
    }

    /** Reads an images file from a stream (gzipped or not); {@code name} is used in error messages. */
    public static Images readImages(InputStream raw, String name) throws IOException {
        InputStream in = maybeGunzip(raw);
        int[] header = readHeader(in, name, IMAGES_MAGIC, 3);
        int count = header[0], rows = header[1], cols = header[2];
        long bytes = (long) count * rows * cols;
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new DatasetException(name + ": header says " + count + " images of " + rows + "x" + cols
                    + ", more than Java can hold in one array");
        }
        byte[] pixels = readBody(in, name, (int) bytes,
                count + " images of " + rows + "x" + cols, "bytes of pixel data", count + " images");
        return new Images(count, rows, cols, pixels);
    }

    /** Reads a labels file from a stream (gzipped or not); {@code name} is used in error messages. */
    public static byte[] readLabels(InputStream raw, String name) throws IOException {
        InputStream in = maybeGunzip(raw);
        int count = readHeader(in, name, LABELS_MAGIC, 1)[0];
        return readBody(in, name, count, count + " labels", "bytes of labels", count + " labels");
    }

    /**
     * An images file and its labels file as one data set. The counts must agree, and every label must be a
     * class index for {@code classNames} (null: classes "0", "1", ... up to the largest label).
     */
    public static InMemoryDataset load(String name, Path images, Path labels, List<String> classNames) throws IOException {
        return combine(name, readImages(images), images.toString(), readLabels(labels), labels.toString(), classNames);
    }

    /** As {@link #load(String, Path, Path, List)} for data already read; the names are used in messages. */
    static InMemoryDataset combine(String name, Images images, String imagesName, byte[] labels, String labelsName,
                                   List<String> classNames) throws DatasetException {
        if (images.count() != labels.length) {
            throw new DatasetException(name + ": " + imagesName + " has " + images.count() + " images but "
                    + labelsName + " has " + labels.length + " labels; they must match one to one");
        }
        int[] ints = new int[labels.length];
        int max = -1;
        for (int i = 0; i < labels.length; i++) {
            ints[i] = labels[i] & 0xFF;
            max = Math.max(max, ints[i]);
        }
        List<String> classes = classNames != null ? classNames : InMemoryDataset.numberedClasses(max + 1);
        for (int i = 0; i < ints.length; i++) {
            if (ints[i] >= classes.size()) {
                throw new DatasetException(labelsName + ": label " + ints[i] + " at byte offset " + (8 + i) + " (label " + i
                        + ") is not a class index 0.." + (classes.size() - 1) + " of " + name);
            }
        }
        return InMemoryDataset.ofBytes(name, images.pixels(), ints, images.itemShape(), classes);
    }

    static InputStream open(Path file) throws IOException {
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new DatasetException(file + ": no such file", e);
        }
    }

    /** Wraps {@code in} in a gunzip stream when it starts with the gzip magic 0x1f 0x8b. */
    static InputStream maybeGunzip(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b0 = in.read(), b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
    }

    /** Reads the magic number and the {@code dims} sizes; checks both. */
    private static int[] readHeader(InputStream in, String name, int magic, int dims) throws IOException {
        String kind = magic == IMAGES_MAGIC ? "IDX images" : "IDX labels";
        int length = 4 + 4 * dims;
        byte[] header = readFully(in, name, 4, "the header");
        if (header.length == 4) {
            // The magic number first: a wrong file type is the likelier story than a short header.
            int got = readInt(header, 0);
            if (got != magic) {
                String hint = got == IMAGES_MAGIC ? " (this is an images file)" : got == LABELS_MAGIC ? " (this is a labels file)" : "";
                throw new DatasetException(String.format("%s: bad magic number 0x%08X, expected 0x%08X (%s)%s",
                        name, got, magic, kind, hint));
            }
        }
        byte[] rest = readFully(in, name, length - 4, "the header");
        if (header.length + rest.length < length) {
            throw new DatasetException(name + ": too short for an " + kind + " header: " + (header.length + rest.length)
                    + " bytes, expected " + length);
        }
        int[] sizes = new int[dims];
        for (int d = 0; d < dims; d++) {
            sizes[d] = readInt(rest, 4 * d);
            // Counts are unsigned in the format; a count with the top bit set is not a real file.
            if (sizes[d] < 0 || (d > 0 && sizes[d] == 0)) {
                throw new DatasetException(name + ": bad dimension " + d + " in the " + kind + " header: "
                        + Integer.toUnsignedString(sizes[d]));
            }
        }
        return sizes;
    }

    /** Reads exactly {@code length} record bytes and checks that nothing follows them. */
    private static byte[] readBody(InputStream in, String name, int length, String promised, String unit, String records)
            throws IOException {
        byte[] body = readFully(in, name, length, promised);
        if (body.length < length) {
            throw new DatasetException(name + ": truncated: header says " + promised + " but file has "
                    + body.length + " " + unit + " (expected " + length + ")");
        }
        long extra = countRest(in, name);
        if (extra > 0) {
            throw new DatasetException(name + ": " + extra + " bytes more than the " + records
                    + " the header says; the header or the file is wrong");
        }
        return body;
    }

    /** Up to {@code length} bytes; fewer only at the end of the data. A corrupt gzip stream says where it broke. */
    private static byte[] readFully(InputStream in, String name, int length, String what) throws IOException {
        // Grow the buffer as data arrives: a damaged header may promise gigabytes that are not there.
        byte[] buffer = new byte[Math.min(length, 1 << 20)];
        int n = 0;
        try {
            while (n < length) {
                if (n == buffer.length) buffer = Arrays.copyOf(buffer, (int) Math.min(length, 2L * buffer.length));
                int r = in.read(buffer, n, buffer.length - n);
                if (r < 0) break;
                n += r;
            }
        } catch (IOException e) {
            // GZIPInputStream reports a cut-off or damaged stream as EOFException / ZipException.
            throw new DatasetException(name + ": compressed data is damaged or cut off after " + n + " of the "
                    + length + " bytes of " + what + " (" + e.getMessage() + ")", e);
        }
        return n == length ? buffer : Arrays.copyOf(buffer, n);
    }

    /** Bytes left in the stream (reading them also makes gunzip check its CRC trailer). */
    private static long countRest(InputStream in, String name) throws IOException {
        long extra = 0;
        byte[] scratch = new byte[8192];
        try {
            for (int r; (r = in.read(scratch)) >= 0; ) extra += r;
        } catch (IOException e) {
            throw new DatasetException(name + ": compressed data is damaged after the last record (" + e.getMessage() + ")", e);
        }
        return extra;
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }
}

package splot.image;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes float32 arrays as NumPy {@code .npy} files (format version 1.0), readable with {@code numpy.load}:
 * the magic {@code \x93NUMPY}, version bytes 1 0, a little-endian uint16 header length, a header
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (H, W), }} padded with spaces and ended by
 * {@code \n} so that the data starts at a multiple of 64 bytes, then the values little-endian in C order.
 */
public final class Npy {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;

    private Npy() {
    }

    /** Writes {@code data} with the given shape (C order) to {@code file}, atomically. */
    public static void write(Path file, float[] data, int... shape) throws IOException {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("Negative dimension in shape " + java.util.Arrays.toString(shape));
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("Shape " + java.util.Arrays.toString(shape) + " holds " + n + " values, got " + data.length);
        }
        byte[] header = header(shape);
        splot.io.AtomicFiles.write(file, raw -> {
            OutputStream out = new BufferedOutputStream(raw, 1 << 16);
            out.write(header);
            ByteBuffer buf = ByteBuffer.allocate(1 << 14).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : data) {
                if (!buf.hasRemaining()) {
                    out.write(buf.array(), 0, buf.position());
                    buf.clear();
                }
                buf.putFloat(v);
            }
            out.write(buf.array(), 0, buf.position());
            out.flush();
        });
    }

    /** Writes a plane as an (H, W) array. */
    public static void write(Path file, Plane plane) throws IOException {
        write(file, plane.data(), plane.height(), plane.width());
    }

    /** Magic, version, length and the padded header dictionary: everything before the data. */
    static byte[] header(int... shape) {
        StringBuilder dims = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) dims.append(i > 0 ? ", " : "").append(shape[i]);
        if (shape.length == 1) dims.append(',');   // Python's one-element tuple
        dims.append(')');
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + dims + ", }";
        int prefix = MAGIC.length + 2 + 2;
        int total = ((prefix + dict.length() + 1 + ALIGN - 1) / ALIGN) * ALIGN;
        String padded = dict + " ".repeat(total - prefix - dict.length() - 1) + "\n";
        byte[] h = padded.getBytes(StandardCharsets.US_ASCII);
        if (h.length > 0xFFFF) throw new IllegalArgumentException("Shape too long for an .npy 1.0 header");
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) h.length).put(h);
        return b.array();
    }
}

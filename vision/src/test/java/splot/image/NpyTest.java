package splot.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path dir;

    /** The bytes the NumPy format spec (version 1.0) prescribes, checked one by one. */
    @Test
    void headerFollowsTheFormatSpec() {
        for (int[] shape : new int[][] {{3, 4}, {3, 480, 640}, {5}, {}}) {
            byte[] h = Npy.header(shape);
            assertEquals((byte) 0x93, h[0]);
            assertEquals("NUMPY", new String(h, 1, 5, StandardCharsets.US_ASCII));
            assertEquals(1, h[6], "major version");
            assertEquals(0, h[7], "minor version");
            int len = (h[8] & 0xFF) | (h[9] & 0xFF) << 8;          // little-endian uint16
            assertEquals(h.length, 10 + len);
            assertEquals(0, h.length % 64, "data starts 64-byte aligned");
            String dict = new String(h, 10, len, StandardCharsets.US_ASCII);
            assertEquals('\n', dict.charAt(dict.length() - 1));
            assertTrue(dict.matches("\\{[^\\n]*\\} *\\n"), "one line padded with spaces: " + dict);
        }
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }", dictOf(Npy.header(3, 4)));
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }", dictOf(Npy.header(5)));
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", dictOf(Npy.header()));
    }

    @Test
    void grayImageIsHByWAndColourIsCByHByW() throws IOException {
        Image gray = ImageTest.randomImage(1, 4, 6, 1).normalized();
        gray.writeNpy(dir.resolve("g.npy"));
        Read g = read(dir.resolve("g.npy"));
        assertArrayEquals(new int[] {4, 6}, g.shape);
        assertArrayEquals(gray.channel(0).data(), g.data);

        Image rgb = ImageTest.randomImage(3, 2, 5, 2).map(p -> p.map(v -> v - 100.25));
        rgb.writeNpy(dir.resolve("c.npy"));
        Read c = read(dir.resolve("c.npy"));
        assertArrayEquals(new int[] {3, 2, 5}, c.shape);
        assertArrayEquals(rgb.toChw(), c.data);
        assertEquals(rgb.channel(1).get(1, 3), c.data[1 * 10 + 1 * 5 + 3]);
    }

    @Test
    void writesAtomicallyAndKeepsTheOldFileOnFailure() throws IOException {
        Path file = dir.resolve("x.npy");
        Npy.write(file, new float[] {1, 2, 3}, 3);
        Npy.write(file, new float[] {4, 5}, 1, 2);   // replaces
        assertArrayEquals(new float[] {4, 5}, read(file).data);
        byte[] before = Files.readAllBytes(file);
        assertThrows(IOException.class, () -> splot.io.AtomicFiles.write(file, out -> {
            out.write(new byte[100]);
            throw new IOException("disk full");
        }));
        assertArrayEquals(before, Files.readAllBytes(file));
        var e = assertThrows(IllegalArgumentException.class, () -> Npy.write(file, new float[5], 2, 3));
        assertTrue(e.getMessage().contains("[2, 3] holds 6 values, got 5"), e.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary files left");
        }
    }

    private static String dictOf(byte[] header) {
        return new String(header, 10, header.length - 10, StandardCharsets.US_ASCII).strip();
    }

    record Read(int[] shape, float[] data) {
    }

    private static final Pattern DICT = Pattern.compile(
            "\\{'descr': '([^']*)', 'fortran_order': (True|False), 'shape': \\(([0-9, ]*)\\), \\}");

    /** A reader written from the format spec, independent of the writer. */
    static Read read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[6];
        b.get(magic);
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'}, magic);
        assertEquals(1, b.get());
        assertEquals(0, b.get());
        int len = Short.toUnsignedInt(b.getShort());
        byte[] dict = new byte[len];
        b.get(dict);
        Matcher m = DICT.matcher(new String(dict, StandardCharsets.US_ASCII).strip());
        assertTrue(m.matches(), "header dict");
        assertEquals("<f4", m.group(1));
        assertEquals("False", m.group(2));
        int[] shape = Stream.of(m.group(3).split(",")).map(String::strip).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
        int n = 1;
        for (int d : shape) n *= d;
        assertEquals(n * 4, b.remaining(), "data bytes");
        float[] data = new float[n];
        for (int i = 0; i < n; i++) data[i] = b.getFloat();
        return new Read(shape, data);
    }
}

package splot.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Just enough of tar (POSIX ustar and old GNU headers) to unpack a data set archive: 512-byte headers, each
 * followed by the file's bytes padded to 512. Only regular files whose base name is asked for are written, and
 * only under that base name, so no path in the archive can write outside the target folder.
 */
final class Tar {
    private static final int BLOCK = 512;

    private Tar() {
    }

    /** Writes the members of the gzipped tar {@code archive} named in {@code wanted} (base names) into {@code dir}. */
    static Set<String> extract(Path archive, Path dir, Set<String> wanted) throws IOException {
        Set<String> found = new HashSet<>();
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive), 1 << 16), 1 << 16)) {
            byte[] header = new byte[BLOCK];
            long offset = 0;
            while (true) {
                int n = in.readNBytes(header, 0, BLOCK);
                if (n == 0) break;                                    // archive without the end-of-archive blocks
                if (n < BLOCK) throw new DatasetException(archive + ": cut off inside the tar header at byte " + offset);
                if (isZero(header)) break;                            // end of archive
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                if (!prefix.isEmpty() && "ustar".equals(field(header, 257, 5))) name = prefix + "/" + name;
                long size = octal(header, 124, 12, archive, offset);
                char type = (char) header[156];
                offset += BLOCK;
                String base = name.substring(name.lastIndexOf('/') + 1);
                if ((type == '0' || type == 0) && wanted.contains(base)) {
                    copy(in, dir.resolve(base), size, archive, name);
                    found.add(base);
                } else {
                    skip(in, size, archive, name);
                }
                long padding = (BLOCK - size % BLOCK) % BLOCK;
                skip(in, padding, archive, name);
                offset += size + padding;
            }
        }
        return found;
    }

    private static void copy(InputStream in, Path target, long size, Path archive, String name) throws IOException {
        try (OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[1 << 16];
            long left = size;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) throw new DatasetException(archive + ": cut off inside " + name + " (" + (size - left) + " of " + size + " bytes)");
                out.write(buffer, 0, n);
                left -= n;
            }
        }
    }

    private static void skip(InputStream in, long size, Path archive, String name) throws IOException {
        byte[] buffer = new byte[8192];
        for (long left = size; left > 0; ) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) throw new DatasetException(archive + ": cut off inside " + name);
            left -= n;
        }
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) if (b != 0) return false;
        return true;
    }

    private static String field(byte[] header, int at, int length) {
        int end = at;
        while (end < at + length && header[end] != 0) end++;
        return new String(header, at, end - at, StandardCharsets.UTF_8).strip();
    }

    private static long octal(byte[] header, int at, int length, Path archive, long offset) throws DatasetException {
        String s = field(header, at, length);
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new DatasetException(archive + ": not a tar archive (bad size field '" + s + "' at byte " + offset + ")");
        }
    }
}

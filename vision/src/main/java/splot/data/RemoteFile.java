package splot.data;

import java.util.Locale;

/**
 * A file to download and what it must be: its name on the mirror, its SHA-256 (lower-case hex; null when no
 * digest is known, and then only the size and the file's format are checked) and its size in bytes (-1 when
 * unknown).
 */
public record RemoteFile(String name, String sha256, long size) {
    public RemoteFile {
        if (sha256 != null) {
            sha256 = sha256.toLowerCase(Locale.ROOT);
            if (!sha256.matches("[0-9a-f]{64}")) throw new IllegalArgumentException(name + ": not a SHA-256 hex digest: " + sha256);
        }
    }
}

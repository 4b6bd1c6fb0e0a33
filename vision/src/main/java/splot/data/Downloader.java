package splot.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Downloads one file over HTTP(S) into its final place atomically: the bytes go to a temporary file in the
 * target's folder while their SHA-256 is computed; only when the length and the digest are what was expected is
 * the temporary file moved (atomically) onto the target. On any failure the temporary file is deleted, so the
 * target is either the complete, verified file or untouched.
 */
public final class Downloader {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

    private Downloader() {
    }

    /**
     * Fetches {@code url} to {@code target}, checking it against {@code expected} (size and SHA-256 where known).
     * Throws a {@link DatasetException} that names the URL and the expected and actual size or digest.
     */
    public static void download(URI url, Path target, RemoteFile expected, DownloadProgress progress) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
        boolean done = false;
        try {
            fetch(url, temp, expected, progress);
            move(temp, target);
            done = true;
        } finally {
            if (!done) Files.deleteIfExists(temp);
        }
    }

    private static void fetch(URI url, Path temp, RemoteFile expected, DownloadProgress progress) throws IOException {
        HttpResponse<InputStream> response;
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build()) {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(READ_TIMEOUT).GET().build();
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DatasetException(url + ": download interrupted", e);
            } catch (IOException e) {
                throw new DatasetException(url + ": cannot download (" + describe(e) + ")", e);
            }
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new DatasetException(url + ": HTTP status " + response.statusCode() + ", expected 200");
                }
                long announced = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                long total = announced >= 0 ? announced : expected.size();
                copyAndCheck(url, body, temp, expected, announced, total, progress);
            }
        }
    }

    private static void copyAndCheck(URI url, InputStream body, Path temp, RemoteFile expected, long announced, long total,
                                     DownloadProgress progress) throws IOException {
        MessageDigest sha256 = sha256();
        long got = 0;
        progress.update(url.toString(), 0, total);
        try (OutputStream out = Files.newOutputStream(temp)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = body.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                sha256.update(buffer, 0, n);
                got += n;
                progress.update(url.toString(), got, total);
            }
        } catch (IOException e) {
            throw new DatasetException(url + ": download broke off after " + got + " of "
                    + (total >= 0 ? total + " bytes" : "an unknown number of bytes") + " (" + describe(e) + ")", e);
        }
        if (announced >= 0 && got != announced) {
            throw new DatasetException(url + ": truncated download: server announced " + announced + " bytes, got " + got);
        }
        if (expected.size() >= 0 && got != expected.size()) {
            throw new DatasetException(url + ": wrong size: expected " + expected.size() + " bytes, got " + got);
        }
        String digest = HexFormat.of().formatHex(sha256.digest());
        if (expected.sha256() != null && !expected.sha256().equals(digest)) {
            throw new DatasetException(url + ": SHA-256 mismatch: expected " + expected.sha256() + ", got " + digest
                    + " (" + got + " bytes); the file is damaged or not the one expected");
        }
    }

    /** SHA-256 of a file, lower-case hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest sha256 = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) >= 0; ) sha256.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /** Moves atomically where the file system can (same folder: it can on every common one). */
    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}

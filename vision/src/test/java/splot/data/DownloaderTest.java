package splot.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloaderTest {
    @TempDir
    Path cache;

    private final TestServer server;
    private final byte[] body = TestFiles.gzip(TestFiles.idxImages(300, 28, 28, TestFiles.pixels(300, 28, 28, 1)));
    private final String sha = sha256(body);

    DownloaderTest() throws Exception {
        server = new TestServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> cacheFiles() throws Exception {
        try (Stream<Path> s = Files.list(cache)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void successWritesTheVerifiedFileAndReportsProgress() throws Exception {
        server.serve("f.gz", body);
        Path target = cache.resolve("f.gz");
        List<long[]> updates = new ArrayList<>();
        Downloader.download(server.base().resolve("f.gz"), target, new RemoteFile("f.gz", sha, body.length),
                (url, done, total) -> updates.add(new long[] {done, total}));
        assertArrayEquals(body, Files.readAllBytes(target));
        assertEquals(List.of("f.gz"), cacheFiles());
        assertEquals(0, updates.getFirst()[0]);
        assertEquals(body.length, updates.getLast()[0]);
        assertEquals(body.length, updates.getLast()[1]);
        for (int i = 1; i < updates.size(); i++) assertTrue(updates.get(i)[0] >= updates.get(i - 1)[0]);
        assertEquals(sha, Downloader.sha256(target));
    }

    @Test
    void unknownDigestChecksOnlyTheSize() throws Exception {
        server.serve("f.gz", body);
        Downloader.download(server.base().resolve("f.gz"), cache.resolve("f.gz"), new RemoteFile("f.gz", null, -1), DownloadProgress.NONE);
        assertArrayEquals(body, Files.readAllBytes(cache.resolve("f.gz")));
    }

    @Test
    void checksumMismatchLeavesNothing() throws Exception {
        server.serve("f.gz", body);
        String wrong = sha256(new byte[] {1});
        var url = server.base().resolve("f.gz");
        var e = assertThrows(DatasetException.class, () -> Downloader.download(url, cache.resolve("f.gz"),
                new RemoteFile("f.gz", wrong, body.length), DownloadProgress.NONE));
        assertTrue(e.getMessage().contains(url + ": SHA-256 mismatch: expected " + wrong + ", got " + sha), e.getMessage());
        assertEquals(List.of(), cacheFiles());
    }

    @Test
    void connectionClosedEarlyLeavesNothing() throws Exception {
        server.serve("f.gz", body, TestServer.Mode.CUT_OFF);
        var url = server.base().resolve("f.gz");
        var e = assertThrows(DatasetException.class, () -> Downloader.download(url, cache.resolve("f.gz"),
                new RemoteFile("f.gz", sha, body.length), DownloadProgress.NONE));
        assertTrue(e.getMessage().startsWith(url + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("broke off after") || e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains(String.valueOf(body.length)), e.getMessage());
        assertEquals(List.of(), cacheFiles());
    }

    @Test
    void shortBodyWithoutContentLengthFailsTheSizeCheck() throws Exception {
        server.serve("f.gz", body, TestServer.Mode.SHORT_CHUNKED);
        var url = server.base().resolve("f.gz");
        var e = assertThrows(DatasetException.class, () -> Downloader.download(url, cache.resolve("f.gz"),
                new RemoteFile("f.gz", sha, body.length), DownloadProgress.NONE));
        assertTrue(e.getMessage().contains(url + ": wrong size: expected " + body.length + " bytes, got " + body.length / 2), e.getMessage());
        assertEquals(List.of(), cacheFiles());
    }

    @Test
    void notFoundLeavesNothing() throws Exception {
        var url = server.base().resolve("missing.gz");
        var e = assertThrows(DatasetException.class, () -> Downloader.download(url, cache.resolve("missing.gz"),
                new RemoteFile("missing.gz", sha, 10), DownloadProgress.NONE));
        assertEquals(url + ": HTTP status 404, expected 200", e.getMessage());
        assertEquals(List.of(), cacheFiles());
    }

    @Test
    void aFailedDownloadKeepsTheOldFile() throws Exception {
        Path target = cache.resolve("f.gz");
        Files.write(target, new byte[] {42});
        server.serve("f.gz", body, TestServer.Mode.CUT_OFF);
        assertThrows(DatasetException.class, () -> Downloader.download(server.base().resolve("f.gz"), target,
                new RemoteFile("f.gz", sha, body.length), DownloadProgress.NONE));
        assertArrayEquals(new byte[] {42}, Files.readAllBytes(target));
        assertEquals(List.of("f.gz"), cacheFiles());
        assertFalse(Files.exists(cache.resolve("f.gz.part")));
    }
}

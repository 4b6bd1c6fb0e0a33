package splot.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetResolverTest {
    @TempDir
    Path tmp;

    private final TestServer server;

    DatasetResolverTest() throws Exception {
        server = new TestServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Path home() {
        return tmp.resolve("home");
    }

    private Path system() {
        return tmp.resolve("usr-share-datasets-fashion");
    }

    /** Fashion-MNIST looked up under tmp only: its own home, one system folder, a mirror on the local server. */
    private DatasetResolver.Builder resolver() {
        return DatasetResolver.builder().home(home())
                .spec(Catalog.FASHION_MNIST.withSystemDirs(List.of(system())).withMirror(server.base().resolve("fashion/"), List.of()));
    }

    private static List<Path> tree(Path dir) throws Exception {
        if (!Files.exists(dir)) return List.of();
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(dir::relativize).sorted().toList();
        }
    }

    @Test
    void explicitDirWinsThenCacheThenSystemThenSample() throws Exception {
        Path explicit = tmp.resolve("mine");
        TestFiles.idxDataSet(explicit, 3, 2, 1);
        TestFiles.idxDataSet(home().resolve("datasets/fashion-mnist"), 4, 2, 2);
        TestFiles.idxDataSet(system(), 5, 2, 3);
        DatasetResolver r = resolver().download(false).build();

        Resolved fromExplicit = r.load("fashion-mnist", explicit);
        assertEquals(Resolved.Source.EXPLICIT_DIR, fromExplicit.source());
        assertEquals(3, fromExplicit.train().size());
        assertEquals(1, fromExplicit.train().label(0));
        assertNull(fromExplicit.note());

        Resolved fromCache = r.load("fashion-mnist");
        assertEquals(Resolved.Source.CACHE, fromCache.source());
        assertEquals(4, fromCache.train().size());
        assertEquals(home().resolve("datasets/fashion-mnist").toString(), fromCache.location());

        Files.delete(home().resolve("datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz"));   // an incomplete cache is skipped
        Resolved fromSystem = r.load("fashion-mnist");
        assertEquals(Resolved.Source.SYSTEM, fromSystem.source());
        assertEquals(5, fromSystem.train().size());
        assertEquals(Catalog.FASHION_MNIST.classNames(), fromSystem.train().classNames());

        Files.delete(system().resolve("train-images-idx3-ubyte.gz"));
        Resolved fromSample = r.load("fashion-mnist");
        assertEquals(Resolved.Source.SAMPLE, fromSample.source());
        assertTrue(fromSample.usedSample());
        assertEquals(10_000, fromSample.train().size());
        assertTrue(fromSample.note().contains("sample") && fromSample.note().contains("downloads are off"), fromSample.note());
        assertTrue(fromSample.note().contains(home().resolve("datasets/fashion-mnist").toString()), "says where to put the files");
    }

    @Test
    void rawAndDottedIdxNamesAreFoundToo() throws Exception {
        Path dir = tmp.resolve("unpacked");
        TestFiles.idxDataSet(dir, 3, 2, 4);
        Files.write(dir.resolve("train-images-idx3-ubyte"), TestFiles.idxImages(3, 28, 28, TestFiles.pixels(3, 28, 28, 4)));
        Files.delete(dir.resolve("train-images-idx3-ubyte.gz"));
        Files.move(dir.resolve("t10k-labels-idx1-ubyte.gz"), dir.resolve("t10k-labels.idx1-ubyte.gz"));
        assertEquals(3, resolver().download(false).build().load("fashion-mnist", dir).train().size());
    }

    @Test
    void explicitDirWithoutTheFilesIsAnError() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        TestFiles.idxDataSet(system(), 5, 2, 3);
        var e = assertThrows(DatasetException.class, () -> resolver().build().load("fashion-mnist", empty));
        assertTrue(e.getMessage().contains(empty + ": no fashion-mnist here; expected the four IDX files train-images-idx3-ubyte"), e.getMessage());
    }

    @Test
    void aDamagedCacheCopyFailsLoudlyInsteadOfFallingBack() throws Exception {
        Path cache = home().resolve("datasets/fashion-mnist");
        TestFiles.idxDataSet(cache, 4, 2, 2);
        Files.write(cache.resolve("t10k-labels-idx1-ubyte.gz"), TestFiles.gzip(TestFiles.idxLabels(new byte[3])));
        var e = assertThrows(DatasetException.class, () -> resolver().download(false).build().load("fashion-mnist"));
        assertTrue(e.getMessage().contains("has 2 images but") && e.getMessage().contains("has 3 labels"), e.getMessage());
    }

    @Test
    void downloadsIntoTheCacheThenLoadsFromIt() throws Exception {
        Path remote = tmp.resolve("remote");
        TestFiles.idxDataSet(remote, 6, 3, 5);
        List<RemoteFile> files = new ArrayList<>();
        for (String name : List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")) {
            byte[] bytes = Files.readAllBytes(remote.resolve(name));
            server.serve("mirror/" + name, bytes);
            files.add(new RemoteFile(name, DownloaderTest.sha256(bytes), bytes.length));
        }
        List<String> progressed = new ArrayList<>();
        DatasetResolver r = DatasetResolver.builder().home(home())
                .spec(Catalog.FASHION_MNIST.withSystemDirs(List.of()).withMirror(server.base().resolve("mirror/"), files))
                .progress((url, done, total) -> { if (done == total) progressed.add(url); })
                .build();
        Resolved downloaded = r.load("fashion-mnist");
        assertEquals(Resolved.Source.DOWNLOAD, downloaded.source());
        assertEquals(6, downloaded.train().size());
        assertEquals(3, downloaded.test().size());
        assertEquals(5, downloaded.train().label(0));
        assertEquals(4, progressed.size());
        assertTrue(progressed.getFirst().startsWith(server.base().toString()));
        assertEquals(files.stream().map(f -> Path.of(f.name())).sorted().toList(), tree(home().resolve("datasets/fashion-mnist")),
                "the four files and nothing else");

        int requests = server.requests.get();
        assertEquals(Resolved.Source.CACHE, r.load("fashion-mnist").source());
        assertEquals(requests, server.requests.get(), "no second download");
    }

    @Test
    void aFailedDownloadFallsBackToTheSampleAndLeavesNoFiles() throws Exception {
        List<RemoteFile> files = List.of(new RemoteFile("train-images-idx3-ubyte.gz", null, -1));   // not on the server: 404
        DatasetResolver r = DatasetResolver.builder().home(home())
                .spec(Catalog.FASHION_MNIST.withSystemDirs(List.of()).withMirror(server.base().resolve("nothing/"), files)).build();
        Resolved sample = r.load("fashion-mnist");
        assertEquals(Resolved.Source.SAMPLE, sample.source());
        assertTrue(sample.note().contains("the download failed: " + server.base() + "nothing/train-images-idx3-ubyte.gz: HTTP status 404"),
                sample.note());
        assertEquals(List.of(), tree(home()));
    }

    @Test
    void withoutASampleTheErrorListsWhereItLooked() throws Exception {
        DatasetResolver r = DatasetResolver.builder().home(home()).download(false)
                .spec(Catalog.MNIST.withSystemDirs(List.of(system()))).build();
        var e = assertThrows(DatasetException.class, () -> r.load("MNIST"));
        assertTrue(e.getMessage().startsWith("No copy of mnist found: looked in " + home().resolve("datasets/mnist") + ", " + system()),
                e.getMessage());
        assertTrue(e.getMessage().contains("https://ossci-datasets.s3.amazonaws.com/mnist/"), e.getMessage());
        DatasetResolver noSample = resolver().download(false).sample(false).build();
        assertThrows(DatasetException.class, () -> noSample.load("fashion-mnist"));
    }

    @Test
    void cifarDownloadUnpacksTheBatchesAndDropsTheArchive() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("cifar-10-batches-bin/batches.meta.txt", String.join("\n", Cifar10.CLASS_NAMES).getBytes());
        for (int i = 0; i < 5; i++) entries.put("cifar-10-batches-bin/" + Cifar10.TRAIN_FILES.get(i), TestFiles.cifarRecords(2, i));
        entries.put("cifar-10-batches-bin/test_batch.bin", TestFiles.cifarRecords(3, 9));
        entries.put("cifar-10-batches-bin/readme.html", "<p>hello</p>".getBytes());
        byte[] archive = TestFiles.tarGz(entries);
        server.serve("kriz/cifar-10-binary.tar.gz", archive);
        DatasetResolver r = DatasetResolver.builder().home(home())
                .spec(Catalog.CIFAR_10.withSystemDirs(List.of()).withMirror(server.base().resolve("kriz/"),
                        List.of(new RemoteFile("cifar-10-binary.tar.gz", DownloaderTest.sha256(archive), archive.length))))
                .build();
        Resolved data = r.load("cifar-10");
        assertEquals(Resolved.Source.DOWNLOAD, data.source());
        assertEquals(10, data.train().size());
        assertEquals(3, data.test().size());
        assertEquals(Cifar10.CLASS_NAMES, data.train().classNames());
        List<Path> expected = new ArrayList<>();
        for (String f : List.of("batches.meta.txt", "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                "data_batch_5.bin", "test_batch.bin")) expected.add(Path.of("cifar-10-batches-bin", f));
        assertEquals(expected, tree(home().resolve("datasets/cifar-10")), "batches only: no archive, no temporary folder");
        assertEquals(Resolved.Source.CACHE, r.load("cifar-10").source());
    }

    @Test
    void cifarArchiveWithMissingBatchesLeavesNothing() throws Exception {
        byte[] archive = TestFiles.tarGz(Map.of("cifar-10-batches-bin/test_batch.bin", TestFiles.cifarRecords(1, 1)));
        server.serve("kriz/cifar-10-binary.tar.gz", archive);
        DatasetResolver r = DatasetResolver.builder().home(home())
                .spec(Catalog.CIFAR_10.withSystemDirs(List.of()).withMirror(server.base().resolve("kriz/"),
                        List.of(new RemoteFile("cifar-10-binary.tar.gz", null, archive.length))))
                .build();
        var e = assertThrows(DatasetException.class, () -> r.fetch("cifar-10"));
        assertTrue(e.getMessage().contains("the archive lacks [data_batch_1.bin"), e.getMessage());
        try (Stream<Path> s = Files.list(home().resolve("datasets/cifar-10"))) {
            assertEquals(List.of(), s.toList(), "no archive, no half-unpacked folder");
        }
    }

    @Test
    void homeComesFromSplotHomeElseTheUsersHome() {
        Path user = Path.of("/home/someone");
        assertEquals(Path.of("/data/splot"), DatasetResolver.defaultHome(Map.of("SPLOT_HOME", "/data/splot"), user));
        assertEquals(user.resolve(".splot"), DatasetResolver.defaultHome(Map.of(), user));
        assertEquals(user.resolve(".splot"), DatasetResolver.defaultHome(Map.of("SPLOT_HOME", " "), user));
        DatasetResolver r = DatasetResolver.builder().home(Path.of("/x")).build();
        assertEquals(Path.of("/x/datasets/cifar-10"), r.cacheDir(r.spec("cifar_10")));
    }

    @Test
    void namesAreLookedUpLeniently() {
        assertEquals(Catalog.FASHION_MNIST, Catalog.byName("Fashion_MNIST"));
        assertEquals(Catalog.FASHION_MNIST, Catalog.byName("fashionmnist"));
        assertEquals(Catalog.CIFAR_10, Catalog.byName("cifar10"));
        var e = assertThrows(IllegalArgumentException.class, () -> Catalog.byName("imagenet"));
        assertEquals("Unknown data set 'imagenet'. Known data sets: fashion-mnist, mnist, cifar-10", e.getMessage());
        assertFalse(Catalog.FASHION_MNIST.files().isEmpty());
    }
}

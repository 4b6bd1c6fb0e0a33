package splot.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds a named data set ({@link Catalog}): a folder the caller names, else Splot's cache
 * ({@code $SPLOT_HOME/datasets/<name>}, {@code ~/.splot/datasets/<name>} without SPLOT_HOME), else a system-wide
 * copy (Debian's {@code /usr/share/datasets/fashion-mnist}), else a download from the data set's mirror into the
 * cache (checked by size and SHA-256, written atomically), else the sample shipped with Splot where there is one
 * (Fashion-MNIST), with a {@link Resolved#note() note} saying so.
 *
 * <pre>{@code
 * Resolved data = DatasetResolver.defaults().load("fashion-mnist");
 * if (data.usedSample()) System.err.println(data.note());
 * Dataset train = data.train(), test = data.test();
 * }</pre>
 *
 * Local copies are checked by their format (record counts, magic numbers, lengths), not by digest: a re-packed
 * but complete copy, like Debian's, is accepted, and a damaged one fails with the file's name.
 */
public final class DatasetResolver {
    /** IDX base names; a folder may hold each gzipped ({@code .gz}) or not. */
    static final String TRAIN_IMAGES = "train-images-idx3-ubyte", TRAIN_LABELS = "train-labels-idx1-ubyte",
            TEST_IMAGES = "t10k-images-idx3-ubyte", TEST_LABELS = "t10k-labels-idx1-ubyte";
    private static final List<String> IDX_FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    private final Path home;
    private final Map<String, DatasetSpec> specs;
    private final boolean download;
    private final boolean sample;
    private final DownloadProgress progress;

    private DatasetResolver(Builder b) {
        this.home = b.home;
        this.specs = Map.copyOf(b.specs);
        this.download = b.download;
        this.sample = b.sample;
        this.progress = b.progress;
    }

    /** The resolver for this user: home from SPLOT_HOME or ~/.splot, downloads on, sample on. */
    public static DatasetResolver defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code $SPLOT_HOME} when set (and not blank), else {@code <userHome>/.splot}. */
    public static Path defaultHome(Map<String, String> env, Path userHome) {
        String splotHome = env.get("SPLOT_HOME");
        return splotHome != null && !splotHome.isBlank() ? Path.of(splotHome) : userHome.resolve(".splot");
    }

    /** Splot's home folder; data sets are cached under {@code home/datasets}. */
    public Path home() {
        return home;
    }

    /** The cache folder of a data set: {@code home/datasets/<name>}. */
    public Path cacheDir(DatasetSpec spec) {
        return home.resolve("datasets").resolve(spec.name());
    }

    /** The spec this resolver uses for {@code name} (the catalog's, or the builder's replacement). */
    public DatasetSpec spec(String name) {
        DatasetSpec known = Catalog.byName(name);
        return specs.getOrDefault(known.name(), known);
    }

    /** Finds {@code name} in the cache, system folders, by download, or as the sample (in that order). */
    public Resolved load(String name) throws IOException {
        return load(name, null);
    }

    /**
     * Loads {@code name} from {@code dir} when it is not null (the files must be there: nothing else is tried),
     * else resolves it as {@link #load(String)} does.
     */
    public Resolved load(String name, Path dir) throws IOException {
        DatasetSpec spec = spec(name);
        if (dir != null) {
            if (!isPresent(spec, dir)) {
                throw new DatasetException(dir + ": no " + spec.name() + " here; expected " + expectedFiles(spec));
            }
            return read(spec, dir, Resolved.Source.EXPLICIT_DIR);
        }
        List<Path> looked = new ArrayList<>();
        Path cache = cacheDir(spec);
        if (isPresent(spec, cache)) return read(spec, cache, Resolved.Source.CACHE);
        looked.add(cache);
        for (Path system : spec.systemDirs()) {
            if (isPresent(spec, system)) return read(spec, system, Resolved.Source.SYSTEM);
            looked.add(system);
        }
        String whyNoDownload;
        if (download) {
            try {
                fetch(spec);
                return read(spec, cache, Resolved.Source.DOWNLOAD);
            } catch (IOException e) {
                whyNoDownload = "the download failed: " + e.getMessage();
            }
        } else {
            whyNoDownload = "downloads are off";
        }
        String howToGetIt = "To get the full set, allow the download from " + spec.mirror() + " or put "
                + expectedFiles(spec) + " into " + cache + " (or name a folder that has them).";
        if (sample && spec.sampleResource() != null) {
            Resolved s = loadSample(spec);
            String note = "Using the " + spec.name() + " sample shipped with Splot (" + s.train().size() + " training and "
                    + s.test().size() + " test images): no copy in " + join(looked) + ", and " + whyNoDownload + ". " + howToGetIt;
            return new Resolved(spec, s.train(), s.test(), Resolved.Source.SAMPLE, s.location(), note);
        }
        throw new DatasetException("No copy of " + spec.name() + " found: looked in " + join(looked) + ", and "
                + whyNoDownload + ". " + howToGetIt);
    }

    /**
     * Downloads {@code name} into its cache folder unless it is already there; returns the folder. Each file is
     * checked (size, SHA-256) and moved into place atomically; a failure leaves no partial file behind.
     */
    public Path fetch(String name) throws IOException {
        return fetch(spec(name));
    }

    private Path fetch(DatasetSpec spec) throws IOException {
        Path cache = cacheDir(spec);
        if (isPresent(spec, cache)) return cache;
        Files.createDirectories(cache);
        switch (spec.format()) {
            case IDX -> {
                for (RemoteFile file : spec.files()) {
                    Path target = cache.resolve(file.name());
                    if (!Files.isRegularFile(target)) Downloader.download(spec.url(file), target, file, progress);
                }
                // Files from a mirror without digests are checked here by reading them.
                if (spec.files().stream().anyMatch(f -> f.sha256() == null)) read(spec, cache, Resolved.Source.DOWNLOAD);
            }
            case CIFAR_BINARY -> fetchCifar(spec, cache);
        }
        if (!isPresent(spec, cache)) {
            throw new DatasetException(cache + ": the download did not give " + expectedFiles(spec));
        }
        return cache;
    }

    /**
     * Downloads the archive (unless an earlier run left it, verified, in the cache), unpacks the batch files into a
     * temporary folder, checks them, then moves that folder into place. The archive is deleted either way: after
     * success it is not needed, after a failure it is suspect.
     */
    private void fetchCifar(DatasetSpec spec, Path cache) throws IOException {
        RemoteFile archiveFile = spec.files().getFirst();
        Path archive = cache.resolve(archiveFile.name());
        if (!Files.isRegularFile(archive)) Downloader.download(spec.url(archiveFile), archive, archiveFile, progress);
        Path temp = Files.createTempDirectory(cache, ".unpack-");
        try {
            Set<String> wanted = new HashSet<>(Cifar10.TRAIN_FILES);
            wanted.addAll(Cifar10.TEST_FILES);
            wanted.add("batches.meta.txt");
            Set<String> found = Tar.extract(archive, temp, wanted);
            Set<String> missing = new HashSet<>(wanted);
            missing.removeAll(found);
            missing.remove("batches.meta.txt");
            if (!missing.isEmpty()) {
                throw new DatasetException(spec.url(archiveFile) + ": the archive lacks " + missing.stream().sorted().toList());
            }
            Cifar10.loadTest(temp);    // checks record sizes and labels before the folder goes live
            Files.move(temp, cache.resolve(Cifar10.BATCH_DIR), StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(archive);
            deleteTree(temp);
        }
    }

    /** The shipped sample of {@code spec} (Fashion-MNIST: the first 10,000 training and 2,000 test images). */
    public static Resolved loadSample(DatasetSpec spec) throws IOException {
        if (spec.sampleResource() == null) throw new DatasetException(spec.name() + " has no shipped sample");
        String base = spec.sampleResource();
        Dataset train = Idx.combine(spec.name() + " sample train", readImages(base + TRAIN_IMAGES + ".gz"), TRAIN_IMAGES,
                readLabels(base + TRAIN_LABELS + ".gz"), TRAIN_LABELS, spec.classNames());
        Dataset test = Idx.combine(spec.name() + " sample test", readImages(base + TEST_IMAGES + ".gz"), TEST_IMAGES,
                readLabels(base + TEST_LABELS + ".gz"), TEST_LABELS, spec.classNames());
        return new Resolved(spec, train, test, Resolved.Source.SAMPLE, "classpath:" + base,
                "Using the " + spec.name() + " sample shipped with Splot.");
    }

    private static Idx.Images readImages(String resource) throws IOException {
        try (InputStream in = resource(resource)) {
            return Idx.readImages(in, "classpath:" + resource);
        }
    }

    private static byte[] readLabels(String resource) throws IOException {
        try (InputStream in = resource(resource)) {
            return Idx.readLabels(in, "classpath:" + resource);
        }
    }

    private static InputStream resource(String name) throws DatasetException {
        InputStream in = DatasetResolver.class.getResourceAsStream(name);
        if (in == null) throw new DatasetException("classpath:" + name + ": missing from this Splot build");
        return in;
    }

    // ---------------------------------------------------------------- layouts on disk

    static boolean isPresent(DatasetSpec spec, Path dir) {
        if (!Files.isDirectory(dir)) return false;
        return switch (spec.format()) {
            case IDX -> IDX_FILES.stream().allMatch(f -> findIdx(dir, f) != null);
            case CIFAR_BINARY -> Cifar10.isPresent(dir);
        };
    }

    private static Resolved read(DatasetSpec spec, Path dir, Resolved.Source source) throws IOException {
        Dataset train, test;
        switch (spec.format()) {
            case IDX -> {
                train = Idx.load(spec.name() + " train", findIdx(dir, TRAIN_IMAGES), findIdx(dir, TRAIN_LABELS), spec.classNames());
                test = Idx.load(spec.name() + " test", findIdx(dir, TEST_IMAGES), findIdx(dir, TEST_LABELS), spec.classNames());
            }
            case CIFAR_BINARY -> {
                train = Cifar10.loadTrain(dir);
                test = Cifar10.loadTest(dir);
            }
            default -> throw new IllegalStateException();
        }
        for (Dataset part : List.of(train, test)) {
            if (!part.itemShape().equals(spec.itemShape())) {
                throw new DatasetException(dir + ": " + part + " has images of shape " + part.itemShape() + ", but "
                        + spec.name() + " has " + spec.itemShape());
            }
        }
        return new Resolved(spec, train, test, source, dir.toString(), null);
    }

    /** {@code base.gz}, {@code base}, or the same with {@code .idx} for {@code -idx} (as some unpackers name them). */
    static Path findIdx(Path dir, String base) {
        String dotted = base.replace("-idx", ".idx");
        for (String name : List.of(base + ".gz", base, dotted + ".gz", dotted)) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) return p;
        }
        return null;
    }

    private static String expectedFiles(DatasetSpec spec) {
        return switch (spec.format()) {
            case IDX -> "the four IDX files " + String.join(", ", IDX_FILES) + " (each .gz or not)";
            case CIFAR_BINARY -> "the CIFAR-10 binary batches " + String.join(", ", Cifar10.TRAIN_FILES) + ", "
                    + String.join(", ", Cifar10.TEST_FILES) + " (or a " + Cifar10.BATCH_DIR + " folder with them)";
        };
    }

    private static String join(List<Path> paths) {
        return String.join(", ", paths.stream().map(Path::toString).toList());
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** Options of a {@link DatasetResolver}; every one has a default. */
    public static final class Builder {
        private Path home = defaultHome(System.getenv(), Path.of(System.getProperty("user.home")));
        private final Map<String, DatasetSpec> specs = new HashMap<>();
        private boolean download = true;
        private boolean sample = true;
        private DownloadProgress progress = DownloadProgress.NONE;

        private Builder() {
        }

        /** Splot's home folder (default: SPLOT_HOME, else ~/.splot); the cache is {@code home/datasets}. */
        public Builder home(Path home) {
            this.home = home;
            return this;
        }

        /** Uses {@code spec} instead of the catalog's entry of the same name (another mirror, system folders...). */
        public Builder spec(DatasetSpec spec) {
            Catalog.byName(spec.name());
            specs.put(spec.name(), spec);
            return this;
        }

        /** Whether a data set missing locally is downloaded (default true). */
        public Builder download(boolean download) {
            this.download = download;
            return this;
        }

        /** Whether the shipped sample is used when nothing else is found (default true). */
        public Builder sample(boolean sample) {
            this.sample = sample;
            return this;
        }

        /** Told how downloads advance (default: nothing). */
        public Builder progress(DownloadProgress progress) {
            this.progress = progress;
            return this;
        }

        public DatasetResolver build() {
            return new DatasetResolver(this);
        }
    }
}

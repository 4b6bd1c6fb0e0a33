package splot.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import splot.tensor.Shape;

/**
 * Reads the CIFAR-10 binary version ({@code data_batch_1.bin} .. {@code data_batch_5.bin}, {@code test_batch.bin}):
 * fixed records of 1 label byte and 3072 pixel bytes, the 32x32 red plane, then green, then blue (CHW). The
 * official files hold 10,000 records each; any whole number of records is accepted.
 */
public final class Cifar10 {
    public static final int PIXELS = 3 * 32 * 32;
    public static final int RECORD_BYTES = 1 + PIXELS;
    public static final Shape ITEM_SHAPE = Shape.of(3, 32, 32);
    public static final List<String> CLASS_NAMES = List.of(
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");
    public static final List<String> TRAIN_FILES = List.of(
            "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    public static final List<String> TEST_FILES = List.of("test_batch.bin");
    /** The folder the official archive unpacks to. */
    public static final String BATCH_DIR = "cifar-10-batches-bin";

    private Cifar10() {
    }

    /** The 50,000 training images of a CIFAR-10 folder ({@code dir} or {@code dir/cifar-10-batches-bin}). */
    public static InMemoryDataset loadTrain(Path dir) throws IOException {
        Path batches = batchDir(dir);
        return readBatches("cifar-10 train", resolve(batches, TRAIN_FILES), classNames(batches));
    }

    /** The 10,000 test images of a CIFAR-10 folder ({@code dir} or {@code dir/cifar-10-batches-bin}). */
    public static InMemoryDataset loadTest(Path dir) throws IOException {
        Path batches = batchDir(dir);
        return readBatches("cifar-10 test", resolve(batches, TEST_FILES), classNames(batches));
    }

    /** True if {@code dir} (or its {@code cifar-10-batches-bin}) has all six batch files. */
    public static boolean isPresent(Path dir) {
        Path batches = batchDir(dir);
        for (String f : TRAIN_FILES) if (!Files.isRegularFile(batches.resolve(f))) return false;
        for (String f : TEST_FILES) if (!Files.isRegularFile(batches.resolve(f))) return false;
        return true;
    }

    /** {@code dir/cifar-10-batches-bin} if it exists, else {@code dir}. */
    public static Path batchDir(Path dir) {
        Path inner = dir.resolve(BATCH_DIR);
        return Files.isDirectory(inner) ? inner : dir;
    }

    /** Class names from {@code batches.meta.txt} (one per line) if the folder has it, else {@link #CLASS_NAMES}. */
    public static List<String> classNames(Path dir) throws IOException {
        Path meta = dir.resolve("batches.meta.txt");
        if (!Files.isRegularFile(meta)) return CLASS_NAMES;
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(meta, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) names.add(line.strip());
        }
        if (names.isEmpty()) throw new DatasetException(meta + ": no class names in it (expected one per line)");
        return names;
    }

    /** The records of several batch files, in order, as one data set. */
    public static InMemoryDataset readBatches(String name, List<Path> files, List<String> classNames) throws IOException {
        long total = 0;
        for (Path f : files) total += recordCount(f);
        if (total * PIXELS > Integer.MAX_VALUE - 8) {
            throw new DatasetException(name + ": " + total + " records do not fit in one array");
        }
        byte[] pixels = new byte[(int) total * PIXELS];
        int[] labels = new int[(int) total];
        int at = 0;
        for (Path f : files) at = readRecords(f, pixels, labels, at, classNames.size());
        return InMemoryDataset.ofBytes(name, pixels, labels, ITEM_SHAPE, classNames);
    }

    private static long recordCount(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new DatasetException(file + ": no such file");
        long length = Files.size(file);
        if (length == 0 || length % RECORD_BYTES != 0) {
            throw new DatasetException(file + ": " + length + " bytes is not a whole number of CIFAR-10 records (1 label byte + "
                    + PIXELS + " pixel bytes = " + RECORD_BYTES + " bytes each): " + length / RECORD_BYTES
                    + " records and " + length % RECORD_BYTES + " bytes left over");
        }
        return length / RECORD_BYTES;
    }

    /** Reads the records of {@code file} into the arrays from record {@code at} on; returns the next free record. */
    private static int readRecords(Path file, byte[] pixels, int[] labels, int at, int classes) throws IOException {
        long records = Files.size(file) / RECORD_BYTES;
        byte[] record = new byte[RECORD_BYTES];
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            for (long r = 0; r < records; r++, at++) {
                if (in.readNBytes(record, 0, RECORD_BYTES) != RECORD_BYTES) {
                    throw new DatasetException(file + ": ended early at record " + r + " (file changed while reading?)");
                }
                int label = record[0] & 0xFF;
                if (label >= classes) {
                    throw new DatasetException(file + ": label " + label + " at byte offset " + r * RECORD_BYTES
                            + " (record " + r + ") is not a class index 0.." + (classes - 1));
                }
                labels[at] = label;
                System.arraycopy(record, 1, pixels, at * PIXELS, PIXELS);
            }
        }
        return at;
    }

    private static List<Path> resolve(Path dir, List<String> names) {
        return names.stream().map(dir::resolve).toList();
    }
}

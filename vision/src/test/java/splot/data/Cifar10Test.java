package splot.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import splot.tensor.Shape;

class Cifar10Test {
    @TempDir
    Path dir;

    private void writeBatches(Path batches, int perFile) throws Exception {
        for (int i = 0; i < 5; i++) TestFiles.write(batches.resolve(Cifar10.TRAIN_FILES.get(i)), TestFiles.cifarRecords(perFile, i));
        TestFiles.write(batches.resolve("test_batch.bin"), TestFiles.cifarRecords(perFile, 99));
    }

    @Test
    void readsTheBatchesInOrderAsCHW() throws Exception {
        Path batches = dir.resolve(Cifar10.BATCH_DIR);
        writeBatches(batches, 3);
        assertTrue(Cifar10.isPresent(dir));
        InMemoryDataset train = Cifar10.loadTrain(dir);   // finds the cifar-10-batches-bin folder itself
        assertEquals(15, train.size());
        assertEquals(Shape.of(3, 32, 32), train.itemShape());
        assertEquals(Cifar10.CLASS_NAMES, train.classNames());
        // Item 4 is record 1 of data_batch_2.bin.
        byte[] records = Files.readAllBytes(batches.resolve("data_batch_2.bin"));
        Dataset.Item item = train.get(4);
        assertEquals(records[Cifar10.RECORD_BYTES] & 0xFF, item.label());
        float[] expected = new float[Cifar10.PIXELS];
        for (int j = 0; j < Cifar10.PIXELS; j++) expected[j] = records[Cifar10.RECORD_BYTES + 1 + j] & 0xFF;
        assertArrayEquals(expected, item.image());
        assertEquals(3, Cifar10.loadTest(batches).size());
    }

    @Test
    void classNamesComeFromBatchesMetaWhenPresent() throws Exception {
        writeBatches(dir, 2);
        List<String> names = List.of("plane", "car", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "lorry");
        Files.write(dir.resolve("batches.meta.txt"), (String.join("\n", names) + "\n\n").getBytes());
        assertEquals(names, Cifar10.loadTest(dir).classNames());
    }

    @Test
    void wrongLengthSaysHowManyBytesAreLeftOver() throws Exception {
        writeBatches(dir, 2);
        byte[] good = TestFiles.cifarRecords(2, 5);
        Path f = TestFiles.write(dir.resolve("data_batch_3.bin"), Arrays.copyOf(good, good.length - 100));
        var e = assertThrows(DatasetException.class, () -> Cifar10.loadTrain(dir));
        assertTrue(e.getMessage().contains(f + ": 6046 bytes is not a whole number of CIFAR-10 records (1 label byte + 3072 pixel bytes = 3073 bytes each): 1 records and 2973 bytes left over"),
                e.getMessage());
    }

    @Test
    void badLabelNamesFileAndOffset() throws Exception {
        writeBatches(dir, 2);
        byte[] records = TestFiles.cifarRecords(2, 5);
        records[Cifar10.RECORD_BYTES] = 10;
        Path f = TestFiles.write(dir.resolve("test_batch.bin"), records);
        var e = assertThrows(DatasetException.class, () -> Cifar10.loadTest(dir));
        assertTrue(e.getMessage().contains(f + ": label 10 at byte offset 3073 (record 1) is not a class index 0..9"), e.getMessage());
    }

    @Test
    void missingBatchFile() throws Exception {
        writeBatches(dir, 1);
        Files.delete(dir.resolve("data_batch_5.bin"));
        assertTrue(!Cifar10.isPresent(dir));
        var e = assertThrows(DatasetException.class, () -> Cifar10.loadTrain(dir));
        assertTrue(e.getMessage().contains("data_batch_5.bin: no such file"), e.getMessage());
    }
}

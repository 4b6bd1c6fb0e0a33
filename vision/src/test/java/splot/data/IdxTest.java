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

class IdxTest {
    @TempDir
    Path dir;

    private final byte[] pixels = TestFiles.pixels(5, 4, 3, 7);
    private final byte[] labels = {3, 0, 9, 9, 1};

    @Test
    void readsGzippedAndRawFilesAlike() throws Exception {
        Path gz = TestFiles.write(dir.resolve("images.gz"), TestFiles.gzip(TestFiles.idxImages(5, 4, 3, pixels)));
        // A raw file with a misleading name: gzip is detected by its magic bytes, not by the name.
        Path raw = TestFiles.write(dir.resolve("raw.gz"), TestFiles.idxImages(5, 4, 3, pixels));
        for (Path f : List.of(gz, raw)) {
            Idx.Images images = Idx.readImages(f);
            assertEquals(5, images.count());
            assertEquals(4, images.rows());
            assertEquals(3, images.cols());
            assertArrayEquals(pixels, images.pixels());
            assertEquals(Shape.of(1, 4, 3), images.itemShape());
        }
        Path l = TestFiles.write(dir.resolve("labels"), TestFiles.idxLabels(labels));
        assertArrayEquals(labels, Idx.readLabels(l));
    }

    @Test
    void loadsADataSetWithPixelValuesAbove127() throws Exception {
        Path images = TestFiles.write(dir.resolve("i.gz"), TestFiles.gzip(TestFiles.idxImages(5, 4, 3, pixels)));
        Path l = TestFiles.write(dir.resolve("l.gz"), TestFiles.gzip(TestFiles.idxLabels(labels)));
        InMemoryDataset data = Idx.load("test", images, l, InMemoryDataset.numberedClasses(10));
        assertEquals(5, data.size());
        assertEquals(10, data.numClasses());
        Dataset.Item third = data.get(2);
        assertEquals(9, third.label());
        for (int j = 0; j < 12; j++) assertEquals(pixels[2 * 12 + j] & 0xFF, third.image()[j]);
        // Classes default to 0..max label when not named.
        assertEquals(10, Idx.load("test", images, l, null).numClasses());
    }

    @Test
    void badMagicNumberNamesTheFileAndBothNumbers() throws Exception {
        Path f = TestFiles.write(dir.resolve("train-images-idx3-ubyte.gz"), TestFiles.gzip(TestFiles.idxLabels(labels)));
        var e = assertThrows(DatasetException.class, () -> Idx.readImages(f));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz: bad magic number 0x00000801, expected 0x00000803 (IDX images)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("labels file"), e.getMessage());
    }

    @Test
    void truncatedPixelsSayWhatTheHeaderPromised() throws Exception {
        byte[] full = TestFiles.idxImages(5, 4, 3, pixels);
        Path f = TestFiles.write(dir.resolve("short-images"), Arrays.copyOf(full, 16 + 40));
        var e = assertThrows(DatasetException.class, () -> Idx.readImages(f));
        assertTrue(e.getMessage().contains("short-images: truncated: header says 5 images of 4x3 but file has 40 bytes of pixel data"),
                e.getMessage());
    }

    @Test
    void truncatedLabels() throws Exception {
        Path f = TestFiles.write(dir.resolve("short-labels"), Arrays.copyOf(TestFiles.idxLabels(labels), 8 + 2));
        var e = assertThrows(DatasetException.class, () -> Idx.readLabels(f));
        assertTrue(e.getMessage().contains("short-labels: truncated: header says 5 labels but file has 2 bytes of labels"), e.getMessage());
    }

    @Test
    void cutOffGzipStreamIsReportedWithTheFile() throws Exception {
        byte[] gz = TestFiles.gzip(TestFiles.idxImages(5, 4, 3, pixels));
        Path f = TestFiles.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length - 30));
        var e = assertThrows(DatasetException.class, () -> Idx.readImages(f));
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("damaged or cut off") || e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void extraBytesAfterTheRecordsAreAnError() throws Exception {
        byte[] full = TestFiles.idxImages(5, 4, 3, pixels);
        Path f = TestFiles.write(dir.resolve("long"), Arrays.copyOf(full, full.length + 12));
        var e = assertThrows(DatasetException.class, () -> Idx.readImages(f));
        assertTrue(e.getMessage().contains("long: 12 bytes more than the 5 images the header says"), e.getMessage());
    }

    @Test
    void aHeaderPromisingGigabytesFailsAsTruncatedNotOutOfMemory() throws Exception {
        byte[] lying = TestFiles.idxImages(5, 4, 3, pixels);
        lying[4] = 0x7F;   // count 0x7F000005: about 2 billion images of 4x3
        Path f = TestFiles.write(dir.resolve("lying"), lying);
        var e = assertThrows(DatasetException.class, () -> Idx.readImages(f));
        assertTrue(e.getMessage().contains("more than Java can hold"), e.getMessage());
        lying[4] = 0x01;   // 16,777,221 images: 201 MB promised, 60 bytes there
        Files.write(f, lying);
        var t = assertThrows(DatasetException.class, () -> Idx.readImages(f));
        assertTrue(t.getMessage().contains("truncated: header says 16777221 images of 4x3 but file has 60 bytes"), t.getMessage());
    }

    @Test
    void tooShortForAHeader() throws Exception {
        Path f = TestFiles.write(dir.resolve("tiny"), new byte[] {0, 0, 8});
        var e = assertThrows(DatasetException.class, () -> Idx.readImages(f));
        assertTrue(e.getMessage().contains("tiny: too short for an IDX images header: 3 bytes, expected 16"), e.getMessage());
    }

    @Test
    void labelCountMustMatchImageCount() throws Exception {
        Path images = TestFiles.write(dir.resolve("imgs"), TestFiles.idxImages(5, 4, 3, pixels));
        Path l = TestFiles.write(dir.resolve("lbls"), TestFiles.idxLabels(Arrays.copyOf(labels, 4)));
        var e = assertThrows(DatasetException.class, () -> Idx.load("mine", images, l, null));
        assertTrue(e.getMessage().contains(images + " has 5 images but " + l + " has 4 labels"), e.getMessage());
    }

    @Test
    void labelOutsideTheClassesIsAnErrorWithItsOffset() throws Exception {
        Path images = TestFiles.write(dir.resolve("imgs"), TestFiles.idxImages(5, 4, 3, pixels));
        Path l = TestFiles.write(dir.resolve("lbls"), TestFiles.idxLabels(labels));
        var e = assertThrows(DatasetException.class, () -> Idx.load("mine", images, l, List.of("a", "b", "c", "d")));
        assertTrue(e.getMessage().contains("lbls: label 9 at byte offset 10 (label 2) is not a class index 0..3"), e.getMessage());
    }

    @Test
    void missingFile() {
        Path f = dir.resolve("nothing-here.gz");
        var e = assertThrows(DatasetException.class, () -> Idx.readImages(f));
        assertEquals(f + ": no such file", e.getMessage());
    }
}

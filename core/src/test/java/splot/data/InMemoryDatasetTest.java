package splot.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import splot.tensor.Shape;

class InMemoryDatasetTest {
    private static final List<String> ABC = List.of("a", "b", "c");

    @Test
    void bytesBecomeUnsignedFloatsInTheBatchBuffer() {
        byte[] pixels = {0, 1, (byte) 128, (byte) 255, 7, 8, 9, 10, (byte) 200, 12, 13, 14};
        InMemoryDataset data = InMemoryDataset.ofBytes("t", pixels, new int[] {2, 0, 1}, Shape.of(1, 2, 2), ABC);
        float[] images = new float[8];
        int[] labels = new int[2];
        data.fill(new int[] {9, 0, 2}, 1, 2, images, labels);
        assertArrayEquals(new float[] {0, 1, 128, 255, 200, 12, 13, 14}, images);
        assertArrayEquals(new int[] {2, 1}, labels);
        assertArrayEquals(new int[] {1, 1, 1}, data.classCounts());
    }

    @Test
    void floatsAreCopiedAsTheyAre() {
        float[] pixels = {-1.5f, 2, 3, 4.25f};
        InMemoryDataset data = InMemoryDataset.ofFloats("t", pixels, new int[] {0, 2}, Shape.of(1, 1, 2), ABC);
        assertArrayEquals(new float[] {3, 4.25f}, data.get(1).image());
        // Values that are not bytes stay floats in a copy.
        assertArrayEquals(new float[] {-1.5f, 2}, InMemoryDataset.copyOf(data).get(0).image());
    }

    @Test
    void checksLengthsAndLabels() {
        var length = assertThrows(IllegalArgumentException.class,
                () -> InMemoryDataset.ofBytes("t", new byte[7], new int[] {0, 1}, Shape.of(1, 2, 2), ABC));
        assertTrue(length.getMessage().contains("2 labels need 8 pixel values"), length.getMessage());
        var label = assertThrows(IllegalArgumentException.class,
                () -> InMemoryDataset.ofBytes("t", new byte[8], new int[] {0, 3}, Shape.of(1, 2, 2), ABC));
        assertTrue(label.getMessage().contains("label 3 of item 1 is not a class index 0..2"), label.getMessage());
    }

    @Test
    void bufferTooSmall() {
        InMemoryDataset data = InMemoryDataset.ofBytes("t", new byte[8], new int[] {0, 1}, Shape.of(1, 2, 2), ABC);
        assertThrows(IllegalArgumentException.class, () -> data.fill(new int[] {0, 1}, 0, 2, new float[7], new int[2]));
    }

    @Test
    void splitIsASeededPartitionOfViews() {
        int n = 100;
        InMemoryDataset data = InMemoryDataset.ofBytes("t", new byte[n], new int[n], Shape.of(1, 1, 1), ABC);
        Split split = Split.of(data, 0.2, 5);
        assertEquals(80, split.train().size());
        assertEquals(20, split.validation().size());
        boolean[] seen = new boolean[n];
        for (Dataset part : List.of(split.train(), split.validation())) {
            Subset s = (Subset) part;
            assertTrue(s.base() == data, "a view, not a copy");
            for (int i = 0; i < s.size(); i++) {
                assertTrue(!seen[s.baseIndex(i)], "index " + s.baseIndex(i) + " in both parts");
                seen[s.baseIndex(i)] = true;
            }
        }
        for (boolean b : seen) assertTrue(b);
        Subset again = (Subset) Split.of(data, 0.2, 5).validation(), other = (Subset) Split.of(data, 0.2, 6).validation();
        boolean same = true, differs = false;
        for (int i = 0; i < 20; i++) {
            same &= again.baseIndex(i) == ((Subset) split.validation()).baseIndex(i);
            differs |= other.baseIndex(i) != again.baseIndex(i);
        }
        assertTrue(same, "same seed, same split");
        assertTrue(differs, "another seed, another split");
        assertThrows(IllegalArgumentException.class, () -> Split.of(data, 1.0, 1));
        assertThrows(IllegalArgumentException.class, () -> Split.of(data, 0.001, 1));
    }

    @Test
    void subsetReadsThroughToTheBase() {
        byte[] pixels = {10, 20, 30, 40};
        InMemoryDataset data = InMemoryDataset.ofBytes("t", pixels, new int[] {0, 1, 2, 0}, Shape.of(1, 1, 1), ABC);
        Dataset view = data.subset(new int[] {3, 1});
        float[] images = new float[2];
        int[] labels = new int[2];
        view.fill(new int[] {1, 0}, 0, 2, images, labels);
        assertArrayEquals(new float[] {20, 40}, images);
        assertArrayEquals(new int[] {1, 0}, labels);
        assertThrows(IndexOutOfBoundsException.class, () -> data.subset(new int[] {4}));
    }
}

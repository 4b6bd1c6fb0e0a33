package splot.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import splot.tensor.Shape;

class ImageFolderTest {
    @TempDir
    Path root;

    private static int[][] fill(int h, int w, int rgb) {
        int[][] p = new int[h][w];
        for (int[] row : p) java.util.Arrays.fill(row, rgb);
        return p;
    }

    @Test
    void classesAreSortedFoldersAndOtherFilesAreIgnored() throws Exception {
        TestFiles.png(root.resolve("zebra/b.png"), fill(4, 4, 0x000000));
        TestFiles.png(root.resolve("zebra/a.PNG"), fill(4, 4, 0xFFFFFF));
        TestFiles.png(root.resolve("ant/x.png"), fill(4, 4, 0x808080));
        TestFiles.png(root.resolve("ant/y.bmp.txt"), fill(4, 4, 0x808080)); // a PNG, but not named as an image
        Files.writeString(root.resolve("ant/notes.txt"), "not an image");
        Files.writeString(root.resolve("readme.md"), "files in the root are not classes");
        TestFiles.png(root.resolve(".ipynb_checkpoints/c.png"), fill(4, 4, 0));
        ImageFolder data = ImageFolder.open(root, 4, 4, ImageFolder.Color.GRAY);
        assertEquals(List.of("ant", "zebra"), data.classNames());
        assertEquals(3, data.size());
        assertEquals(List.of(0, 1, 1), List.of(data.label(0), data.label(1), data.label(2)));
        assertEquals("a.PNG", data.file(1).getFileName().toString());
        assertEquals(255f, data.get(1).image()[0]);
        assertEquals(0f, data.get(2).image()[0]);
        assertEquals(Shape.of(1, 4, 4), data.itemShape());
    }

    @Test
    void grayIsTheWeightedSumAndRgbKeepsChannelsInOrder() throws Exception {
        TestFiles.png(root.resolve("c/one.png"), fill(2, 3, 0xC86432)); // R 200, G 100, B 50
        float gray = ImageFolder.open(root, 2, 3, ImageFolder.Color.GRAY).get(0).image()[0];
        assertEquals(Math.round(0.299f * 200 + 0.587f * 100 + 0.114f * 50), gray);
        float[] rgb = ImageFolder.open(root, 2, 3, ImageFolder.Color.RGB).get(0).image();
        assertEquals(18, rgb.length);
        assertEquals(200f, rgb[0]);
        assertEquals(100f, rgb[6]);
        assertEquals(50f, rgb[17]);
    }

    @Test
    void grayPngValuesAreReadExactly() throws Exception {
        // Java converts gray images to sRGB in getRGB(), which would change these values.
        int[][] values = {{0, 10, 50}, {100, 128, 255}};
        TestFiles.grayPng(root.resolve("g/img.png"), values);
        float[] got = ImageFolder.open(root, 2, 3, ImageFolder.Color.GRAY).get(0).image();
        assertArrayEquals(new float[] {0, 10, 50, 100, 128, 255}, got);
        float[] rgb = ImageFolder.open(root, 2, 3, ImageFolder.Color.RGB).get(0).image();
        assertEquals(128f, rgb[4]);
        assertEquals(128f, rgb[6 + 4]);
        assertEquals(128f, rgb[12 + 4]);
    }

    @Test
    void resizesBilinearlyWithHalfPixelCentres() throws Exception {
        // PyTorch: F.interpolate(torch.tensor([[[[0., 100.]]]]), size=(1, 4), mode="bilinear") == [0, 25, 75, 100]
        TestFiles.grayPng(root.resolve("g/img.png"), new int[][] {{0, 100}});
        float[] got = ImageFolder.open(root, 1, 4, ImageFolder.Color.GRAY).get(0).image();
        assertArrayEquals(new float[] {0, 25, 75, 100}, got);
        // Downscaling a 4x4 of 2x2 blocks to 2x2 gives the block values.
        int[][] blocks = {{10, 10, 20, 20}, {10, 10, 20, 20}, {30, 30, 40, 40}, {30, 30, 40, 40}};
        TestFiles.grayPng(root.resolve("g/img.png"), blocks);
        assertArrayEquals(new float[] {10, 20, 30, 40}, ImageFolder.open(root, 2, 2, ImageFolder.Color.GRAY).get(0).image());
    }

    @Test
    void unreadableImageNamesTheFile() throws Exception {
        TestFiles.png(root.resolve("a/good.png"), fill(3, 3, 0));
        Path bad = root.resolve("b/broken.jpg");
        TestFiles.write(bad, new byte[] {1, 2, 3, 4, 5});
        ImageFolder data = ImageFolder.open(root, 3, 3, ImageFolder.Color.RGB);
        var e = assertThrows(UncheckedIOException.class, () -> data.get(1));
        assertTrue(e.getMessage().contains(bad + ": not a readable image"), e.getMessage());
        var eager = assertThrows(UncheckedIOException.class, () -> InMemoryDataset.copyOf(data));
        assertTrue(eager.getMessage().contains("broken.jpg"), eager.getMessage());
        var direct = assertThrows(DatasetException.class, () -> ImageFolder.readImage(bad, 3, 3, ImageFolder.Color.GRAY));
        assertTrue(direct.getMessage().startsWith(bad.toString()), direct.getMessage());
    }

    @Test
    void emptyOrMissingRootSaysWhatWasExpected() throws Exception {
        var none = assertThrows(DatasetException.class, () -> ImageFolder.open(root, 8, 8, ImageFolder.Color.GRAY));
        assertTrue(none.getMessage().contains("no class folders"), none.getMessage());
        Files.createDirectories(root.resolve("cats"));
        var empty = assertThrows(DatasetException.class, () -> ImageFolder.open(root, 8, 8, ImageFolder.Color.GRAY));
        assertTrue(empty.getMessage().contains("[cats] hold no images"), empty.getMessage());
        var missing = assertThrows(DatasetException.class, () -> ImageFolder.open(root.resolve("nope"), 8, 8, ImageFolder.Color.GRAY));
        assertTrue(missing.getMessage().contains("nope: not a folder"), missing.getMessage());
    }

    @Test
    void copyOfKeepsWholePixelValuesAsBytes() throws Exception {
        TestFiles.png(root.resolve("a/1.png"), fill(5, 5, 0xFF0000));
        TestFiles.png(root.resolve("b/2.png"), fill(5, 5, 0x00FF00));
        ImageFolder folder = ImageFolder.open(root, 3, 3, ImageFolder.Color.RGB);
        InMemoryDataset copy = InMemoryDataset.copyOf(folder);
        assertEquals(2, copy.size());
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(folder.get(i).image(), copy.get(i).image());
            assertEquals(folder.label(i), copy.label(i));
        }
    }
}

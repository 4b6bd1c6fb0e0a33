package splot.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageTest {
    @TempDir
    Path dir;

    @Test
    void pngRoundTripKeepsInRangePixels() throws IOException {
        Image rgb = randomImage(3, 13, 17, 1);
        Path file = dir.resolve("rgb.png");
        rgb.writePng(file, OutputMapping.CLIP);
        Image back = Image.read(file);
        assertEquals(3, back.channels());
        assertEquals(rgb.planes(), back.planes());

        Image gray = randomImage(1, 9, 5, 2);
        gray.writePng(dir.resolve("gray.png"), OutputMapping.CLIP);
        Image grayBack = Image.read(dir.resolve("gray.png"));
        assertTrue(grayBack.isGray());
        assertEquals(gray.planes(), grayBack.planes());
    }

    @Test
    void readsBmpExactlyAndJpegClosely() throws IOException {
        Image rgb = randomImage(3, 8, 6, 3);
        BufferedImage picture = rgb.toBufferedImage(OutputMapping.CLIP);
        Path bmp = dir.resolve("x.bmp");
        assertTrue(ImageIO.write(picture, "bmp", bmp.toFile()));
        assertEquals(rgb.planes(), Image.read(bmp).planes());

        Image flat = Image.of(Plane.full(16, 16, 200), Plane.full(16, 16, 100), Plane.full(16, 16, 50));
        Path jpg = dir.resolve("x.jpg");
        assertTrue(ImageIO.write(flat.toBufferedImage(OutputMapping.CLIP), "jpeg", jpg.toFile()));
        Image back = Image.read(jpg);
        for (int c = 0; c < 3; c++) {
            for (float v : back.channel(c).data()) assertEquals(flat.channel(c).get(0, 0), v, 3, "JPEG channel " + c);
        }
    }

    @Test
    void unreadableFilesGiveMessagesNamingTheFile() throws IOException {
        Path missing = dir.resolve("nope.png");
        var e1 = assertThrows(IOException.class, () -> Image.read(missing));
        assertTrue(e1.getMessage().contains(missing.toString()) && e1.getMessage().contains("no such file"), e1.getMessage());

        Path text = dir.resolve("notes.png");
        Files.writeString(text, "this is not a picture");
        var e2 = assertThrows(IOException.class, () -> Image.read(text));
        assertTrue(e2.getMessage().contains(text.toString()) && e2.getMessage().contains("not a PNG, JPEG or BMP image"), e2.getMessage());

        Path good = dir.resolve("good.png");
        randomImage(3, 40, 40, 4).writePng(good, OutputMapping.CLIP);
        byte[] bytes = Files.readAllBytes(good);
        Path damaged = dir.resolve("damaged.png");
        Files.write(damaged, Arrays.copyOf(bytes, bytes.length / 2));
        var e3 = assertThrows(IOException.class, () -> Image.read(damaged));
        assertTrue(e3.getMessage().startsWith("Cannot read image " + damaged), e3.getMessage());

        var e4 = assertThrows(IOException.class, () -> Image.read(dir));
        assertTrue(e4.getMessage().contains("not a regular file"), e4.getMessage());
    }

    @Test
    void grayUsesTheTextsWeights() {
        Image rgb = Image.of(Plane.of(new float[][] {{255, 0, 0, 10}}), Plane.of(new float[][] {{0, 255, 0, 20}}),
                Plane.of(new float[][] {{0, 0, 255, 30}}));
        float[] g = rgb.gray().channel(0).data();
        assertEquals(76.245f, g[0], 1e-4);
        assertEquals(149.685f, g[1], 1e-4);
        assertEquals(29.07f, g[2], 1e-4);
        assertEquals(0.299f * 10 + 0.587f * 20 + 0.114f * 30, g[3], 1e-4);
        Image gray = rgb.gray();
        assertTrue(gray.gray() == gray, "gray of gray is itself");
    }

    @Test
    void normalisationIsXOver255MinusHalf() {
        Image img = Image.of(Plane.of(new float[][] {{0, 127.5f, 255}}));
        assertArrayEquals(new float[] {-0.5f, 0f, 0.5f}, img.normalized().channel(0).data(), 1e-7f);
        assertEquals(img.planes(), img.normalized().denormalized().planes());
        assertArrayEquals(new float[] {0f, 0.5f, 1f}, img.scaledToUnit().channel(0).data(), 1e-7f);
    }

    @Test
    void outputMappings() {
        List<Plane> p = List.of(Plane.of(new float[][] {{-3.2f, 12.4f, 12.5f, 300f}}));
        assertArrayEquals(new int[] {0, 12, 13, 255}, OutputMapping.CLIP.toBytes(p)[0]);
        assertArrayEquals(new int[] {0, 128, 255}, OutputMapping.MINMAX.toBytes(List.of(Plane.of(new float[][] {{2, 4, 6}})))[0]);
        assertArrayEquals(new int[] {255, 0, 128}, OutputMapping.ABS.toBytes(List.of(Plane.of(new float[][] {{-4, 0, 2}})))[0]);
        assertArrayEquals(new int[] {0, 0}, OutputMapping.MINMAX.toBytes(List.of(Plane.full(1, 2, 7)))[0]);
        // One range over all channels keeps the colour balance.
        int[][] rgb = OutputMapping.MINMAX.toBytes(List.of(Plane.of(new float[][] {{0, 10}}), Plane.of(new float[][] {{5, 5}})));
        assertArrayEquals(new int[] {0, 255}, rgb[0]);
        assertArrayEquals(new int[] {128, 128}, rgb[1]);
        assertEquals(OutputMapping.MINMAX, OutputMapping.parse("min-max"));
        var e = assertThrows(IllegalArgumentException.class, () -> OutputMapping.parse("log"));
        assertTrue(e.getMessage().contains("clip, minmax, abs"), e.getMessage());
    }

    @Test
    void downsampleByStrideOrBlockMean() {
        Plane ramp = Convolve2dTest.ramp(5, 5);   // 1..25
        Plane stride = Image.of(ramp).downsample(2, Downsampling.STRIDE).channel(0);
        assertEquals(Plane.of(new float[][] {{1, 3, 5}, {11, 13, 15}, {21, 23, 25}}), stride);
        Plane mean = Image.of(ramp).downsample(2, Downsampling.MEAN).channel(0);
        assertEquals(Plane.of(new float[][] {{(1 + 2 + 6 + 7) / 4f, (3 + 4 + 8 + 9) / 4f}, {(11 + 12 + 16 + 17) / 4f, (13 + 14 + 18 + 19) / 4f}}), mean);
        assertEquals(ramp, Downsampling.MEAN.apply(ramp, 1));
        assertThrows(IllegalArgumentException.class, () -> Downsampling.MEAN.apply(ramp, 0));
        var e = assertThrows(IllegalArgumentException.class, () -> Downsampling.MEAN.apply(ramp, 6));
        assertTrue(e.getMessage().contains("5x5"), e.getMessage());
    }

    @Test
    void sixteenBitGrayIsScaledTo255() {
        BufferedImage b = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        b.getRaster().setSample(0, 0, 0, 65535);
        b.getRaster().setSample(1, 0, 0, 257 * 100);
        assertArrayEquals(new float[] {255f, 100f}, Image.of(b).channel(0).data(), 1e-4f);
    }

    @Test
    void channelsMustAgreeAndPicturesNeedOneOrThree() {
        var e = assertThrows(IllegalArgumentException.class, () -> Image.of(Plane.zeros(2, 3), Plane.zeros(3, 2)));
        assertTrue(e.getMessage().contains("2x3") && e.getMessage().contains("3x2"), e.getMessage());
        var p = assertThrows(IllegalStateException.class, () -> Image.of(Plane.zeros(2, 2), Plane.zeros(2, 2)).toBufferedImage(OutputMapping.CLIP));
        assertTrue(p.getMessage().contains("has 2"), p.getMessage());
        assertEquals("Image 13x17 RGB", randomImage(3, 13, 17, 1).toString());
    }

    static Image randomImage(int channels, int h, int w, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Plane[] planes = new Plane[channels];
        for (int c = 0; c < channels; c++) {
            float[] d = new float[h * w];
            for (int i = 0; i < d.length; i++) d[i] = r.nextInt(256);
            planes[c] = new Plane(h, w, d);
        }
        return Image.of(planes);
    }
}

package splot.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import splot.image.Convolve2d.Boundary;
import splot.image.Convolve2d.Mode;

class FilterPipelineTest {
    @TempDir
    Path dir;
    Path photo;

    /** A 30 x 44 RGB scene: flat background, a white box and a red bar, so edges are known. */
    @BeforeEach
    void drawPhoto() throws IOException {
        BufferedImage b = new BufferedImage(44, 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = b.createGraphics();
        g.setColor(new Color(60, 90, 120));
        g.fillRect(0, 0, 44, 30);
        g.setColor(Color.WHITE);
        g.fillRect(10, 8, 12, 10);
        g.setColor(new Color(200, 30, 30));
        g.fillRect(30, 4, 6, 22);
        g.dispose();
        photo = dir.resolve("photo.png");
        ImageIO.write(b, "png", photo.toFile());
    }

    @Test
    void outlineOnGrayWritesAnEdgeMapTheSizeOfTheInput() throws IOException {
        Path out = dir.resolve("edges.png");
        var request = FilterRequest.of(photo, "outline", out).withGray(true);
        var result = FilterPipeline.run(request);
        assertEquals(OutputMapping.ABS, result.mapping());
        Image edges = Image.read(out);
        assertTrue(edges.isGray());
        assertEquals(30, edges.height());
        assertEquals(44, edges.width());
        assertEquals(0f, edges.channel(0).get(2, 2), "flat background");
        assertEquals(0f, edges.channel(0).get(12, 15), "inside the box");
        assertTrue(edges.channel(0).get(8, 15) > 100, "the box's top edge");
        // The file holds exactly the library's convolution, abs + min-max mapped.
        Image expected = Image.read(photo).gray().convolve(Kernels.named("outline"), Mode.SAME, Boundary.SYMM, 0f);
        assertArrayEquals(OutputMapping.ABS.toBytes(expected.planes())[0], toInts(edges.channel(0)));
        assertNull(result.compare());
        assertEquals("outline 3x3: Image 30x44 gray -> 30x44 " + out + " (abs)", result.summary());
    }

    @Test
    void colourIsFilteredPerChannelAndNpyHoldsTheRawFloats() throws IOException {
        Path out = dir.resolve("sharp.npy");
        var result = FilterPipeline.run(FilterRequest.of(photo, "[[0,-1,0],[-1,5,-1],[0,-1,0]]", out)
                .withMode(Mode.VALID));
        NpyTest.Read npy = NpyTest.read(out);
        assertArrayEquals(new int[] {3, 28, 42}, npy.shape());
        Image input = Image.read(photo);
        for (int c = 0; c < 3; c++) {
            Plane expected = Convolve2d.convolve2d(input.channel(c), Kernels.named("sharpen").weights(), Mode.VALID, Boundary.SYMM);
            assertEquals(expected, result.filtered().channel(c));
        }
        assertArrayEquals(result.filtered().toChw(), npy.data());
        assertTrue(npy.data()[0] == 60f, "flat red channel stays 60 under sharpen");
    }

    @Test
    void downsampleThenFillBoundaryThenCompare() throws IOException {
        Path out = dir.resolve("blur.png");
        var request = FilterRequest.of(photo, "blur", out).withDownsample(2).withBoundary(Boundary.FILL).withFill(255)
                .withMode(Mode.FULL).withCompare(true);
        var result = FilterPipeline.run(request);
        assertEquals(dir.resolve("blur-compare.png"), result.compare());
        Image blurred = Image.read(out);
        assertEquals(15 + 2, blurred.height());
        assertEquals(22 + 2, blurred.width());
        // The corner of the full output sees 8 fill pixels of 255 and one background pixel.
        assertEquals(Math.round((8 * 255 + 60) / 9.0), blurred.channel(0).get(0, 0));
        BufferedImage compare = ImageIO.read(result.compare().toFile());
        assertTrue(compare.getWidth() > 2 * ComparePicture.MIN_PANEL, "small inputs are enlarged: " + compare.getWidth());
        assertTrue(hasDarkPixel(compare, 0, 0, compare.getWidth(), 40), "a title is drawn");
        assertTrue(request.describeFilter().contains("blur 3x3, mode full, boundary fill 255"), request.describeFilter());
    }

    @Test
    void comparePictureShrinksLargeImages() {
        Image big = Image.of(Plane.full(900, 1500, 30));
        BufferedImage p = ComparePicture.render(big, big, OutputMapping.CLIP, "identity");
        assertTrue(p.getWidth() <= 2 * ComparePicture.MAX_PANEL + 64, "width " + p.getWidth());
        assertTrue(p.getHeight() <= ComparePicture.MAX_PANEL + 120, "height " + p.getHeight());
    }

    @Test
    void badRequestsFailClearly() {
        var ext = assertThrows(IllegalArgumentException.class, () -> FilterRequest.of(photo, "blur", dir.resolve("out.jpg")));
        assertTrue(ext.getMessage().contains(".png") && ext.getMessage().contains(".npy") && ext.getMessage().contains("out.jpg"), ext.getMessage());
        var kernel = assertThrows(IllegalArgumentException.class, () -> FilterRequest.of(photo, "blurry", dir.resolve("o.png")));
        assertTrue(kernel.getMessage().contains("Unknown kernel 'blurry'"), kernel.getMessage());
        var factor = assertThrows(IllegalArgumentException.class, () -> FilterRequest.of(photo, "blur", dir.resolve("o.png")).withDownsample(0));
        assertTrue(factor.getMessage().contains("Downsample factor must be >= 1"), factor.getMessage());
        Path missing = dir.resolve("missing.jpg");
        var io = assertThrows(IOException.class, () -> FilterPipeline.run(FilterRequest.of(missing, "blur", dir.resolve("o.png"))));
        assertTrue(io.getMessage().contains(missing.toString()), io.getMessage());
        assertTrue(Files.notExists(dir.resolve("o.png")));
    }

    private static int[] toInts(Plane p) {
        int[] d = new int[p.size()];
        for (int i = 0; i < d.length; i++) d[i] = (int) p.data()[i];
        return d;
    }

    private static boolean hasDarkPixel(BufferedImage b, int x0, int y0, int w, int h) {
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) if ((b.getRGB(x, y) & 0xFF) < 100) return true;
        }
        return false;
    }
}

package splot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilterCommandTest {
    @TempDir
    Path dir;

    /** A gray picture: dark left half, bright right half; the outline kernel lights up only the edge between them. */
    private Path halves() throws IOException {
        BufferedImage img = new BufferedImage(20, 10, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 10; y++) for (int x = 0; x < 20; x++) img.getRaster().setSample(x, y, 0, x < 10 ? 40 : 200);
        Path p = dir.resolve("halves.png");
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    @Test
    void outlineMarksOnlyTheEdge() throws IOException {
        Path out = dir.resolve("edges.png");
        MainTest.Run r = MainTest.run("filter", halves().toString(), "--kernel", "outline", "--normalize", "clip", "--out", out.toString(),
                "--compare");
        assertEquals(0, r.exit(), r.err());
        BufferedImage edges = ImageIO.read(out.toFile());
        assertEquals(20, edges.getWidth());
        assertEquals(0, edges.getRaster().getSample(3, 5, 0), "flat area is zero");
        assertTrue(edges.getRaster().getSample(10, 5, 0) > 0, "the bright side of the edge responds");
        assertTrue(Files.exists(dir.resolve("edges-compare.png")));
    }

    @Test
    void npyOutputAndBadKernels() throws IOException {
        Path npy = dir.resolve("gx.npy");
        assertEquals(0, MainTest.run("filter", halves().toString(), "--kernel", "sobel-left", "--mode", "valid", "--out", npy.toString()).exit());
        byte[] bytes = Files.readAllBytes(npy);
        assertEquals((byte) 0x93, bytes[0]);
        assertTrue(new String(bytes, 1, 5).equals("NUMPY"));
        MainTest.Run bad = MainTest.run("filter", halves().toString(), "--kernel", "[[1,2],[3]]", "--out", dir.resolve("x.png").toString());
        assertEquals(1, bad.exit());
        assertTrue(bad.err().contains("ragged") || bad.err().contains("row"), bad.err());
        MainTest.Run unknown = MainTest.run("filter", halves().toString(), "--kernel", "sharpest", "--out", dir.resolve("x.png").toString());
        assertTrue(unknown.err().contains("sharpen"), unknown.err());
    }
}

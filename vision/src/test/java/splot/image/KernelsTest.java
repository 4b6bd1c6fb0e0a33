package splot.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelsTest {
    private static final Plane SHARPEN = Plane.of(new float[][] {{0, -1, 0}, {-1, 5, -1}, {0, -1, 0}});

    @Test
    void namedKernelsAreTheTextsMatrices() {
        assertEquals(Plane.of(new float[][] {{-1, -1, -1}, {-1, 8, -1}, {-1, -1, -1}}), Kernels.named("outline").weights());
        assertEquals(SHARPEN, Kernels.named("sharpen").weights());
        assertEquals(Plane.of(new float[][] {{1, 0, -1}, {2, 0, -2}, {1, 0, -1}}), Kernels.named("sobel-left").weights());
        assertEquals(Kernels.named("sobel-left").weights(), mirrorLeftRight(Kernels.named("sobel-right").weights()));
        assertEquals(Kernels.named("sobel-top").weights(), mirrorTopBottom(Kernels.named("sobel-bottom").weights()));
        assertEquals(Plane.full(3, 3, -1), Kernels.named("negative").weights());
        assertEquals(Plane.full(3, 3, 0.01f), Kernels.named("blur-light").weights());
        assertEquals(1.0, Kernels.named("blur").sum(), 1e-6);
        assertEquals(0.0, Kernels.named("outline").sum());
        assertEquals(Kernels.named("SOBEL_TOP").weights(), Kernels.named("sobel-top").weights());
    }

    /** After convolution's flip, sobel-left is right minus left and sobel-top is below minus above. */
    @Test
    void sobelSignsFollowTheFlip() {
        Plane brighterRight = Plane.zeros(5, 6), brighterDown = Plane.zeros(5, 6);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 6; x++) {
                brighterRight.set(y, x, 10 * x);
                brighterDown.set(y, x, 10 * y);
            }
        }
        var valid = Convolve2d.Mode.VALID;
        var fill = Convolve2d.Boundary.FILL;
        for (float v : Convolve2d.convolve2d(brighterRight, Kernels.named("sobel-left").weights(), valid, fill).data()) assertEquals(80f, v);
        for (float v : Convolve2d.convolve2d(brighterRight, Kernels.named("sobel-right").weights(), valid, fill).data()) assertEquals(-80f, v);
        for (float v : Convolve2d.convolve2d(brighterDown, Kernels.named("sobel-top").weights(), valid, fill).data()) assertEquals(80f, v);
        for (float v : Convolve2d.convolve2d(brighterDown, Kernels.named("sobel-left").weights(), valid, fill).data()) assertEquals(0f, v);
    }

    @Test
    void namedGivesAFreshCopy() {
        Kernels.named("identity").weights().set(1, 1, 99);
        assertEquals(1f, Kernels.named("identity").weights().get(1, 1));
    }

    @Test
    void unknownNameListsTheValidOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Kernels.named("emboss"));
        assertTrue(e.getMessage().contains("'emboss'"), e.getMessage());
        for (String name : Kernels.names()) assertTrue(e.getMessage().contains(name), name + " missing in " + e.getMessage());
        var r = assertThrows(IllegalArgumentException.class, () -> Kernels.resolve("emboss"));
        assertTrue(r.getMessage().contains("sobel-bottom") && r.getMessage().contains("[[0,-1,0]"), r.getMessage());
    }

    @Test
    void gaussianMatchesScipysWindow() {
        for (JsonNode g : Fixtures.convolve2d().get("gaussian")) {
            Kernel k = Kernels.gaussian(g.get("size").asInt(), g.get("sigma").asDouble());
            Fixtures.assertClose(Fixtures.plane(g.get("expected")), k.weights(), 1e-7, 1e-6, k.name());
            assertEquals(1.0, k.sum(), 1e-6);
        }
        assertEquals(Kernels.gaussian(5, 1.0).weights(), Kernels.resolve("gaussian").weights());
        assertEquals(Kernels.gaussian(7, 1.0).weights(), Kernels.resolve("gaussian:7").weights());
        assertEquals(Kernels.gaussian(3, 0.5).weights(), Kernels.resolve("Gaussian:3:0.5").weights());
        assertThrows(IllegalArgumentException.class, () -> Kernels.gaussian(0, 1));
        assertThrows(IllegalArgumentException.class, () -> Kernels.gaussian(3, 0));
        var e = assertThrows(IllegalArgumentException.class, () -> Kernels.resolve("gaussian:x"));
        assertTrue(e.getMessage().contains("gaussian[:SIZE[:SIGMA]]"), e.getMessage());
    }

    @Test
    void parsesNestedListsAndPlainRows() {
        assertEquals(SHARPEN, Kernels.parse("[[0,-1,0],[-1,5,-1],[0,-1,0]]"));
        assertEquals(SHARPEN, Kernels.parse(" [ [0, -1, 0], \n [-1, 5, -1],\n [0 -1 0] ] "));
        assertEquals(SHARPEN, Kernels.parse("0 -1 0\n-1 5 -1\n0 -1 0\n"));
        assertEquals(SHARPEN, Kernels.parse("# sharpen\n0,-1,0\r\n-1,5,-1\r\n\r\n0,-1,0"));
        assertEquals(SHARPEN, Kernels.parse("0 -1 0; -1 5 -1; 0 -1 0"));
        assertEquals(Plane.of(new float[][] {{0.5f, 1e-3f, -2.5f}}), Kernels.parse("[[0.5, 1e-3, -2.5]]"));
        assertEquals(SHARPEN, Kernels.resolve("[[0,-1,0],[-1,5,-1],[0,-1,0]]").weights());
        assertEquals(SHARPEN, Kernels.resolve("0 -1 0; -1 5 -1; 0 -1 0").weights());
    }

    @Test
    void badKernelTextFailsClearly() {
        assertMessage("Kernel is empty", () -> Kernels.parse(""));
        assertMessage("Kernel is empty", () -> Kernels.parse("[]"));
        assertMessage("Kernel is empty: row 0 has no values", () -> Kernels.parse("[[]]"));
        assertMessage("Kernel is ragged: row 0 has 3 values but row 1 has 2", () -> Kernels.parse("[[1,2,3],[4,5]]"));
        assertMessage("Kernel is ragged: row 0 has 2 values but row 2 has 3", () -> Kernels.parse("1 2\n3 4\n5 6 7"));
        assertMessage("Kernel value 'x' in row 1, column 0 is not a finite number", () -> Kernels.parse("[[1,2],[x,4]]"));
        assertMessage("Kernel value 'NaN' in row 0, column 1", () -> Kernels.parse("1 NaN"));
        assertMessage("row 1 has no closing ']'", () -> Kernels.parse("[[1,2],[3,4]"));
        assertMessage("does not end with ']'", () -> Kernels.parse("[[1,2],[3,4]] * 2"));
        assertMessage("nested deeper", () -> Kernels.parse("[[[1]]]"));
        assertMessage("No kernel given", () -> Kernels.resolve(" "));
    }

    @Test
    void readsAKernelFromAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("my-sharpen.txt");
        Files.writeString(file, "[[0,-1,0],\n [-1,5,-1],\n [0,-1,0]]\n");
        Kernel k = Kernels.resolve(file.toString());
        assertEquals(SHARPEN, k.weights());
        assertEquals("my-sharpen.txt", k.name());
        Path bad = dir.resolve("bad.txt");
        Files.writeString(bad, "1 2\n3\n");
        assertMessage("Kernel file " + bad + ": Kernel is ragged", () -> Kernels.resolve(bad.toString()));
    }

    @Test
    void forKernelPicksAMappingThatShowsTheResult() {
        assertEquals(OutputMapping.ABS, OutputMapping.forKernel(Kernels.named("outline")));
        assertEquals(OutputMapping.ABS, OutputMapping.forKernel(Kernels.named("sobel-top")));
        assertEquals(OutputMapping.MINMAX, OutputMapping.forKernel(Kernels.named("negative")));
        assertEquals(OutputMapping.CLIP, OutputMapping.forKernel(Kernels.named("blur-light")));
        assertEquals(OutputMapping.CLIP, OutputMapping.forKernel(Kernels.named("sharpen")));
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
        var e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
    }

    private static Plane mirrorLeftRight(Plane p) {
        Plane m = Plane.zeros(p.height(), p.width());
        for (int y = 0; y < p.height(); y++) for (int x = 0; x < p.width(); x++) m.set(y, x, p.get(y, p.width() - 1 - x));
        return m;
    }

    private static Plane mirrorTopBottom(Plane p) {
        Plane m = Plane.zeros(p.height(), p.width());
        for (int y = 0; y < p.height(); y++) for (int x = 0; x < p.width(); x++) m.set(y, x, p.get(p.height() - 1 - y, x));
        return m;
    }
}

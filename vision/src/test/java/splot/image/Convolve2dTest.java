package splot.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import splot.image.Convolve2d.Boundary;
import splot.image.Convolve2d.Mode;

class Convolve2dTest {
    private static final double TOL = 1e-5;

    /** Every mode x boundary x op on odd, even, one-row and larger-than-image kernels, against scipy. */
    @TestFactory
    Stream<DynamicTest> matchesScipy() {
        JsonNode root = Fixtures.convolve2d();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            String name = c.get("op").asText() + " " + c.get("image").asText() + " * " + c.get("kernel").asText() + " "
                    + c.get("mode").asText() + " " + c.get("boundary").asText() + " fill " + c.get("fill").asDouble();
            tests.add(DynamicTest.dynamicTest(name, () -> {
                Plane image = Fixtures.plane(root.get("images").get(c.get("image").asText()));
                Plane kernel = Fixtures.plane(root.get("kernels").get(c.get("kernel").asText()));
                Mode mode = Mode.parse(c.get("mode").asText());
                Boundary boundary = Boundary.parse(c.get("boundary").asText());
                float fill = (float) c.get("fill").asDouble();
                Plane got = c.get("op").asText().equals("convolve")
                        ? Convolve2d.convolve2d(image, kernel, mode, boundary, fill)
                        : Convolve2d.correlate2d(image, kernel, mode, boundary, fill);
                Fixtures.assertClose(Fixtures.plane(c.get("expected")), got, TOL, 0, name);
            }));
        }
        return tests.stream();
    }

    @Test
    void fixtureCoversEveryModeBoundaryAndEvenKernelWithSame() {
        Set<String> seen = new HashSet<>();
        for (JsonNode c : Fixtures.convolve2d().get("cases")) {
            seen.add(c.get("op").asText() + c.get("mode").asText() + c.get("boundary").asText());
            if (c.get("fill").asDouble() != 0) seen.add("nonzero fill");
            Plane k = Fixtures.plane(Fixtures.convolve2d().get("kernels").get(c.get("kernel").asText()));
            if (c.get("mode").asText().equals("same") && (k.height() % 2 == 0 || k.width() % 2 == 0)) seen.add("even same");
        }
        for (String op : List.of("convolve", "correlate")) {
            for (String mode : List.of("full", "same", "valid")) {
                for (String b : List.of("fill", "symm", "wrap")) assertTrue(seen.contains(op + mode + b), op + " " + mode + " " + b);
            }
        }
        assertTrue(seen.contains("nonzero fill"));
        assertTrue(seen.contains("even same"));
    }

    /**
     * scipy crops 'same' from the full output starting at (P-1)/2 rounded down for convolution, and at
     * P-1 - (P-1)/2 for correlation, so for a 2x2 kernel the two move the picture in opposite directions.
     */
    @Test
    void evenKernelWithSameIsCentredAsScipy() {
        Plane image = ramp(4, 5);
        Plane bottomRight = Plane.of(new float[][] {{0, 0}, {0, 1}});
        // Convolution: out[y][x] = image[y-1][x-1] (scipy: [[0,0,0,0,0],[0,1,2,3,4],...]).
        Plane conv = Convolve2d.convolve2d(image, bottomRight, Mode.SAME, Boundary.FILL);
        assertEquals(image.crop(0, 0, 3, 4), conv.crop(1, 1, 3, 4));
        assertEquals(0f, conv.get(0, 0));
        // Correlation: out[y][x] = image[y+1][x+1] (scipy: [[7,8,9,10,0],...,[0,0,0,0,0]]).
        Plane corr = Convolve2d.correlate2d(image, bottomRight, Mode.SAME, Boundary.FILL);
        assertEquals(image.crop(1, 1, 3, 4), corr.crop(0, 0, 3, 4));
        assertEquals(7f, corr.get(0, 0));
        assertEquals(0f, corr.get(3, 4));
    }

    @Test
    void validReportsScipysErrorWhenNeitherContainsTheOther() {
        JsonNode root = Fixtures.convolve2d();
        for (JsonNode e : root.get("errors")) {
            Plane image = Fixtures.plane(root.get("images").get(e.get("image").asText()));
            Plane kernel = Fixtures.plane(root.get("kernels").get(e.get("kernel").asText()));
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> {
                if (e.get("op").asText().equals("convolve")) Convolve2d.convolve2d(image, kernel, Mode.VALID, Boundary.FILL);
                else Convolve2d.correlate2d(image, kernel, Mode.VALID, Boundary.FILL);
            });
            assertTrue(ex.getMessage().startsWith(e.get("message").asText()), ex.getMessage());
            assertTrue(ex.getMessage().contains("image " + image.height() + "x" + image.width()), ex.getMessage());
            assertTrue(ex.getMessage().contains("kernel " + kernel.height() + "x" + kernel.width()), ex.getMessage());
        }
    }

    @Test
    void validSwapsWhenTheKernelIsLarger() {
        Plane small = ramp(2, 3), big = ramp(4, 4).map(v -> v * 0.5 - 1);
        assertEquals(Convolve2d.convolve2d(big, small, Mode.VALID, Boundary.FILL),
                Convolve2d.convolve2d(small, big, Mode.VALID, Boundary.FILL));
        assertArrayEquals(new int[] {3, 2}, Convolve2d.outputSize(2, 3, 4, 4, Mode.VALID));
    }

    @Test
    void emptyAndRaggedInputsFailClearly() {
        Plane image = ramp(3, 3);
        var empty = assertThrows(IllegalArgumentException.class,
                () -> Convolve2d.convolve2d(image, Plane.zeros(0, 0), Mode.SAME, Boundary.SYMM));
        assertTrue(empty.getMessage().contains("kernel is empty"), empty.getMessage());
        var emptyImage = assertThrows(IllegalArgumentException.class,
                () -> Convolve2d.correlate2d(Plane.zeros(2, 0), image, Mode.FULL, Boundary.FILL));
        assertTrue(emptyImage.getMessage().contains("image is empty (2x0)"), emptyImage.getMessage());
        var noRows = assertThrows(IllegalArgumentException.class,
                () -> Convolve2d.convolve2d(image.toArray(), new float[0][], Mode.SAME, Boundary.FILL, 0f));
        assertTrue(noRows.getMessage().contains("convolve2d kernel: Matrix is empty"), noRows.getMessage());
        var ragged = assertThrows(IllegalArgumentException.class,
                () -> Convolve2d.convolve2d(image.toArray(), new float[][] {{1, 2, 3}, {4, 5}}, Mode.SAME, Boundary.FILL, 0f));
        assertTrue(ragged.getMessage().contains("kernel: Matrix is ragged: row 0 has 3 values but row 1 has 2"), ragged.getMessage());
    }

    @Test
    void namedKernelsMatchScipyOnAPicture() {
        JsonNode root = Fixtures.convolve2d();
        Plane picture = Fixtures.plane(root.get("picture"));
        for (Kernels.Named n : Kernels.Named.values()) {
            JsonNode ref = root.get("named").get(n.id());
            Fixtures.assertClose(Fixtures.plane(ref.get("kernel")), n.kernel().weights(), 1e-7, 1e-7, n.id() + " weights");
            Plane got = Convolve2d.convolve2d(picture, n.kernel().weights(), Mode.SAME, Boundary.SYMM);
            Fixtures.assertClose(Fixtures.plane(ref.get("expected")), got, TOL, 1e-6, n.id());
        }
        assertEquals(Kernels.Named.values().length, root.get("named").size());
    }

    @Test
    void outlineIsZeroOnFlatColour() {
        Plane flat = Plane.full(6, 7, 137f);
        Plane outline = Kernels.named("outline").weights();
        Plane valid = Convolve2d.convolve2d(flat, outline, Mode.VALID, Boundary.FILL);
        assertEquals(4, valid.height());
        for (float v : valid.data()) assertEquals(0f, v);
        for (float v : Convolve2d.convolve2d(flat, outline, Mode.SAME, Boundary.SYMM).data()) assertEquals(0f, v);
        // With zero fill the border is not flat, which is why the texts' pictures use symm.
        assertEquals(137f * 5, Convolve2d.convolve2d(flat, outline, Mode.SAME, Boundary.FILL).get(0, 0));
    }

    /** The texts' template example: ones at two diagonal neighbours of a 4x4 input. */
    @Test
    void diagonalTemplateGivesMaxTwoAndItsMirrorMaxOne() {
        JsonNode t = Fixtures.convolve2d().get("template");
        for (int at : new int[] {0, 1, 2}) {
            Plane input = Plane.zeros(4, 4);
            input.set(at, at, 1);
            input.set(at + 1, at + 1, 1);
            Plane diagonal = Convolve2d.convolve2d(input, Plane.of(new float[][] {{1, 0}, {0, 1}}), Mode.VALID, Boundary.FILL);
            Plane mirrored = Convolve2d.convolve2d(input, Plane.of(new float[][] {{0, 1}, {1, 0}}), Mode.VALID, Boundary.FILL);
            assertEquals(3, diagonal.height());
            assertEquals(3, diagonal.width());
            assertEquals(2f, diagonal.max());
            assertEquals(1f, mirrored.max());
            if (at == 1) {
                assertEquals(Fixtures.plane(t.get("input")), input);
                assertEquals(Fixtures.plane(t.get("diagonal")), diagonal);
                assertEquals(Fixtures.plane(t.get("mirrored")), mirrored);
            }
        }
    }

    /** Convolution commutes with shifts: the valid output of a shifted input is the shifted output. */
    @Test
    void shiftingTheInputShiftsTheValidOutput() {
        Plane big = random(14, 17, 7);
        Plane kernel = random(3, 4, 8);
        int h = 10, w = 12;
        for (int[] d : new int[][] {{0, 0}, {1, 0}, {0, 3}, {2, 5}, {4, 4}}) {
            int dy = d[0], dx = d[1];
            Plane a = big.crop(0, 0, h, w);        // a[y][x] = big[y][x]
            Plane b = big.crop(dy, dx, h, w);      // the same scene moved up by dy and left by dx
            for (boolean convolve : new boolean[] {true, false}) {
                Plane oa = convolve ? Convolve2d.convolve2d(a, kernel, Mode.VALID, Boundary.FILL) : Convolve2d.correlate2d(a, kernel, Mode.VALID, Boundary.FILL);
                Plane ob = convolve ? Convolve2d.convolve2d(b, kernel, Mode.VALID, Boundary.FILL) : Convolve2d.correlate2d(b, kernel, Mode.VALID, Boundary.FILL);
                int oh = oa.height() - dy, ow = oa.width() - dx;
                assertEquals(oa.crop(dy, dx, oh, ow), ob.crop(0, 0, oh, ow), "shift " + dy + "," + dx);
            }
        }
    }

    /** A global max over the output does not see where the pattern is. */
    @Test
    void globalMaxIsShiftInvariant() {
        Plane pattern = random(3, 3, 11);
        Plane kernel = pattern.flipped();   // matched filter: convolution with the flipped pattern is correlation with it
        float first = Float.NaN;
        for (int[] at : new int[][] {{0, 0}, {2, 5}, {6, 1}, {5, 6}}) {
            Plane scene = Plane.zeros(9, 9);
            for (int y = 0; y < 3; y++) for (int x = 0; x < 3; x++) scene.set(at[0] + y, at[1] + x, pattern.get(y, x));
            float max = Convolve2d.convolve2d(scene, kernel, Mode.VALID, Boundary.FILL).max();
            if (Float.isNaN(first)) first = max;
            assertEquals(first, max, 1e-6);
        }
        assertEquals(first, (float) pattern.map(v -> v * v).sum(), 1e-5);
    }

    @Test
    void correlationIsConvolutionWithTheFlippedKernelForOddKernels() {
        Plane image = random(6, 9, 3), kernel = random(3, 5, 4);
        for (Mode m : Mode.values()) {
            for (Boundary b : Boundary.values()) {
                Fixtures.assertClose(Convolve2d.convolve2d(image, kernel.flipped(), m, b, 0.25f),
                        Convolve2d.correlate2d(image, kernel, m, b, 0.25f), 1e-6, 0, m + " " + b);
            }
        }
    }

    @Test
    void largeInputsTakeTheParallelPathAndAgreeWithSmallTiles() {
        Plane image = random(300, 400, 5), kernel = random(5, 5, 6);
        Plane whole = Convolve2d.convolve2d(image, kernel, Mode.SAME, Boundary.SYMM);
        Plane tile = Convolve2d.convolve2d(image.crop(100, 100, 30, 40), kernel, Mode.VALID, Boundary.FILL);
        assertEquals(whole.crop(102, 102, 26, 36), tile);
    }

    @Test
    void parsesModesAndBoundariesWithScipysAliases() {
        assertEquals(Boundary.SYMM, Boundary.parse("symmetric"));
        assertEquals(Boundary.WRAP, Boundary.parse("circular"));
        assertEquals(Boundary.FILL, Boundary.parse("PAD"));
        assertEquals(Mode.VALID, Mode.parse(" Valid "));
        var e = assertThrows(IllegalArgumentException.class, () -> Mode.parse("half"));
        assertTrue(e.getMessage().contains("'half'") && e.getMessage().contains("full, same, valid"), e.getMessage());
        var b = assertThrows(IllegalArgumentException.class, () -> Boundary.parse("reflect"));
        assertTrue(b.getMessage().contains("fill, symm, wrap"), b.getMessage());
    }

    @Test
    void symmetricIndexMirrorsRepeatedly() {
        // scipy's reflect_symm_index example with m = 5, j = -7..10.
        int[] expected = {3, 4, 4, 3, 2, 1, 0, 0, 1, 2, 3, 4, 4, 3, 2, 1, 0, 0};
        for (int j = -7; j <= 10; j++) assertEquals(expected[j + 7], Convolve2d.sourceIndex(j, 5, Boundary.SYMM), "j=" + j);
        assertEquals(4, Convolve2d.sourceIndex(-6, 5, Boundary.WRAP));
        assertEquals(-1, Convolve2d.sourceIndex(5, 5, Boundary.FILL));
    }

    static Plane ramp(int h, int w) {
        float[] d = new float[h * w];
        for (int i = 0; i < d.length; i++) d[i] = i + 1;
        return new Plane(h, w, d);
    }

    static Plane random(int h, int w, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[h * w];
        for (int i = 0; i < d.length; i++) d[i] = (float) (r.nextInt(-64, 65) / 64.0);
        return new Plane(h, w, d);
    }
}

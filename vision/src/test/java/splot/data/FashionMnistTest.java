package splot.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import splot.tensor.Shape;

/** The real Fashion-MNIST: the sample shipped in the jar always, Debian's full copy where it is installed. */
class FashionMnistTest {
    private static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");

    @Test
    void theShippedSampleIsRealFashionMnist() throws Exception {
        Resolved sample = DatasetResolver.loadSample(Catalog.FASHION_MNIST);
        assertEquals(10_000, sample.train().size());
        assertEquals(2_000, sample.test().size());
        for (Dataset part : List.of(sample.train(), sample.test())) {
            assertEquals(Shape.of(1, 28, 28), part.itemShape());
            assertEquals(10, part.numClasses());
            assertEquals("T-shirt/top", part.classNames().get(0));
            assertEquals("Ankle boot", part.classNames().get(9));
            // Fashion-MNIST is balanced: each class holds about a tenth of any prefix.
            int[] counts = part.classCounts();
            for (int c = 0; c < 10; c++) {
                assertTrue(counts[c] > part.size() * 0.07 && counts[c] < part.size() * 0.13,
                        "class " + c + ": " + counts[c] + " of " + part.size() + " " + Arrays.toString(counts));
            }
        }
        // The first training image is an ankle boot (label 9); its pixels are real 8-bit data, mostly background.
        Dataset.Item first = sample.train().get(0);
        assertEquals(9, first.label());
        int zeros = 0;
        float max = 0;
        for (float v : first.image()) {
            if (v == 0) zeros++;
            max = Math.max(max, v);
        }
        assertTrue(zeros > 300 && zeros < 700, zeros + " background pixels");
        assertEquals(255f, max);
    }

    @Test
    void theSampleIsThePrefixOfTheFullSet() throws Exception {
        Resolved sample = DatasetResolver.loadSample(Catalog.FASHION_MNIST);
        // The README's setup (and .ci/run) installs Debian's dataset-fashion-mnist: without it this test fails, it does not skip.
        assertTrue(DatasetResolver.isPresent(Catalog.FASHION_MNIST, DEBIAN),
                "Debian's Fashion-MNIST is missing from " + DEBIAN + ": apt-get install dataset-fashion-mnist");
        Resolved full = DatasetResolver.builder().download(false).home(Path.of("/nonexistent-splot-home")).build().load("fashion-mnist");
        assertEquals(Resolved.Source.SYSTEM, full.source());
        assertEquals(60_000, full.train().size());
        assertEquals(10_000, full.test().size());
        int[] fullCounts = full.train().classCounts();
        for (int c = 0; c < 10; c++) assertEquals(6_000, fullCounts[c], "Fashion-MNIST has 6,000 training images per class");
        for (var pair : List.of(List.of(sample.train(), full.train()), List.of(sample.test(), full.test()))) {
            Dataset part = pair.get(0), whole = pair.get(1);
            for (int i = 0; i < part.size(); i += 97) {
                assertEquals(whole.label(i), part.label(i), "label " + i);
                assertArrayEquals(whole.get(i).image(), part.get(i).image(), "image " + i);
            }
            assertArrayEquals(whole.get(part.size() - 1).image(), part.get(part.size() - 1).image());
        }
    }
}

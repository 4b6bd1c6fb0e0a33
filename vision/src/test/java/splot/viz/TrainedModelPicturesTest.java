package splot.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import splot.data.Dataset;
import splot.data.InMemoryDataset;
import splot.nn.Conv2d;
import splot.nn.Flatten;
import splot.nn.Linear;
import splot.nn.MaxPool2d;
import splot.nn.Padding;
import splot.nn.ReLU;
import splot.nn.Sequential;
import splot.optim.Adam;
import splot.tensor.Rng;
import splot.tensor.Shape;
import splot.tensor.Tensor;
import splot.train.Fit;
import splot.train.History;

/**
 * Every picture of a small CNN really trained (a few seconds) on a toy task: 16 x 16 images of a vertical
 * bar, a horizontal bar or a square outline, at random places with noise, 8-bit pixels normalised by the
 * data set's own x / 255. Checks what a trained network should show; the pictures land in target/viz-gallery.
 */
class TrainedModelPicturesTest {
    static final List<String> CLASSES = List.of("vertical", "horizontal", "square");
    static final int SIZE = 16;
    static Dataset train, test;
    static Sequential model;
    static History history;

    /** n items: pixels 0..255 with the shape drawn bright at a random place, and its stroke mask for item 0. */
    static InMemoryDataset shapes(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] px = new float[n * SIZE * SIZE];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int label = i % 3, off = i * SIZE * SIZE;
            labels[i] = label;
            for (int j = 0; j < SIZE * SIZE; j++) px[off + j] = (float) r.nextInt(60);
            for (int[] p : stroke(label, 2 + r.nextInt(7), 2 + r.nextInt(7))) px[off + p[0] * SIZE + p[1]] = 200 + r.nextInt(56);
        }
        return InMemoryDataset.ofFloats("shapes", px, labels, Shape.of(1, SIZE, SIZE), CLASSES);
    }

    /** The pixels {row, column} of a shape whose box starts at (y, x). */
    static List<int[]> stroke(int label, int y, int x) {
        List<int[]> p = new java.util.ArrayList<>();
        for (int k = 0; k < 7; k++) {
            switch (label) {
                case 0 -> p.add(new int[] {y + k, x + 3});
                case 1 -> p.add(new int[] {y + 3, x + k});
                default -> {
                    p.add(new int[] {y, x + k});
                    p.add(new int[] {y + 6, x + k});
                    p.add(new int[] {y + k, x});
                    p.add(new int[] {y + k, x + 6});
                }
            }
        }
        return p;
    }

    @BeforeAll
    static void trainOnce() {
        Rng.seed(7);
        train = shapes(360, 1);
        test = shapes(120, 2);
        model = Sequential.of(Shape.of(1, SIZE, SIZE), new Conv2d(8, 3, Padding.SAME), new ReLU(), new MaxPool2d(2),
                new Conv2d(8, 3), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(3));
        history = model.fit(train, Fit.epochs(8).batchSize(24).validation(test).optimizer(new Adam(3e-3)).seed(3)
                .out(new PrintStream(OutputStream.nullOutputStream())));
    }

    @Test
    void theNetworkLearnedTheToyTask() {
        List<Double> acc = history.get("val_accuracy");
        assertTrue(acc.get(acc.size() - 1) > 0.9, "validation accuracy " + acc);
        Gallery.keep("trained-curves", LearningCurves.render(history, LearningCurves.Options.DEFAULT.withTitle("Learning curves: toy shapes CNN")));
    }

    @Test
    void confusionCountsTheWholeTestSet() {
        var result = Confusion.evaluate(model, test, 32);
        assertEquals(test.size(), result.matrix().total());
        assertEquals(history.get("val_accuracy").get(history.epochs() - 1), result.matrix().accuracy(), 1e-6);
        Gallery.keep("trained-confusion", Confusion.render(result, test, Confusion.Options.DEFAULT));
    }

    @Test
    void saliencyLiesOnTheStroke() {
        float[] item = new float[SIZE * SIZE];
        test.copyImage(0, item, 0);
        Tensor x = Tensor.of(item.clone(), 1, SIZE, SIZE);
        test.normalization().apply(x.data(), 0, Shape.of(1, SIZE, SIZE));
        Saliency.Result map = Saliency.compute(model, x, test.label(0));
        double on = 0, off = 0;
        int nOn = 0, nOff = 0;
        for (int i = 0; i < item.length; i++) {
            if (item[i] >= 200) {
                on += map.values()[i];
                nOn++;
            } else {
                off += map.values()[i];
                nOff++;
            }
        }
        assertTrue(on / nOn > off / nOff, "mean saliency on the stroke " + on / nOn + " vs elsewhere " + off / nOff);
        Gallery.keep("trained-saliency", Saliency.render(x, map, Saliency.Options.DEFAULT.withClassNames(CLASSES)));
    }

    @Test
    void everyOtherPictureDraws(@TempDir Path dir) throws Exception {
        float[] item = new float[SIZE * SIZE];
        test.copyImage(1, item, 0);
        Tensor x = ImageInput.of(splot.image.Image.of(new splot.image.Plane(SIZE, SIZE, item)), Shape.of(1, SIZE, SIZE), test.normalization());
        Gallery.keep("trained-features", FeatureMaps.render(model, x, FeatureMaps.Options.DEFAULT));
        Gallery.keep("trained-filters", FilterGrid.render(model, FilterGrid.Options.DEFAULT));
        Gallery.keep("trained-filters-2", FilterGrid.render(model, FilterGrid.Options.DEFAULT.withLayer("conv2d_1")));
        Gallery.keep("trained-top-patches", TopPatches.render(model, test, TopPatches.Options.DEFAULT.withLayer("conv2d_1")));
        NetworkDiagram.write(dir.resolve("net.svg"), model, NetworkDiagram.Options.DEFAULT);
        assertTrue(Files.readString(dir.resolve("net.svg")).contains("conv2d_1"));
        Gallery.keep("trained-network", NetworkDiagram.render(model, NetworkDiagram.Options.DEFAULT));
    }
}

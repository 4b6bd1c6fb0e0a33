package splot.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import splot.data.TensorDataset;
import splot.nn.Flatten;
import splot.nn.Linear;
import splot.nn.Sequential;
import splot.tensor.Shape;
import splot.tensor.Tensor;

class ConfusionTest {
    static final List<String> CLASSES = List.of("circle", "square", "triangle");

    @Test
    void countsPairsOfTrueAndPredictedLabels() {
        int[] truth = {0, 0, 1, 1, 2, 2, 2};
        int[] pred = {0, 1, 1, 1, 2, 0, 2};
        ConfusionMatrix m = ConfusionMatrix.of(truth, pred, CLASSES);
        assertArrayEquals(new long[][] {{1, 1, 0}, {0, 2, 0}, {1, 0, 2}}, m.counts());
        assertEquals(7, m.total());
        assertEquals(5, m.correct());
        assertEquals(5.0 / 7, m.accuracy(), 1e-12);
        assertEquals(3, m.rowTotal(2));
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(new int[] {3}, new int[] {0}, CLASSES));
    }

    /**
     * Items of 3 x 2 x 2 pixels whose first three values are the logits (the model copies them out): item i is of
     * class truth[i] and is predicted as the class with the largest of its first three values.
     */
    static Object[] crafted() {
        int[] truth = {0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2};
        int[] pred = {0, 0, 1, 2, 1, 1, 0, 2, 2, 2, 1, 0};
        float[] margin = {1, 2, 3, 0.5f, 1, 1, 4, 1, 2, 1, 0.2f, 2.5f};   // how far the predicted logit is above the others
        float[] x = new float[truth.length * 12];
        float[] y = new float[truth.length];
        for (int i = 0; i < truth.length; i++) {
            x[i * 12 + pred[i]] = margin[i];
            for (int j = 3; j < 12; j++) x[i * 12 + j] = (i * 7 + j * 3) % 5;   // pixels the model ignores, for the pictures
            y[i] = truth[i];
        }
        var data = new TensorDataset(Tensor.of(x, truth.length, 3, 2, 2), Tensor.of(y, truth.length), CLASSES);
        Sequential model = Sequential.of(Shape.of(3, 2, 2), new Flatten(), new Linear(3));
        Linear out = (Linear) model.layers().get(1);
        float[] w = out.weight().data();
        Arrays.fill(w, 0f);
        for (int c = 0; c < 3; c++) w[c * 12 + c] = 1f;
        Arrays.fill(out.bias().data(), 0f);
        return new Object[] {data, model, truth, pred, margin};
    }

    @Test
    void evaluateMatchesTheHandCount() {
        Object[] c = crafted();
        var data = (TensorDataset) c[0];
        var model = (Sequential) c[1];
        var result = Confusion.evaluate(model, data, 5);     // batches of 5, 5 and 2
        assertEquals(ConfusionMatrix.of((int[]) c[2], (int[]) c[3], CLASSES), result.matrix());
        assertEquals(data.size(), result.matrix().total());
        assertArrayEquals(new long[][] {{2, 1, 1}, {1, 2, 0}, {1, 1, 3}}, result.matrix().counts());
        // Misses, most confident (largest margin) first: items 6 (4), 2 (3), 11 (2.5), 3 (0.5), 10 (0.2).
        List<Integer> order = result.misses().stream().map(Confusion.Miss::item).toList();
        assertEquals(List.of(6, 2, 11, 3, 10), order);
        Confusion.Miss first = result.misses().get(0);
        assertEquals(1, first.trueLabel());
        assertEquals(0, first.predicted());
        assertEquals(Math.exp(4) / (Math.exp(4) + 2), first.confidence(), 1e-6);
    }

    @Test
    void pixelsAreNormalisedAsInTraining() {
        Object[] c = crafted();
        var data = (TensorDataset) c[0];
        var model = (Sequential) c[1];
        float[] raw = new float[data.size() * 12];
        float[] labels = new float[data.size()];
        for (int i = 0; i < data.size(); i++) {
            data.copyImage(i, raw, i * 12);
            labels[i] = data.label(i);
        }
        for (int i = 0; i < raw.length; i++) raw[i] *= 255;
        var pixels = new TensorDataset(Tensor.of(raw, data.size(), 3, 2, 2), Tensor.of(labels, data.size()), CLASSES);
        var scaled = Confusion.evaluate(model, pixels, splot.data.Normalization.unit(), 5);
        var plain = Confusion.evaluate(model, data, 5);
        assertEquals(plain.matrix(), scaled.matrix());
        for (int i = 0; i < plain.misses().size(); i++) {
            assertEquals(plain.misses().get(i).item(), scaled.misses().get(i).item());
            assertEquals(plain.misses().get(i).confidence(), scaled.misses().get(i).confidence(), 1e-5f);
        }
    }

    @Test
    void matrixPictureColoursEachCellByItsShareOfTheRow(@TempDir Path dir) throws Exception {
        Object[] c = crafted();
        var data = (TensorDataset) c[0];
        var model = (Sequential) c[1];
        Path file = dir.resolve("confusion.png");
        Confusion.write(file, model, data, data.normalization(), Confusion.Options.DEFAULT);
        BufferedImage png = Gallery.keep("confusion", Gallery.decode(file));

        var result = Confusion.evaluate(model, data, 128);
        BufferedImage matrix = Gallery.keep("confusion-matrix", Confusion.renderMatrix(result.matrix(), "Confusion matrix"));
        Confusion.Layout l = Confusion.layout(result.matrix(), "Confusion matrix");
        assertEquals(l.width(), matrix.getWidth());
        assertEquals(l.height(), matrix.getHeight());
        assertTrue(l.counts(), "three classes leave room for the counts");
        for (int t = 0; t < 3; t++) {
            for (int p = 0; p < 3; p++) {
                int expected = ColorMap.BLUES.rgb((double) result.matrix().count(t, p) / result.matrix().rowTotal(t));
                assertEquals(expected, Gallery.rgb(matrix, l.gridLeft() + p * l.cell() + 3, l.gridTop() + t * l.cell() + 3), "cell " + t + "," + p);
            }
        }
        // The whole picture: the matrix, then the examples below it.
        BufferedImage examples = Confusion.renderMisclassified(data, result.misses(), Confusion.Options.DEFAULT);
        assertEquals(matrix.getHeight() + 8 + examples.getHeight(), png.getHeight());
        assertEquals(Math.max(matrix.getWidth(), examples.getWidth()), png.getWidth());
    }

    @Test
    void manyClassesTurnTheColumnNamesAndDropTheCounts() {
        int k = 30;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < k; i++) names.add("class number " + i);
        int[] truth = new int[300], pred = new int[300];
        for (int i = 0; i < 300; i++) {
            truth[i] = i % k;
            pred[i] = i % 7 == 0 ? (i * 3) % k : i % k;
        }
        ConfusionMatrix m = ConfusionMatrix.of(truth, pred, names);
        Confusion.Layout l = Confusion.layout(m, "Many");
        assertTrue(l.rotateColumns());
        assertEquals(false, l.counts());
        BufferedImage png = Gallery.keep("confusion-30", Confusion.renderMatrix(m, "Many"));
        assertEquals(l.height(), png.getHeight());
    }

    @Test
    void outputCountMustMatchTheClasses() {
        Object[] c = crafted();
        var data = (TensorDataset) c[0];
        Sequential wrong = Sequential.of(Shape.of(3, 2, 2), new Flatten(), new Linear(4));
        var e = assertThrows(IllegalArgumentException.class, () -> Confusion.evaluate(wrong, data, 4));
        assertTrue(e.getMessage().contains("4 outputs") && e.getMessage().contains("3 classes"), e.getMessage());
    }
}

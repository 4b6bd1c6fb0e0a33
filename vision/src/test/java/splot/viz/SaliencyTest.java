package splot.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import splot.nn.Conv2d;
import splot.nn.Flatten;
import splot.nn.Linear;
import splot.nn.ReLU;
import splot.nn.Sequential;
import splot.nn.Tanh;
import splot.tensor.GradMode;
import splot.tensor.Shape;
import splot.tensor.Tensor;

class SaliencyTest {

    /** Flatten -> Linear(3) over a 6 x 8 image whose weights for columns 4..7 are zero: the right half cannot matter. */
    static Sequential leftHalfModel() {
        Sequential m = Sequential.of(Shape.of(1, 6, 8), new Flatten(), new Linear(3));
        float[] w = ((Linear) m.layers().get(1)).weight().data();
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 48; i++) w[c * 48 + i] = i % 8 >= 4 ? 0f : (c == 1 ? 1 : -1) * (0.1f + (i % 7) * 0.05f);
        }
        return m;
    }

    static Tensor picture(int c, int h, int w) {
        float[] d = new float[c * h * w];
        for (int i = 0; i < d.length; i++) d[i] = 0.2f + 0.6f * (float) Math.abs(Math.sin(i * 0.37));
        return Tensor.of(d, c, h, w);
    }

    @Test
    void pixelsTheModelIgnoresHaveZeroSaliency() {
        Sequential model = leftHalfModel();
        Saliency.Result map = Saliency.compute(model, picture(1, 6, 8), null);
        assertEquals(1, map.targetClass(), "class 1 has the positive weights over a positive image: the top score");
        float[] w = ((Linear) model.layers().get(1)).weight().data();
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 8; x++) {
                if (x >= 4) assertEquals(0f, map.get(y, x), "pixel " + y + "," + x);
                else assertEquals(Math.abs(w[48 + y * 8 + x]), map.get(y, x), 1e-7f, "the gradient of a linear score is its weight");
            }
        }
        assertEquals(model.predict(Tensor.of(picture(1, 6, 8).data(), 1, 1, 6, 8)).data()[1], map.score(), 1e-6f);
    }

    @Test
    void convolutionsSpreadSaliencyOnlyOverTheirReceptiveField() {
        // Only conv outputs in columns 0..2 reach the score; a 3x3 kernel makes input columns 0..4 matter, 5..7 not.
        Sequential m = Sequential.of(Shape.of(3, 8, 8), new Conv2d(2, 3), new ReLU(), new Flatten(), new Linear(2));
        Arrays.fill(((Conv2d) m.layers().get(0)).weight().data(), 0.1f);
        float[] w = ((Linear) m.layers().get(3)).weight().data();
        for (int i = 0; i < w.length; i++) w[i] = (i % 72) % 6 >= 3 ? 0f : 0.3f;
        Saliency.Result map = Saliency.compute(m, picture(3, 8, 8), 0);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                if (x >= 5) assertEquals(0f, map.get(y, x), "pixel " + y + "," + x);
                else assertTrue(map.get(y, x) > 0, "pixel " + y + "," + x + " feeds a kept output");
            }
        }
    }

    @Test
    void equalsTheFiniteDifferenceOfTheScore() {
        Sequential m = Sequential.of(Shape.of(1, 4, 4), new Flatten(), new Linear(5), new Tanh(), new Linear(3));
        Tensor x = picture(1, 4, 4);
        Saliency.Result map = Saliency.compute(m, x, 2);
        float eps = 1e-2f;
        for (int i = 0; i < 16; i++) {
            float[] plus = x.data().clone(), minus = x.data().clone();
            plus[i] += eps;
            minus[i] -= eps;
            double up = m.predict(Tensor.of(plus, 1, 1, 4, 4)).data()[2], down = m.predict(Tensor.of(minus, 1, 1, 4, 4)).data()[2];
            assertEquals(Math.abs((up - down) / (2 * eps)), map.values()[i], 1e-3, "pixel " + i);
        }
    }

    @Test
    void leavesTheModelAsItWas() {
        Sequential model = leftHalfModel();
        model.train();
        Saliency.compute(model, picture(1, 6, 8), 2);
        assertTrue(model.isTraining());
        for (Tensor p : model.parameters()) {
            assertTrue(p.requiresGrad());
            assertNull(p.grad(), "no gradient reached the weights");
        }
        try (var ignored = GradMode.off()) {
            assertThrows(IllegalStateException.class, () -> Saliency.compute(model, picture(1, 6, 8), null));
        }
        assertThrows(IllegalArgumentException.class, () -> Saliency.compute(model, picture(1, 6, 8), 3));
    }

    @Test
    void pictureShowsInputHeatAndOverlay(@TempDir Path dir) throws Exception {
        Sequential model = leftHalfModel();
        Path file = dir.resolve("saliency.png");
        var options = Saliency.Options.DEFAULT.withClassNames(List.of("cat", "dog", "bird"));
        Saliency.write(file, model, picture(1, 6, 8), options);
        BufferedImage png = Gallery.keep("saliency", Gallery.decode(file));
        // 6 x 8 is enlarged by 28 (the largest whole factor keeping 8 within 224): panels of 224 x 168.
        String title = "Saliency for class 'dog' (score " + Draw.number(Saliency.compute(model, picture(1, 6, 8), null).score()) + ")";
        String note = "gradient of the class score with respect to each input pixel";
        TileGrid.Section s = new TileGrid.Section(null, List.of(new TileGrid.Tile(null, "x"), new TileGrid.Tile(null, "x"), new TileGrid.Tile(null, "x")),
                3, 224, 168, List.of());
        assertEquals(2 * Draw.MARGIN + Math.max(s.width(), Draw.textWidth(title, Draw.TITLE)), png.getWidth());
        assertEquals(2 * Draw.MARGIN + TileGrid.titleHeight(title) + TileGrid.subtitleHeight(note) + s.height()
                + Saliency.BAR_HEIGHT + Draw.lineHeight(Draw.SMALL) + 4, png.getHeight());
        // The heat panel's right half (ignored pixels) is the colour map's zero.
        int[] heat = FilterGridTest.tileOrigin(title, note, s, 1);
        for (int y = 5; y < 168; y += 20) {
            for (int x = 114; x < 224; x += 20) assertEquals(ColorMap.INFERNO.rgb(0), Gallery.rgb(png, heat[0] + x, heat[1] + y));
        }
        // A colour image too.
        Sequential rgb = Sequential.of(Shape.of(3, 8, 8), new Conv2d(2, 3), new ReLU(), new Flatten(), new Linear(2));
        Gallery.keep("saliency-rgb", Saliency.render(rgb, picture(3, 8, 8), Saliency.Options.DEFAULT));
    }
}

package splot.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import splot.nn.Add;
import splot.nn.Conv2d;
import splot.nn.Flatten;
import splot.nn.GraphModel;
import splot.nn.Input;
import splot.nn.Linear;
import splot.nn.MaxPool2d;
import splot.nn.Node;
import splot.nn.Padding;
import splot.nn.ReLU;
import splot.nn.Sequential;
import splot.tensor.Shape;
import splot.tensor.Tensor;

class FeatureMapsTest {

    /** A 12x12 "digit": a bright vertical bar and a diagonal stroke. */
    static Tensor digit() {
        float[] d = new float[144];
        for (int y = 2; y < 10; y++) {
            d[y * 12 + 7] = 1f;
            d[y * 12 + (y - 1)] = 0.8f;
        }
        return Tensor.of(d, 1, 12, 12);
    }

    static Sequential model() {
        Sequential m = Sequential.of(Shape.of(1, 12, 12), new Conv2d(4, 3, Padding.SAME), new ReLU(), new MaxPool2d(2),
                new Conv2d(6, 3), new ReLU(), new Flatten(), new Linear(10));
        // Filter 0 of the first layer is the identity (centre 1): its map is the input itself.
        float[] w = ((Conv2d) m.layers().get(0)).weight().data();
        Arrays.fill(w, 0, 9, 0f);
        w[4] = 1f;
        ((Conv2d) m.layers().get(0)).bias().data()[0] = 0f;
        return m;
    }

    @Test
    void aSectionPerLayerWithItsNameShapeAndChannels(@TempDir Path dir) throws Exception {
        Sequential model = model();
        var options = FeatureMaps.Options.DEFAULT;
        List<TileGrid.Section> sections = FeatureMaps.sections(model, digit(), options);
        // input, conv2d, relu, max_pool2d, conv2d_1, relu_1, linear (flatten left out)
        assertEquals(7, sections.size());
        assertTrue(sections.get(0).heading().startsWith("input 1×12×12"));
        String[] names = {"conv2d (Conv2d) 4×12×12", "relu (ReLU) 4×12×12", "max_pool2d (MaxPool2d) 4×6×6", "conv2d_1 (Conv2d) 6×4×4",
                "relu_1 (ReLU) 6×4×4", "linear (Linear) 10"};
        int[] tiles = {4, 4, 4, 6, 6, 1};
        for (int i = 0; i < names.length; i++) {
            assertTrue(sections.get(i + 1).heading().startsWith(names[i]), sections.get(i + 1).heading());
            assertEquals(tiles[i], sections.get(i + 1).tiles().size(), names[i]);
        }
        assertEquals(48, sections.get(1).tileW(), "12x12 maps are enlarged 4x to 48, the largest whole factor within 56");
        assertEquals(10 * 24, sections.get(6).tileW(), "10 logits as 24-pixel bars");

        Path file = dir.resolve("features.png");
        FeatureMaps.write(file, model, digit(), options);
        BufferedImage png = Gallery.keep("features", Gallery.decode(file));
        String title = "Feature maps of " + model.name();
        int height = 2 * Draw.MARGIN + TileGrid.titleHeight(title) + TileGrid.subtitleHeight(FeatureMaps.note(options));
        for (TileGrid.Section s : sections) height += s.height();
        height += (sections.size() - 1) * TileGrid.SECTION_GAP;
        assertEquals(height, png.getHeight());
    }

    @Test
    void theIdentityFiltersMapIsTheInput() {
        Sequential model = model();
        var options = FeatureMaps.Options.DEFAULT.withScale(FeatureMaps.Scale.TILE).withLayer("conv2d");
        List<TileGrid.Section> sections = FeatureMaps.sections(model, digit(), options);
        assertEquals(2, sections.size(), "input and the one layer asked for");
        BufferedImage map = sections.get(1).tiles().get(0).image();
        float[] d = digit().data();
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 12; x++) {
                assertEquals(Math.round(d[y * 12 + x] * 255), map.getRaster().getSample(x, y, 0), "pixel " + y + "," + x);
            }
        }
        Gallery.keep("features-one-layer", FeatureMaps.render(model, digit(), options));
    }

    @Test
    void layerOutputsAgreeWithTheModelAndRestoreItsMode() {
        Sequential model = model();
        model.train();
        Tensor batch = Tensor.of(digit().data().clone(), 1, 1, 12, 12);
        var outputs = LayerOutputs.run(model, batch);
        assertEquals(7, outputs.size());
        assertArrayEquals(model.predict(batch).data(), outputs.get(6).value().data(), 1e-6f);
        assertTrue(model.isTraining(), "the model is back in training mode");
        assertEquals(Shape.of(1, 4, 6, 6), outputs.get(2).value().shape(), "max_pool2d halves 12x12");
    }

    @Test
    void graphModelsShowEveryLayerApplication() {
        Node in = Input.of(1, 12, 12);
        Node a = new Conv2d(3, 3, Padding.SAME).on(in);
        ReLU shared = new ReLU();
        Node b = shared.on(a);
        Node c = new Conv2d(3, 3, Padding.SAME).on(b);
        Node sum = new Add().on(c, a);
        Node out = new Linear(4).on(new Flatten().on(shared.on(sum)));
        GraphModel model = GraphModel.of(in, out);
        var outputs = LayerOutputs.run(model, Tensor.of(digit().data().clone(), 1, 1, 12, 12));
        List<String> names = outputs.stream().map(LayerOutputs.Output::name).toList();
        assertEquals(List.of("conv2d", "relu", "conv2d_1", "add", "relu#2", "flatten", "linear"), names);
        Gallery.keep("features-graph", FeatureMaps.render(model, digit(), FeatureMaps.Options.DEFAULT));
    }

    @Test
    void wrongInputShapeNamesBothShapes() {
        var e = assertThrows(IllegalArgumentException.class, () -> FeatureMaps.render(model(), Tensor.zeros(3, 12, 12), FeatureMaps.Options.DEFAULT));
        assertTrue(e.getMessage().contains("[1, 12, 12]") && e.getMessage().contains("[3, 12, 12]"), e.getMessage());
    }
}

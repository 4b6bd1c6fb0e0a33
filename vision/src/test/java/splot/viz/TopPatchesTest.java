package splot.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import splot.data.TensorDataset;
import splot.nn.AvgPool2d;
import splot.nn.Conv2d;
import splot.nn.Flatten;
import splot.nn.GraphModel;
import splot.nn.Input;
import splot.nn.Layer;
import splot.nn.Linear;
import splot.nn.MaxPool2d;
import splot.nn.Model;
import splot.nn.Node;
import splot.nn.Padding;
import splot.nn.ReLU;
import splot.nn.Sequential;
import splot.nn.ZeroPad2d;
import splot.tensor.Shape;
import splot.tensor.Tensor;

class TopPatchesTest {
    static final int N = 20, SIZE = 10;

    /** Item i: black, with a 3x3 block of brightness (i + 1) / N whose top-left corner is {@link #block(int)}. */
    static TensorDataset blocks() {
        float[] d = new float[N * SIZE * SIZE];
        float[] labels = new float[N];
        for (int i = 0; i < N; i++) {
            int[] at = block(i);
            for (int y = 0; y < 3; y++) for (int x = 0; x < 3; x++) d[i * SIZE * SIZE + (at[0] + y) * SIZE + at[1] + x] = (i + 1f) / N;
            labels[i] = i % 2;
        }
        return new TensorDataset(Tensor.of(d, N, 1, SIZE, SIZE), Tensor.of(labels, N), List.of("even", "odd"));
    }

    static int[] block(int i) {
        return new int[] {i % 5 + 1, (i * 3) % 7};
    }

    /** Conv 3x3 with filter 0 = all ones (the window's brightness), filter 1 = all minus ones; no bias. */
    static Sequential sumModel() {
        Sequential m = Sequential.of(Shape.of(1, SIZE, SIZE), new Conv2d(2, 3), new ReLU(), new Flatten(), new Linear(2));
        Conv2d conv = (Conv2d) m.layers().get(0);
        Arrays.fill(conv.weight().data(), 0, 9, 1f);
        Arrays.fill(conv.weight().data(), 9, 18, -1f);
        Arrays.fill(conv.bias().data(), 0f);
        return m;
    }

    @Test
    void firstLayerPicksTheBrightestBlocksAtTheirPlace() {
        var data = blocks();
        var result = TopPatches.find(sumModel(), data, TopPatches.Options.DEFAULT);
        assertEquals(new ReceptiveField(3, 3, 1, 1, 0, 0), result.field());
        List<TopPatches.Patch> top = result.perFilter().get(0);
        assertEquals(9, top.size());
        for (int k = 0; k < 9; k++) {
            TopPatches.Patch p = top.get(k);
            int item = N - 1 - k;                      // brightest first
            assertEquals(item, p.item());
            assertEquals(item % 2, p.label());
            assertEquals(9f * (item + 1) / N, p.activation(), 1e-5f);
            assertEquals(block(item)[0], p.top(), "row of item " + item);
            assertEquals(block(item)[1], p.left(), "column of item " + item);
        }
        // Filter 1 (minus the brightness) is best, at 0, on any all-black window: the first items, at the first such place.
        List<TopPatches.Patch> dark = result.perFilter().get(1);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8), dark.stream().map(TopPatches.Patch::item).toList());
        assertEquals(0f, dark.get(0).activation());
    }

    @Test
    void pixelsAreNormalisedBeforeTheModelSeesThem() {
        var data = blocks();
        float[] raw = new float[N * SIZE * SIZE];
        float[] labels = new float[N];
        for (int i = 0; i < N; i++) {
            data.copyImage(i, raw, i * SIZE * SIZE);
            labels[i] = data.label(i);
        }
        for (int i = 0; i < raw.length; i++) raw[i] = raw[i] * 255;
        var pixels = new TensorDataset(Tensor.of(raw, N, 1, SIZE, SIZE), Tensor.of(labels, N), List.of("even", "odd"));
        var result = TopPatches.find(sumModel(), pixels, splot.data.Normalization.unit(), TopPatches.Options.DEFAULT);
        assertEquals(9f * N / N, result.perFilter().get(0).get(0).activation(), 1e-5f, "the brightest block, back on the 0..1 scale");
    }

    @Test
    void pictureHasARowPerFilterAndNineTiles() {
        var data = blocks();
        var options = TopPatches.Options.DEFAULT;
        BufferedImage png = Gallery.keep("top-patches", TopPatches.render(sumModel(), data, options));
        int scale = 40 / 3;
        List<String> rows = List.of("filter 0", "filter 1");
        TileGrid.Section s = new TileGrid.Section(null, java.util.Collections.nCopies(18, new TileGrid.Tile(null, "1")), 9,
                3 * scale, 3 * scale, rows);
        String title = "Top 9 patches per filter of conv2d";
        String note = TopPatches.note(new ReceptiveField(3, 3, 1, 1, 0, 0), N);
        assertEquals(2 * Draw.MARGIN + TileGrid.titleHeight(title) + TileGrid.subtitleHeight(note) + s.height(), png.getHeight());
        // The strongest patch of filter 0 is exactly the brightest block: white all over.
        int[] at = FilterGridTest.tileOrigin(title, note, s, 0);
        for (int y = 0; y < 3 * scale; y += scale) for (int x = 0; x < 3 * scale; x += scale) assertEquals(0xFFFFFF, Gallery.rgb(png, at[0] + x, at[1] + y));
    }

    @Test
    void deeperLayersUseTheirReceptiveField() {
        // conv 3x3 (same) -> max-pool 2 -> conv 3x3: a window of 3 + 1 + 2 * 2 = 8, moving by 2, starting 1 above/left (padding).
        Sequential m = Sequential.of(Shape.of(1, SIZE, SIZE), new Conv2d(1, 3, Padding.SAME), new MaxPool2d(2), new Conv2d(1, 3));
        Arrays.fill(((Conv2d) m.layers().get(0)).weight().data(), 1f);
        Arrays.fill(((Conv2d) m.layers().get(2)).weight().data(), 1f);
        var result = TopPatches.find(m, blocks(), TopPatches.Options.DEFAULT.withLayer("conv2d_1"));
        assertEquals(new ReceptiveField(8, 8, 2, 2, -1, -1), result.field());
        TopPatches.Patch p = result.perFilter().get(0).get(0);
        assertEquals(N - 1, p.item());
        int[] b = block(N - 1);
        assertTrue(p.top() <= b[0] && p.top() + 8 >= b[0] + 3 && p.left() <= b[1] && p.left() + 8 >= b[1] + 3,
                "the strongest window holds the whole block: " + p);
        Gallery.keep("top-patches-deeper", TopPatches.render(result, blocks(), TopPatches.Options.DEFAULT));
    }

    @Test
    void layersWithoutImagesAreRefused() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> TopPatches.find(sumModel(), blocks(), TopPatches.Options.DEFAULT.withLayer("linear")));
        assertTrue(e.getMessage().contains("linear") && e.getMessage().contains("[2]"), e.getMessage());
    }

    // ------------------------------------------------------------ receptive fields

    @Test
    void stackedThreeByThreeConvolutionsSeeTwoNPlusOne() {
        for (int n = 1; n <= 4; n++) {
            Layer[] layers = new Layer[n];
            for (int i = 0; i < n; i++) layers[i] = new Conv2d(1, 3);
            Sequential m = Sequential.of(Shape.of(1, 16, 16), layers);
            ReceptiveField rf = ReceptiveField.of(m, layers[n - 1]);
            assertEquals(2 * n + 1, rf.height());
            assertEquals(2 * n + 1, rf.width());
        }
    }

    /**
     * The receptive field against its definition: the input pixels that output (0, y, x) depends on are those
     * with a non-zero gradient (all weights positive and average pooling, so nothing cancels).
     */
    @Test
    void receptiveFieldIsWhereTheGradientReaches() {
        // (A dilated kernel whose first tap falls in padding skips image rows, so padding and dilation are in separate layers here,
        // and the sizes let every stride fit exactly, so that no last row is left unread.)
        Sequential seq = Sequential.of(Shape.of(1, 32, 31), new ZeroPad2d(1, 0, 2, 0), new Conv2d(2, 3).stride(2), new AvgPool2d(2),
                new Conv2d(2, 3).padding(Padding.of(1)), new Conv2d(1, 3).dilation(2));
        checkAgainstGradient(seq, seq.layers().get(4));
        checkAgainstGradient(seq, seq.layers().get(3));

        Node in = Input.of(1, 12, 12);
        Node a = new Conv2d(1, 3, Padding.SAME).on(in);
        Node b = new Conv2d(1, 5, Padding.SAME).on(in);
        Node sum = new splot.nn.Add().on(a, b);
        Conv2d last = new Conv2d(1, 3).stride(2);
        GraphModel graph = GraphModel.of(in, last.on(sum));
        assertEquals(new ReceptiveField(7, 7, 2, 2, -2, -2), ReceptiveField.of(graph, last));
        checkAgainstGradient(graph, last);
    }

    private static void checkAgainstGradient(Model model, Layer target) {
        for (Tensor w : model.parameters()) {
            float[] d = w.data();
            for (int i = 0; i < d.length; i++) d[i] = 0.5f + (i % 3) * 0.25f;
        }
        ReceptiveField rf = ReceptiveField.of(model, target);
        Shape in = LayerOutputs.inputShape(model);
        Shape out = target.outputShape();
        for (int y = 0; y < out.dim(1); y++) {
            for (int x = 0; x < out.dim(2); x++) {
                Tensor input = Tensor.zeros(in.withBatch(1)).requiresGrad(true);
                List<LayerOutputs.Output> outs = runWithTape(model, input, target);
                Tensor value = outs.get(outs.size() - 1).value();
                float[] mask = new float[value.size()];
                mask[y * out.dim(2) + x] = 1f;
                value.mul(Tensor.of(mask, value.shape())).sum().backward();
                float[] g = input.grad().data();
                int top = Integer.MAX_VALUE, left = Integer.MAX_VALUE, bottom = -1, right = -1;
                for (int i = 0; i < g.length; i++) {
                    if (g[i] == 0) continue;
                    top = Math.min(top, i / in.dim(2));
                    bottom = Math.max(bottom, i / in.dim(2));
                    left = Math.min(left, i % in.dim(2));
                    right = Math.max(right, i % in.dim(2));
                }
                int[] o = rf.origin(y, x);
                assertEquals(Math.max(0, o[0]), top, "top of output (" + y + ", " + x + ")");
                assertEquals(Math.max(0, o[1]), left, "left of output (" + y + ", " + x + ")");
                assertEquals(Math.min(in.dim(1) - 1, o[0] + rf.height() - 1), bottom, "bottom of output (" + y + ", " + x + ")");
                assertEquals(Math.min(in.dim(2) - 1, o[1] + rf.width() - 1), right, "right of output (" + y + ", " + x + ")");
            }
        }
    }

    /** The model run up to {@code target} with the tape on (LayerOutputs turns it off). */
    private static List<LayerOutputs.Output> runWithTape(Model model, Tensor x, Layer target) {
        if (model instanceof Sequential s) {
            List<LayerOutputs.Output> outs = new java.util.ArrayList<>();
            for (Layer l : s.layers()) {
                x = l.call(x);
                outs.add(new LayerOutputs.Output(l.name(), l, x));
                if (l == target) break;
            }
            return outs;
        }
        return List.of(new LayerOutputs.Output("out", model, model.call(x)));
    }
}

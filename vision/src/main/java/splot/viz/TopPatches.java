package splot.viz;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import splot.data.Dataset;
import splot.data.Normalization;
import splot.image.Image;
import splot.nn.Layer;
import splot.nn.Model;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * For each filter of a layer, the input patches of a data set that excite it most: a row per filter of
 * {@code perFilter} patches (9 by default), strongest first, as Zeiler and Fergus show what a unit has
 * learned to look for.
 *
 * <p>Each item counts once per filter: its strongest position (the first one on ties) gives its patch,
 * so a row shows nine different items rather than nine shifts of one stroke. The patch is the input
 * window that position sees ({@link ReceptiveField}: the kernel for a first layer, larger behind
 * pooling and further convolutions); parts of it outside the image (padding) are drawn light gray-blue.
 *
 * <pre>{@code
 * TopPatches.write(Path.of("top.png"), model, testSet, testSet.normalization(), TopPatches.Options.DEFAULT.withLayer("conv2d_1"));
 * }</pre>
 */
public final class TopPatches {
    /**
     * @param layer      the layer by name (its output must be images, (C, H, W)); null for the first Conv2d
     * @param perFilter  patches per filter (9)
     * @param maxFilters at most this many filters (the first ones) get a row
     * @param tileSize   about how many pixels a patch is wide
     * @param maxItems   scan only the first this many items; 0 for the whole data set
     * @param batchSize  items per forward pass
     */
    public record Options(String layer, int perFilter, int maxFilters, int tileSize, int maxItems, int batchSize) {
        public static final Options DEFAULT = new Options(null, 9, 16, 40, 0, 64);

        public Options {
            if (perFilter <= 0 || maxFilters <= 0 || tileSize <= 0 || maxItems < 0 || batchSize <= 0) {
                throw new IllegalArgumentException("Top-patch options must be positive (maxItems may be 0 for all), got " + this);
            }
        }

        public Options withLayer(String name) {
            return new Options(name, perFilter, maxFilters, tileSize, maxItems, batchSize);
        }

        public Options withMaxItems(int n) {
            return new Options(layer, perFilter, maxFilters, tileSize, n, batchSize);
        }
    }

    /**
     * One patch: data set item {@code item} (label {@code label}) made filter {@code filter} reach
     * {@code activation} at output position (y, x), which sees input rows top .. top + height - 1 and
     * columns left .. left + width - 1.
     */
    public record Patch(int item, int label, int filter, float activation, int y, int x, int top, int left, int height, int width) {
    }

    /** The layer, its receptive field, and for each filter shown its patches, strongest first. */
    public record Result(Layer layer, ReceptiveField field, int itemsScanned, List<List<Patch>> perFilter) {
    }

    private TopPatches() {
    }

    /** Scans the data set, normalised as it says ({@link Dataset#normalization()}), for the strongest patches of each filter. */
    public static Result find(Model model, Dataset data, Options options) {
        return find(model, data, data.normalization(), options);
    }

    /** Scans the data set, its pixels turned into model inputs by {@code normalization} (as in training). */
    public static Result find(Model model, Dataset data, Normalization normalization, Options options) {
        Layer layer = options.layer() == null ? FilterGrid.convLayer(model, null) : LayerOutputs.find(model, options.layer());
        Shape out = layer.outputShape();
        if (out == null || out.rank() != 3) {
            throw new IllegalArgumentException("Top patches need a layer whose output is images (C, H, W); " + layer.name() + " gives "
                    + (out == null ? "nothing yet (not built)" : out));
        }
        Shape item = data.itemShape();
        if (!item.equals(LayerOutputs.inputShape(model))) {
            throw new IllegalArgumentException("Data set items have shape " + item + " but model '" + model.name() + "' takes "
                    + LayerOutputs.inputShape(model));
        }
        ReceptiveField field = ReceptiveField.of(model, layer);
        int filters = Math.min(out.dim(0), options.maxFilters());
        int items = options.maxItems() == 0 ? data.size() : Math.min(data.size(), options.maxItems());
        // Per filter, the best patches so far with the weakest on top, so it is the one a better patch replaces.
        Comparator<Patch> weakestFirst = Comparator.comparingDouble(Patch::activation).thenComparing(Patch::item, Comparator.reverseOrder());
        List<PriorityQueue<Patch>> best = new ArrayList<>();
        for (int f = 0; f < filters; f++) best.add(new PriorityQueue<>(weakestFirst));

        int size = item.size();
        for (int start = 0; start < items; start += options.batchSize()) {
            int n = Math.min(options.batchSize(), items - start);
            float[] buf = new float[n * size];
            for (int b = 0; b < n; b++) {
                data.copyImage(start + b, buf, b * size);
                normalization.apply(buf, b * size, item);
            }
            List<LayerOutputs.Output> outs = LayerOutputs.run(model, Tensor.of(buf, item.withBatch(n)), layer);
            Tensor v = outs.get(outs.size() - 1).value();
            int c = v.dim(1), h = v.dim(2), w = v.dim(3);
            float[] d = v.data();
            for (int b = 0; b < n; b++) {
                for (int f = 0; f < filters; f++) {
                    int off = (b * c + f) * h * w, arg = 0;
                    for (int i = 1; i < h * w; i++) if (d[off + i] > d[off + arg]) arg = i;
                    int y = arg / w, x = arg % w;
                    int[] o = field.origin(y, x);
                    Patch p = new Patch(start + b, data.label(start + b), f, d[off + arg], y, x, o[0], o[1], field.height(), field.width());
                    PriorityQueue<Patch> q = best.get(f);
                    if (q.size() < options.perFilter()) {
                        q.add(p);
                    } else if (weakestFirst.compare(p, q.peek()) > 0) {
                        q.poll();
                        q.add(p);
                    }
                }
            }
        }
        List<List<Patch>> perFilter = new ArrayList<>();
        for (PriorityQueue<Patch> q : best) {
            List<Patch> l = new ArrayList<>(q);
            l.sort(weakestFirst.reversed());
            perFilter.add(List.copyOf(l));
        }
        return new Result(layer, field, items, List.copyOf(perFilter));
    }

    /** The picture: a row per filter, its patches strongest first, each captioned with its activation. */
    public static BufferedImage render(Model model, Dataset data, Options options) {
        return render(find(model, data, options), data, options);
    }

    /** As {@link #render(Model, Dataset, Options)}, with the normalization the model was trained with. */
    public static BufferedImage render(Model model, Dataset data, Normalization normalization, Options options) {
        return render(find(model, data, normalization, options), data, options);
    }

    /** The picture of patches already found; patches show the data set's pixels as stored. */
    public static BufferedImage render(Result result, Dataset data, Options options) {
        ReceptiveField rf = result.field();
        int[] tile = FeatureMaps.tileSize(rf.height(), rf.width(), options.tileSize());
        Shape item = data.itemShape();
        float[] buf = new float[item.size()];
        List<TileGrid.Tile> tiles = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        for (List<Patch> patches : result.perFilter()) {
            rows.add(patches.isEmpty() ? "" : "filter " + patches.get(0).filter());
            for (int k = 0; k < options.perFilter(); k++) {
                if (k >= patches.size()) {
                    tiles.add(new TileGrid.Tile(null, null));
                    continue;
                }
                Patch p = patches.get(k);
                data.copyImage(p.item(), buf, 0);
                tiles.add(new TileGrid.Tile(crop(buf, item, p.top(), p.left(), p.height(), p.width()), Draw.number(p.activation())));
            }
        }
        String title = "Top " + options.perFilter() + " patches per filter of " + result.layer().name();
        String note = note(rf, result.itemsScanned());
        return TileGrid.render(title, note, List.of(new TileGrid.Section(null, tiles, options.perFilter(), tile[1], tile[0], rows)));
    }

    static String note(ReceptiveField rf, int items) {
        return "receptive field " + rf.height() + "×" + rf.width() + " · " + items + " items scanned · one patch per item, strongest first,"
                + " with its activation · gray-blue: outside the image";
    }

    /** {@link #render(Model, Dataset, Normalization, Options)} written as a PNG, atomically. */
    public static void write(Path file, Model model, Dataset data, Normalization normalization, Options options) throws IOException {
        Image.writePng(render(model, data, normalization, options), file);
    }

    /**
     * The window (top, left, h, w) of an item (C, H, W), scaled by the item's own range; gray for one channel,
     * RGB for three, the channel mean otherwise. Pixels outside the item get {@link Draw#EMPTY_TILE}.
     */
    static BufferedImage crop(float[] item, Shape shape, int top, int left, int h, int w) {
        int c = shape.rank() == 3 ? shape.dim(0) : 1, ih = shape.dim(-2), iw = shape.dim(-1), plane = ih * iw;
        float[] r = Draw.range(item, 0, item.length);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int outside = Draw.EMPTY_TILE.getRGB() & 0xFFFFFF;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sy = top + y, sx = left + x;
                if (sy < 0 || sx < 0 || sy >= ih || sx >= iw) {
                    out.setRGB(x, y, outside);
                    continue;
                }
                int i = sy * iw + sx;
                if (c == 3) {
                    out.setRGB(x, y, Draw.toByte(item[i], r[0], r[1]) << 16 | Draw.toByte(item[plane + i], r[0], r[1]) << 8
                            | Draw.toByte(item[2 * plane + i], r[0], r[1]));
                } else {
                    float v = 0;
                    for (int k = 0; k < c; k++) v += item[k * plane + i] / c;
                    int g = Draw.toByte(v, r[0], r[1]);
                    out.setRGB(x, y, g << 16 | g << 8 | g);
                }
            }
        }
        return out;
    }
}

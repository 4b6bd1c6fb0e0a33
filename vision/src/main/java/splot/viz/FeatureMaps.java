package splot.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import splot.image.Image;
import splot.nn.Flatten;
import splot.nn.Layer;
import splot.nn.Model;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * What every layer makes of one input: the input, then a grid per layer of its output channels
 * (feature maps), labelled with the layer's name, type and output shape. Image outputs (C, H, W) are
 * drawn as one gray tile per channel; flat outputs (F), such as a dense layer's, as a strip of bars
 * (up, dark, for positive values; down, red, for negative). {@link Flatten} is left out: its output is the
 * previous maps in a row. Other shapes (1-D signals) are listed but not drawn.
 *
 * <pre>{@code
 * FeatureMaps.write(Path.of("features.png"), model, digit, FeatureMaps.Options.DEFAULT);   // digit: (1, 28, 28)
 * }</pre>
 */
public final class FeatureMaps {
    /** Where the gray scale of a map comes from. */
    public enum Scale {
        /** One range for all channels of a layer: a weak channel looks dark next to a strong one. */
        LAYER,
        /** Each tile from its own min to max: shows the pattern even in weak channels. */
        TILE
    }

    /**
     * @param layer       the one layer to show, by name; null for every layer
     * @param tileSize    about how many pixels a map is wide (enlarged by whole factors, shrunk to fit)
     * @param maxChannels at most this many channels per layer are drawn (the first ones)
     * @param scale       one gray range per layer or per tile
     */
    public record Options(String layer, int tileSize, int maxChannels, Scale scale) {
        public static final Options DEFAULT = new Options(null, 56, 64, Scale.LAYER);

        public Options {
            if (tileSize <= 0 || maxChannels <= 0) {
                throw new IllegalArgumentException("Tile size and channel count must be positive, got " + tileSize + " and " + maxChannels);
            }
            if (scale == null) scale = Scale.LAYER;
        }

        public Options withLayer(String name) {
            return new Options(name, tileSize, maxChannels, scale);
        }

        public Options withScale(Scale s) {
            return new Options(layer, tileSize, maxChannels, s);
        }
    }

    /** Maps per row in a layer's grid. */
    public static final int COLUMNS = 16;
    /** Bar strips are this high (pixels, plus a row of indices when the bars are wide) and at most {@link #MAX_BARS} values long. */
    public static final int STRIP_HEIGHT = 64, MAX_BARS = 512;

    private FeatureMaps() {
    }

    /**
     * The picture for one input item of the model's input shape, given as (C, H, W) or as a batch of one
     * (1, C, H, W) in the values the model was trained on (normalised as in training).
     */
    public static BufferedImage render(Model model, Tensor input, Options options) {
        String title = "Feature maps of " + model.name() + (options.layer() != null ? ", layer " + options.layer() : "");
        return TileGrid.render(title, note(options), sections(model, input, options));
    }

    static String note(Options options) {
        return options.scale() == Scale.LAYER ? "gray scale per layer: its smallest value black, its largest white"
                : "gray scale per map: its smallest value black, its largest white";
    }

    /** The input's section, then one per layer shown. */
    static List<TileGrid.Section> sections(Model model, Tensor input, Options options) {
        Tensor batch = batchOfOne(model, input);
        Layer only = options.layer() == null ? null : LayerOutputs.find(model, options.layer());
        List<LayerOutputs.Output> outputs = LayerOutputs.run(model, batch, only);
        List<TileGrid.Section> sections = new ArrayList<>();
        sections.add(inputSection(batch, batch.shape().withoutBatch(), options));
        for (LayerOutputs.Output o : outputs) {
            if (only != null && o.layer() != only) continue;
            if (only == null && o.layer() instanceof Flatten) continue;
            sections.add(section(o, options));
        }
        return sections;
    }

    /** {@link #render} written as a PNG, atomically. */
    public static void write(Path file, Model model, Tensor input, Options options) throws IOException {
        Image.writePng(render(model, input, options), file);
    }

    static Tensor batchOfOne(Model model, Tensor input) {
        Shape want = LayerOutputs.inputShape(model);
        if (input.shape().equals(want)) return Tensor.of(input.data().clone(), want.withBatch(1));
        if (input.shape().equals(want.withBatch(1))) return input;
        throw new IllegalArgumentException("Model '" + model.name() + "' takes items of shape " + want + " (or a batch of one, "
                + want.withBatch(1) + "), got " + input.shape());
    }

    private static TileGrid.Section inputSection(Tensor batch, Shape in, Options options) {
        BufferedImage picture;
        if (in.rank() == 3) {
            picture = Draw.item(batch.data(), 0, in.dim(0), in.dim(1), in.dim(2));
            int[] size = tileSize(in.dim(1), in.dim(2), options.tileSize() * 2);
            return new TileGrid.Section("input " + Draw.shape(in), List.of(new TileGrid.Tile(picture, null)), 1, size[1], size[0], List.of());
        }
        picture = bars(batch.data(), 0, Math.min(batch.size(), MAX_BARS));
        return new TileGrid.Section("input " + Draw.shape(in), List.of(new TileGrid.Tile(picture, null)), 1,
                picture.getWidth(), picture.getHeight(), List.of());
    }

    private static TileGrid.Section section(LayerOutputs.Output o, Options options) {
        Tensor v = o.value();
        Shape item = v.shape().withoutBatch();
        if (item.rank() == 3) return maps(o, v.data(), item, options);
        if (item.rank() == 1) {
            int n = Math.min(item.dim(0), MAX_BARS);
            float[] r = Draw.range(v.data(), 0, item.dim(0));
            String heading = o.label() + "   values " + Draw.number(r[0]) + " … " + Draw.number(r[1])
                    + (n < item.dim(0) ? ", first " + n + " shown" : "");
            BufferedImage strip = bars(v.data(), 0, n);
            return new TileGrid.Section(heading, List.of(new TileGrid.Tile(strip, null)), 1, strip.getWidth(), strip.getHeight(), List.of());
        }
        return new TileGrid.Section(o.label() + "   (not drawn: only image and flat outputs are)", List.of(), 1, 1, 1, List.of());
    }

    private static TileGrid.Section maps(LayerOutputs.Output o, float[] data, Shape item, Options options) {
        int c = item.dim(0), h = item.dim(1), w = item.dim(2), shown = Math.min(c, options.maxChannels());
        float[] layerRange = Draw.range(data, 0, shown * h * w);
        List<TileGrid.Tile> tiles = new ArrayList<>();
        for (int k = 0; k < shown; k++) {
            float[] r = options.scale() == Scale.TILE ? Draw.range(data, k * h * w, h * w) : layerRange;
            tiles.add(new TileGrid.Tile(Draw.gray(data, k * h * w, h, w, r[0], r[1]), String.valueOf(k)));
        }
        String heading = o.label() + "   values " + Draw.number(layerRange[0]) + " … " + Draw.number(layerRange[1])
                + (shown < c ? ", first " + shown + " of " + c + " channels" : "");
        int[] size = tileSize(h, w, options.tileSize());
        return new TileGrid.Section(heading, tiles, Math.min(shown, COLUMNS), size[1], size[0], List.of());
    }

    /** {height, width} of a tile for an h x w map: enlarged by a whole factor up to {@code target}, or shrunk to it. */
    static int[] tileSize(int h, int w, int target) {
        int largest = Math.max(h, w);
        if (largest <= target) {
            int s = Draw.scaleFor(largest, target);
            return new int[] {h * s, w * s};
        }
        return new int[] {Math.max(1, h * target / largest), Math.max(1, w * target / largest)};
    }

    /** A strip of {@code n} bars around a zero line: up to 24 pixels per value, 1 when there are many; indices under wide bars. */
    static BufferedImage bars(float[] data, int off, int n) {
        int bar = Math.max(1, Math.min(24, 512 / Math.max(1, n)));
        boolean indices = bar >= 14;
        int labels = indices ? Draw.lineHeight(Draw.SMALL) : 0;
        int width = Math.max(1, n * bar), plot = STRIP_HEIGHT;
        float[] r = Draw.range(data, off, n);
        float lo = Math.min(0, r[0]), hi = Math.max(0, r[1]);
        BufferedImage out = Draw.canvas(width, plot + labels);
        Graphics2D g = Draw.graphics(out);
        try {
            double span = hi > lo ? hi - lo : 1;
            int zero = (int) Math.round((hi / span) * (plot - 1));
            for (int i = 0; i < n; i++) {
                float v = data[off + i];
                int end = (int) Math.round(((hi - v) / span) * (plot - 1));
                g.setColor(v >= 0 ? Draw.INK : new Color(0xC0, 0x39, 0x2B));
                g.fillRect(i * bar, Math.min(zero, end), Math.max(1, bar - (bar > 2 ? 1 : 0)), Math.max(1, Math.abs(end - zero)));
                if (indices) Draw.textCentered(g, String.valueOf(i), Draw.SMALL, Draw.MUTED, i * bar + bar / 2, plot);
            }
            g.setColor(Draw.FRAME);
            g.setStroke(new BasicStroke(1));
            g.drawLine(0, zero, width, zero);
        } finally {
            g.dispose();
        }
        return out;
    }
}

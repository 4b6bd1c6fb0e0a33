package splot.viz;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import splot.image.Image;
import splot.nn.Conv2d;
import splot.nn.Layer;
import splot.nn.Model;
import splot.tensor.Tensor;

/**
 * The kernels a convolution layer learned, as a grid of small images (the texts' picture of a trained
 * first layer). Weight (Cout, Cin, kh, kw); each tile is one kernel scaled from its own smallest weight
 * (black) to its largest (white), enlarged by whole pixels so each weight stays a visible square.
 *
 * <pre>{@code
 * FilterGrid.write(Path.of("filters.png"), model, FilterGrid.Options.DEFAULT.withLayer("conv2d"));
 * }</pre>
 */
public final class FilterGrid {
    /** How the input channels of a kernel are drawn. */
    public enum Channels {
        /** COLOUR when Cin is 3, one tile per (output, input) pair when there are at most 256 pairs, MEAN otherwise. */
        AUTO,
        /** One RGB tile per filter (Cin must be 3), one range over its three channels so colours keep their balance. */
        COLOUR,
        /** One gray tile per (output, input) channel pair: a row per filter, a column per input channel. */
        PAIRS,
        /** One gray tile per filter: the mean over its input channels. */
        MEAN
    }

    /**
     * @param layer    the convolution layer's name; null for the model's first {@link Conv2d}
     * @param tileSize about how many pixels a tile is wide: the kernel is enlarged by the largest whole factor that fits
     * @param channels how input channels are drawn
     */
    public record Options(String layer, int tileSize, Channels channels) {
        public static final Options DEFAULT = new Options(null, 48, Channels.AUTO);

        public Options {
            if (tileSize <= 0) throw new IllegalArgumentException("Tile size must be positive, got " + tileSize);
            if (channels == null) channels = Channels.AUTO;
        }

        public Options withLayer(String name) {
            return new Options(name, tileSize, channels);
        }

        public Options withChannels(Channels c) {
            return new Options(layer, tileSize, c);
        }
    }

    /** Pairs are drawn one tile each only up to this many; above it AUTO averages over input channels. */
    public static final int MAX_PAIRS = 256;

    private FilterGrid() {
    }

    /** The picture of the filters of {@code options.layer()} in {@code model}. */
    public static BufferedImage render(Model model, Options options) {
        return render(convLayer(model, options.layer()), options);
    }

    /** The picture of one convolution layer's filters (it must be built). */
    public static BufferedImage render(Conv2d conv, Options options) {
        Tensor w = conv.weight();
        if (w == null) throw new IllegalStateException("Layer " + conv.name() + " is not built yet, so it has no filters to show");
        int out = w.dim(0), in = w.dim(1), kh = w.dim(2), kw = w.dim(3);
        Channels how = resolve(options.channels(), out, in, conv.name());
        int scale = Draw.scaleFor(Math.max(kh, kw), options.tileSize());
        String title = title(conv.name(), out, in, kh, kw);
        TileGrid.Section grid = section(w.data(), out, in, kh, kw, how, scale);
        return TileGrid.render(title, note(how, in), List.of(grid));
    }

    /** {@link #render(Model, Options)} written as a PNG, atomically. */
    public static void write(Path file, Model model, Options options) throws IOException {
        Image.writePng(render(model, options), file);
    }

    /** The layer named {@code name}, or the first convolution when name is null; errors list the candidates. */
    static Conv2d convLayer(Model model, String name) {
        if (name == null) {
            for (Layer l : model.layers()) if (l instanceof Conv2d c) return c;
            throw new IllegalArgumentException("Model '" + model.name() + "' has no Conv2d layer; its layers are: " + LayerOutputs.names(model));
        }
        Layer l = LayerOutputs.find(model, name);
        if (l instanceof Conv2d c) return c;
        List<String> convs = model.layers().stream().filter(x -> x instanceof Conv2d).map(Layer::name).toList();
        throw new IllegalArgumentException("Layer '" + name + "' is a " + l.getClass().getSimpleName() + ", not a Conv2d; convolution layers: "
                + (convs.isEmpty() ? "none" : String.join(", ", convs)));
    }

    /** {@code Filters of conv2d: 6 filters of 5×5 over 1 input channel}. */
    static String title(String layer, int out, int in, int kh, int kw) {
        return "Filters of " + layer + ": " + out + (out == 1 ? " filter" : " filters") + " of " + kh + "×" + kw + " over " + in
                + (in == 1 ? " input channel" : " input channels");
    }

    /** What a tile shows and how it is scaled, in a line under the title. */
    static String note(Channels how, int in) {
        return switch (how) {
            case COLOUR -> "one RGB tile per filter, scaled from its smallest to its largest weight";
            case PAIRS -> "a row per filter, a column per input channel; each tile from its smallest weight (black) to its largest (white)";
            default -> in == 1 ? "one tile per filter, from its smallest weight (black) to its largest (white)"
                    : "one tile per filter: the mean over its " + in + " input channels, from smallest (black) to largest (white)";
        };
    }

    static Channels resolve(Channels asked, int out, int in, String layer) {
        if (asked == Channels.COLOUR && in != 3) {
            throw new IllegalArgumentException("Colour filters need 3 input channels; layer " + layer + " has " + in);
        }
        if (asked != Channels.AUTO) return asked;
        if (in == 3) return Channels.COLOUR;
        if (in == 1) return Channels.MEAN;  // the mean of one channel is that channel
        return (long) out * in <= MAX_PAIRS ? Channels.PAIRS : Channels.MEAN;
    }

    private static TileGrid.Section section(float[] w, int out, int in, int kh, int kw, Channels how, int scale) {
        int size = kh * kw;
        List<TileGrid.Tile> tiles = new ArrayList<>();
        List<String> rows = new ArrayList<>(), cols = new ArrayList<>();
        int columns;
        switch (how) {
            case COLOUR -> {
                for (int o = 0; o < out; o++) {
                    float[] r = Draw.range(w, o * in * size, in * size);
                    tiles.add(new TileGrid.Tile(Draw.rgb(w, o * in * size, kh, kw, r[0], r[1]), String.valueOf(o)));
                }
                columns = columnsFor(out);
            }
            case PAIRS -> {
                for (int o = 0; o < out; o++) {
                    rows.add("filter " + o);
                    for (int c = 0; c < in; c++) {
                        int off = (o * in + c) * size;
                        float[] r = Draw.range(w, off, size);
                        tiles.add(new TileGrid.Tile(Draw.gray(w, off, kh, kw, r[0], r[1]), null));
                    }
                }
                for (int c = 0; c < in; c++) cols.add("in " + c);
                columns = in;
            }
            default -> {
                float[] mean = new float[size];
                for (int o = 0; o < out; o++) {
                    java.util.Arrays.fill(mean, 0);
                    for (int c = 0; c < in; c++) for (int i = 0; i < size; i++) mean[i] += w[(o * in + c) * size + i] / in;
                    float[] r = Draw.range(mean, 0, size);
                    tiles.add(new TileGrid.Tile(Draw.gray(mean, 0, kh, kw, r[0], r[1]), String.valueOf(o)));
                }
                columns = columnsFor(out);
            }
        }
        return new TileGrid.Section(null, tiles, columns, kw * scale, kh * scale, rows, cols);
    }

    /** About square, never more than 16 wide: 96 filters make 10 columns, 6 make 6. */
    static int columnsFor(int n) {
        if (n <= 8) return n;
        return Math.min(16, (int) Math.ceil(Math.sqrt(n)));
    }
}

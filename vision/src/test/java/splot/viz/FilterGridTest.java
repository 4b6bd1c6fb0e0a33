package splot.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import splot.nn.Conv2d;
import splot.nn.Flatten;
import splot.nn.Linear;
import splot.nn.MaxPool2d;
import splot.nn.ReLU;
import splot.nn.Sequential;
import splot.tensor.Shape;

class FilterGridTest {

    static Sequential grayModel() {
        return Sequential.of(Shape.of(1, 12, 12), new Conv2d(6, 5), new ReLU(), new MaxPool2d(2), new Conv2d(4, 3), new Flatten(), new Linear(3));
    }

    /** Top-left corner {x, y} of tile {@code i} in a one-section grid picture. */
    static int[] tileOrigin(String title, String subtitle, TileGrid.Section s, int i) {
        int x = Draw.MARGIN + s.labelWidth() + (i % s.columns()) * (s.tileW() + TileGrid.GAP);
        int y = Draw.MARGIN + TileGrid.titleHeight(title) + TileGrid.subtitleHeight(subtitle) + s.headingHeight() + s.columnLabelHeight()
                + (i / s.columns()) * (s.tileH() + s.captionHeight() + TileGrid.GAP);
        return new int[] {x, y};
    }

    @Test
    void eachGrayFilterIsATileScaledFromItsMinToItsMax(@TempDir Path dir) throws Exception {
        Sequential model = grayModel();
        Conv2d conv = (Conv2d) model.layers().get(0);
        float[] w = conv.weight().data();
        // Filter o: -1 everywhere except +3 at position o (row 0, column o of the 5x5 kernel, wrapping to row 1).
        for (int o = 0; o < 6; o++) for (int i = 0; i < 25; i++) w[o * 25 + i] = i == o ? 3f : -1f;
        Path file = dir.resolve("filters.png");
        FilterGrid.write(file, model, FilterGrid.Options.DEFAULT);
        BufferedImage png = Gallery.keep("filters-gray", Gallery.decode(file));

        int scale = 48 / 5;                           // 9: the largest whole factor keeping 5 pixels within 48
        String title = "Filters of conv2d: 6 filters of 5×5 over 1 input channel";
        String note = FilterGrid.note(FilterGrid.Channels.MEAN, 1);
        List<TileGrid.Tile> tiles = java.util.Collections.nCopies(6, new TileGrid.Tile(null, "0"));
        TileGrid.Section s = new TileGrid.Section(null, tiles, 6, 5 * scale, 5 * scale, List.of());
        int textWidth = Math.max(Draw.textWidth(title, Draw.TITLE), Draw.textWidth(note, Draw.LABEL));
        assertEquals(2 * Draw.MARGIN + Math.max(s.width(), textWidth), png.getWidth());
        assertEquals(2 * Draw.MARGIN + TileGrid.titleHeight(title) + TileGrid.subtitleHeight(note) + s.height(), png.getHeight());
        for (int o = 0; o < 6; o++) {
            int[] at = tileOrigin(title, note, s, o);
            for (int i = 0; i < 25; i++) {
                int px = at[0] + (i % 5) * scale + scale / 2, py = at[1] + (i / 5) * scale + scale / 2;
                assertEquals(i == o ? 0xFFFFFF : 0x000000, Gallery.rgb(png, px, py), "filter " + o + " weight " + i);
            }
        }
    }

    @Test
    void colourFiltersKeepTheirColourBalance() {
        Sequential model = Sequential.of(Shape.of(3, 16, 16), new Conv2d(12, 3), new ReLU());
        float[] w = ((Conv2d) model.layers().get(0)).weight().data();
        java.util.Arrays.fill(w, 0f);
        for (int i = 0; i < 9; i++) {
            w[0 * 27 + 0 * 9 + i] = 1f;       // filter 0: red only
            w[1 * 27 + 2 * 9 + i] = 1f;       // filter 1: blue only
        }
        w[2 * 27 + 1 * 9 + 4] = 1f;           // filter 2: a green centre on black
        BufferedImage png = Gallery.keep("filters-rgb", FilterGrid.render(model, FilterGrid.Options.DEFAULT));
        String title = "Filters of conv2d: 12 filters of 3×3 over 3 input channels", note = FilterGrid.note(FilterGrid.Channels.COLOUR, 3);
        TileGrid.Section s = new TileGrid.Section(null,
                java.util.Collections.nCopies(12, new TileGrid.Tile(null, "0")), FilterGrid.columnsFor(12), 48, 48, List.of());
        assertEquals(2 * Draw.MARGIN + TileGrid.titleHeight(title) + TileGrid.subtitleHeight(note) + s.height(), png.getHeight());
        int[] red = tileOrigin(title, note, s, 0), blue = tileOrigin(title, note, s, 1), green = tileOrigin(title, note, s, 2);
        assertEquals(0xFF0000, Gallery.rgb(png, red[0] + 24, red[1] + 24));
        assertEquals(0x0000FF, Gallery.rgb(png, blue[0] + 24, blue[1] + 24));
        assertEquals(0x00FF00, Gallery.rgb(png, green[0] + 24, green[1] + 24));
        assertEquals(0x000000, Gallery.rgb(png, green[0] + 4, green[1] + 4));
    }

    @Test
    void pairsGiveARowPerFilterAndAColumnPerInputChannel() {
        Sequential model = grayModel();
        BufferedImage png = Gallery.keep("filters-pairs", FilterGrid.render(model, FilterGrid.Options.DEFAULT.withLayer("conv2d_1")));
        String title = "Filters of conv2d_1: 4 filters of 3×3 over 6 input channels", note = FilterGrid.note(FilterGrid.Channels.PAIRS, 6);
        List<String> rows = List.of("filter 0", "filter 1", "filter 2", "filter 3");
        TileGrid.Section s = new TileGrid.Section(null, java.util.Collections.nCopies(24, new TileGrid.Tile(null, null)), 6, 48, 48, rows,
                List.of("in 0", "in 1", "in 2", "in 3", "in 4", "in 5"));
        assertEquals(4, s.rows());
        assertEquals(2 * Draw.MARGIN + TileGrid.titleHeight(title) + TileGrid.subtitleHeight(note) + s.height(), png.getHeight());
        assertEquals(2 * Draw.MARGIN + Math.max(s.width(), Draw.textWidth(note, Draw.LABEL)), png.getWidth());
        assertEquals(FilterGrid.Channels.MEAN, FilterGrid.resolve(FilterGrid.Channels.AUTO, 64, 32, "c"), "64 x 32 pairs are too many tiles");
        Gallery.keep("filters-mean", FilterGrid.render(model, new FilterGrid.Options("conv2d_1", 32, FilterGrid.Channels.MEAN)));
    }

    @Test
    void errorsNameTheLayerAndTheChoices() {
        Sequential model = grayModel();
        var notConv = assertThrows(IllegalArgumentException.class, () -> FilterGrid.render(model, FilterGrid.Options.DEFAULT.withLayer("relu")));
        assertTrue(notConv.getMessage().contains("conv2d, conv2d_1"), notConv.getMessage());
        var missing = assertThrows(IllegalArgumentException.class, () -> FilterGrid.render(model, FilterGrid.Options.DEFAULT.withLayer("conv9")));
        assertTrue(missing.getMessage().contains("max_pool2d"), missing.getMessage());
        var colour = assertThrows(IllegalArgumentException.class,
                () -> FilterGrid.render(model, FilterGrid.Options.DEFAULT.withChannels(FilterGrid.Channels.COLOUR)));
        assertTrue(colour.getMessage().contains("has 1"), colour.getMessage());
        var none = assertThrows(IllegalArgumentException.class,
                () -> FilterGrid.render(Sequential.of(Shape.of(4), new Linear(2)), FilterGrid.Options.DEFAULT));
        assertTrue(none.getMessage().contains("no Conv2d"), none.getMessage());
    }
}

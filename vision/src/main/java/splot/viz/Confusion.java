package splot.viz;

import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import splot.data.Dataset;
import splot.data.Normalization;
import splot.image.Image;
import splot.nn.Layer;
import splot.nn.Model;
import splot.nn.Sigmoid;
import splot.nn.Softmax;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * The confusion matrix of a model on a data set, and the items it got wrong.
 *
 * <p>The matrix has a row per true class and a column per predicted class, class names on both axes,
 * the count in each cell, and a colour for the share of the row's items (so a rare class's errors show
 * as clearly as a common one's); a colour bar gives the scale. Counts are left out when there are so many
 * classes that the cells get too small to hold them. Below it, the misclassified items, most confident
 * mistakes first, each captioned "true" and "predicted" with the predicted probability.
 *
 * <p>Predictions: the largest output for two or more outputs (probabilities from a softmax, applied
 * unless the model ends in {@link Softmax}); for one output, class 1 when the logit is above 0 (or the
 * probability above 0.5 when the model ends in {@link Sigmoid}).
 *
 * <pre>{@code
 * Confusion.write(Path.of("confusion.png"), model, testSet, testSet.normalization(), Confusion.Options.DEFAULT);
 * }</pre>
 */
public final class Confusion {
    /**
     * @param batchSize   items per forward pass
     * @param maxExamples at most this many misclassified items are drawn (0: none, the matrix only)
     * @param tileSize    about how many pixels an example is wide
     */
    public record Options(int batchSize, int maxExamples, int tileSize) {
        public static final Options DEFAULT = new Options(128, 32, 64);

        public Options {
            if (batchSize <= 0 || maxExamples < 0 || tileSize <= 0) {
                throw new IllegalArgumentException("Confusion options: batch size and tile size must be positive, examples >= 0; got " + this);
            }
        }
    }

    /** An item the model got wrong: its index, true class, predicted class and the predicted class's probability. */
    public record Miss(int item, int trueLabel, int predicted, float confidence) {
    }

    /** The matrix and every misclassified item, most confident first. */
    public record Result(ConfusionMatrix matrix, List<Miss> misses) {
        public Result {
            misses = List.copyOf(misses);
        }
    }

    /** Misclassified examples per row of their grid. */
    public static final int EXAMPLE_COLUMNS = 8;

    private Confusion() {
    }

    /** Runs the model over the data set normalised as it says ({@link Dataset#normalization()}) and counts. */
    public static Result evaluate(Model model, Dataset data, int batchSize) {
        return evaluate(model, data, data.normalization(), batchSize);
    }

    /** Runs the model (evaluation mode, no tape) over the data set, pixels normalised as in training, and counts. */
    public static Result evaluate(Model model, Dataset data, Normalization normalization, int batchSize) {
        Shape item = data.itemShape();
        int k = data.numClasses(), size = item.size();
        int[] truth = new int[data.size()], predicted = new int[data.size()];
        List<Miss> misses = new ArrayList<>();
        Layer last = model.layers().isEmpty() ? null : model.layers().get(model.layers().size() - 1);
        for (int start = 0; start < data.size(); start += batchSize) {
            int n = Math.min(batchSize, data.size() - start);
            float[] buf = new float[n * size];
            for (int b = 0; b < n; b++) {
                data.copyImage(start + b, buf, b * size);
                normalization.apply(buf, b * size, item);
            }
            Tensor out = model.predict(Tensor.of(buf, item.withBatch(n)));
            int outputs = out.size() / n;
            if (outputs != k && !(outputs == 1 && k == 2)) {
                throw new IllegalArgumentException("Model '" + model.name() + "' gives " + outputs + " outputs per item but the data set has "
                        + k + " classes " + data.classNames());
            }
            float[] o = out.data();
            for (int b = 0; b < n; b++) {
                int i = start + b;
                float[] prob = probabilities(o, b * outputs, outputs, last);
                int p = 0;
                for (int c = 1; c < prob.length; c++) if (prob[c] > prob[p]) p = c;
                truth[i] = data.label(i);
                predicted[i] = p;
                if (p != truth[i]) misses.add(new Miss(i, truth[i], p, prob[p]));
            }
        }
        misses.sort(Comparator.comparingDouble((Miss m) -> -m.confidence()).thenComparingInt(Miss::item));
        return new Result(ConfusionMatrix.of(truth, predicted, data.classNames()), misses);
    }

    /** Class probabilities of one item's outputs: softmax (unless already one), or sigmoid for a single output. */
    static float[] probabilities(float[] o, int off, int n, Layer last) {
        if (n == 1) {
            double p1 = last instanceof Sigmoid ? o[off] : 1 / (1 + Math.exp(-o[off]));
            return new float[] {(float) (1 - p1), (float) p1};
        }
        float[] p = new float[n];
        if (last instanceof Softmax) {
            System.arraycopy(o, off, p, 0, n);
            return p;
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < n; c++) max = Math.max(max, o[off + c]);
        double sum = 0;
        for (int c = 0; c < n; c++) sum += Math.exp(o[off + c] - max);
        for (int c = 0; c < n; c++) p[c] = (float) (Math.exp(o[off + c] - max) / sum);
        return p;
    }

    /** The matrix above the misclassified examples. */
    public static BufferedImage render(Model model, Dataset data, Options options) {
        return render(model, data, data.normalization(), options);
    }

    /** As {@link #render(Model, Dataset, Options)}, with the normalization the model was trained with. */
    public static BufferedImage render(Model model, Dataset data, Normalization normalization, Options options) {
        return render(evaluate(model, data, normalization, options.batchSize()), data, options);
    }

    public static BufferedImage render(Result result, Dataset data, Options options) {
        BufferedImage matrix = renderMatrix(result.matrix(), "Confusion matrix");
        if (options.maxExamples() == 0) return matrix;
        return Draw.stack(List.of(matrix, renderMisclassified(data, result.misses(), options)), 8);
    }

    /** {@link #render(Model, Dataset, Normalization, Options)} written as a PNG, atomically. */
    public static void write(Path file, Model model, Dataset data, Normalization normalization, Options options) throws IOException {
        Image.writePng(render(model, data, normalization, options), file);
    }

    // ------------------------------------------------------------ the matrix

    /** Where the matrix's parts go; see {@link #layout}. */
    record Layout(int width, int height, int gridLeft, int gridTop, int cell, boolean counts, boolean rotateColumns,
                  int rowLabelWidth, int columnLabelHeight, int barLeft) {
    }

    static final int AXIS_GAP = 6, BAR_GAP = 20, BAR_WIDTH = 14;

    static String subtitle(ConfusionMatrix m) {
        return String.format(Locale.ROOT, "%s items · accuracy %.2f%% · rows: true class · columns: predicted class · colour: share of the row",
                Draw.count(m.total()), 100 * m.accuracy());
    }

    static Layout layout(ConfusionMatrix m, String title) {
        int k = m.numClasses();
        int cell = Math.max(22, Math.min(64, 520 / Math.max(1, k)));
        int names = 0;
        for (String n : m.classNames()) names = Math.max(names, Draw.textWidth(n, Draw.LABEL));
        int line = Draw.lineHeight(Draw.LABEL);
        boolean rotate = names > cell - 4;
        int rowLabelWidth = names + AXIS_GAP;
        int columnLabelHeight = (rotate ? names : line) + AXIS_GAP;
        int gridLeft = Draw.MARGIN + line + AXIS_GAP + rowLabelWidth;
        int gridTop = Draw.MARGIN + TileGrid.titleHeight(title) + TileGrid.subtitleHeight(subtitle(m));
        int barLeft = gridLeft + k * cell + BAR_GAP;
        int width = barLeft + BAR_WIDTH + AXIS_GAP + Draw.textWidth("100%", Draw.SMALL) + AXIS_GAP + line + Draw.MARGIN;
        width = Math.max(width, 2 * Draw.MARGIN + Math.max(Draw.textWidth(title, Draw.TITLE), Draw.textWidth(subtitle(m), Draw.LABEL)));
        int height = gridTop + k * cell + AXIS_GAP + columnLabelHeight + line + Draw.MARGIN;
        return new Layout(width, height, gridLeft, gridTop, cell, cell >= 28, rotate, rowLabelWidth, columnLabelHeight, barLeft);
    }

    /** The matrix picture: class names on both axes, counts, colour by share of the true class, and a colour bar. */
    public static BufferedImage renderMatrix(ConfusionMatrix m, String title) {
        Layout l = layout(m, title);
        int k = m.numClasses(), cell = l.cell(), line = Draw.lineHeight(Draw.LABEL);
        BufferedImage out = Draw.canvas(l.width(), l.height());
        Graphics2D g = Draw.graphics(out);
        try {
            Draw.text(g, title, Draw.TITLE, Draw.INK, Draw.MARGIN, Draw.MARGIN);
            Draw.text(g, subtitle(m), Draw.LABEL, Draw.MUTED, Draw.MARGIN, Draw.MARGIN + TileGrid.titleHeight(title) - 4);
            var countFont = cell >= 40 ? Draw.LABEL : Draw.SMALL;
            int countAscent = Draw.metrics(countFont).getAscent(), labelAscent = Draw.metrics(Draw.LABEL).getAscent();
            for (int t = 0; t < k; t++) {
                long row = m.rowTotal(t);
                for (int p = 0; p < k; p++) {
                    long c = m.count(t, p);
                    int rgb = ColorMap.BLUES.rgb(row == 0 ? 0 : (double) c / row);
                    int x = l.gridLeft() + p * cell, y = l.gridTop() + t * cell;
                    g.setColor(new java.awt.Color(rgb));
                    g.fillRect(x, y, cell, cell);
                    if (l.counts()) {
                        Draw.textCentered(g, Long.toString(c), countFont, ColorMap.isDark(rgb) ? java.awt.Color.WHITE : Draw.INK,
                                x + cell / 2, y + (cell - countAscent) / 2 - 1);
                    }
                }
                String name = m.classNames().get(t);
                Draw.text(g, name, Draw.LABEL, Draw.INK, l.gridLeft() - AXIS_GAP - Draw.textWidth(name, Draw.LABEL),
                        l.gridTop() + t * cell + (cell - labelAscent) / 2 - 1);
            }
            g.setColor(Draw.FRAME);
            g.drawRect(l.gridLeft(), l.gridTop(), k * cell, k * cell);
            int below = l.gridTop() + k * cell + AXIS_GAP;
            for (int p = 0; p < k; p++) {
                String name = m.classNames().get(p);
                int cx = l.gridLeft() + p * cell + cell / 2;
                if (l.rotateColumns()) {
                    vertical(g, name, Draw.LABEL, cx - labelAscent / 2, below + Draw.textWidth(name, Draw.LABEL));
                } else {
                    Draw.textCentered(g, name, Draw.LABEL, Draw.INK, cx, below);
                }
            }
            Draw.textCentered(g, "predicted class", Draw.LABEL, Draw.MUTED, l.gridLeft() + k * cell / 2, below + l.columnLabelHeight());
            String trueTitle = "true class";
            vertical(g, trueTitle, Draw.LABEL, Draw.MARGIN, l.gridTop() + k * cell / 2 + Draw.textWidth(trueTitle, Draw.LABEL) / 2);
            colourBar(g, l, k * cell, line);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** The scale: white (0% of the row) at the bottom to dark blue (100%) at the top, with ticks. */
    private static void colourBar(Graphics2D g, Layout l, int height, int line) {
        int x = l.barLeft(), top = l.gridTop();
        for (int y = 0; y < height; y++) {
            g.setColor(ColorMap.BLUES.color(1 - (double) y / Math.max(1, height - 1)));
            g.fillRect(x, top + y, BAR_WIDTH, 1);
        }
        g.setColor(Draw.FRAME);
        g.drawRect(x, top, BAR_WIDTH, height);
        int ascent = Draw.metrics(Draw.SMALL).getAscent();
        String[] ticks = {"100%", "50%", "0%"};
        for (int i = 0; i < 3; i++) {
            int y = top + i * (height - 1) / 2;
            g.setColor(Draw.MUTED);
            g.drawLine(x + BAR_WIDTH, y, x + BAR_WIDTH + 3, y);
            Draw.text(g, ticks[i], Draw.SMALL, Draw.MUTED, x + BAR_WIDTH + AXIS_GAP, Math.max(top, Math.min(top + height - ascent, y - ascent / 2)));
        }
        String label = "share of the true class";
        int labelX = x + BAR_WIDTH + AXIS_GAP + Draw.textWidth("100%", Draw.SMALL) + AXIS_GAP;
        vertical(g, label, Draw.LABEL, labelX, top + height / 2 + Draw.textWidth(label, Draw.LABEL) / 2);
    }

    /** Text read bottom to top, its baseline's start at (x + ascent, bottomY): the left edge of the glyphs is x. */
    private static void vertical(Graphics2D g, String text, java.awt.Font font, int x, int bottomY) {
        AffineTransform saved = g.getTransform();
        int ascent = Draw.metrics(font).getAscent();
        g.rotate(-Math.PI / 2, x + ascent, bottomY);
        g.setFont(font);
        g.setColor(Draw.INK);
        g.drawString(text, x + ascent, bottomY);
        g.setTransform(saved);
    }

    // ------------------------------------------------------------ the examples

    /** The first {@code options.maxExamples()} misses as a grid (pixels as stored), captioned "true" and "predicted (probability)". */
    public static BufferedImage renderMisclassified(Dataset data, List<Miss> misses, Options options) {
        Shape item = data.itemShape();
        int shown = Math.min(misses.size(), options.maxExamples());
        String title = misses.isEmpty() ? "Misclassified: none"
                : "Misclassified: " + (shown < misses.size() ? shown + " of " + misses.size() : String.valueOf(misses.size()))
                        + (shown > 1 ? ", most confident first" : "");
        if (shown == 0) return TileGrid.render(title, List.of());
        int h = item.rank() >= 2 ? item.dim(-2) : 1, w = item.rank() >= 2 ? item.dim(-1) : item.size();
        int c = item.rank() == 3 ? item.dim(0) : 1;
        float[] buf = new float[item.size()];
        List<TileGrid.Tile> tiles = new ArrayList<>();
        int widest = 0;
        for (int i = 0; i < shown; i++) {
            Miss m = misses.get(i);
            data.copyImage(m.item(), buf, 0);
            String caption = "true " + data.classNames().get(m.trueLabel()) + "\npred " + data.classNames().get(m.predicted())
                    + String.format(Locale.ROOT, " %.0f%%", 100 * m.confidence());
            for (String s : caption.split("\n")) widest = Math.max(widest, Draw.textWidth(s, Draw.SMALL));
            tiles.add(new TileGrid.Tile(Draw.item(buf, 0, c, h, w), caption));
        }
        // Tiles grow (in whole pixels per value) until the captions fit under them, up to twice the asked size.
        int target = Math.max(options.tileSize(), Math.min(2 * options.tileSize(), widest));
        int[] size = FeatureMaps.tileSize(h, w, target);
        if (size[1] < widest && Math.max(h, w) <= target) {
            int scale = Math.ceilDiv(widest, w);
            if (w * scale <= 2 * options.tileSize()) size = new int[] {h * scale, w * scale};
        }
        return TileGrid.render(title, "each item is drawn from its own smallest (black) to largest (white) value",
                List.of(new TileGrid.Section(null, tiles, Math.min(shown, EXAMPLE_COLUMNS), size[1], size[0], List.of())));
    }
}

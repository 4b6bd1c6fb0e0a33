package splot.viz;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import splot.image.Image;
import splot.nn.Model;
import splot.tensor.GradMode;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * A saliency map (Simonyan et al., 2014): how much each input pixel moves a class score. It is the
 * gradient of the class's output (the top one unless asked) with respect to the input image, as absolute
 * values, the largest over the colour channels. Pixels the score does not depend on get exactly 0.
 *
 * <p>The picture shows the input, the map as a heat map (black: no effect, pale yellow: the largest), and
 * the map laid over the input, with a colour bar in gradient units.
 *
 * <pre>{@code
 * Saliency.write(Path.of("saliency.png"), model, image, Saliency.Options.DEFAULT.withClassNames(data.classNames()));
 * }</pre>
 */
public final class Saliency {
    /**
     * @param targetClass the output whose gradient is taken; null for the largest output (the prediction)
     * @param panelSize   about how many pixels each of the three panels is wide
     * @param classNames  names for the outputs, for the title; null or empty to show the index
     */
    public record Options(Integer targetClass, int panelSize, List<String> classNames) {
        public static final Options DEFAULT = new Options(null, 224, List.of());

        public Options {
            if (panelSize <= 0) throw new IllegalArgumentException("Panel size must be positive, got " + panelSize);
            classNames = classNames == null ? List.of() : List.copyOf(classNames);
        }

        public Options withTarget(Integer c) {
            return new Options(c, panelSize, classNames);
        }

        public Options withClassNames(List<String> names) {
            return new Options(targetClass, panelSize, names);
        }
    }

    /** The map: |d score / d pixel| max over channels, row-major h x w; which output was used and its value. */
    public record Result(int height, int width, float[] values, int targetClass, float score) {
        public float get(int y, int x) {
            return values[y * width + x];
        }

        public float max() {
            return Draw.range(values, 0, values.length)[1];
        }
    }

    private Saliency() {
    }

    /**
     * The saliency map of one input item (C, H, W), (H, W) or a batch of one. The model runs in evaluation
     * mode; its parameters get no gradient (their accumulated gradients are left as they were).
     */
    public static Result compute(Model model, Tensor input, Integer targetClass) {
        if (!GradMode.isEnabled()) throw new IllegalStateException("Saliency needs gradients: call it outside GradMode.off()");
        Tensor batch = FeatureMaps.batchOfOne(model, input);
        Shape item = batch.shape().withoutBatch();
        if (item.rank() < 2 || item.rank() > 3) throw new IllegalArgumentException("Saliency needs image items (C, H, W) or (H, W), got " + item);
        Tensor x = Tensor.of(batch.data().clone(), batch.shape()).requiresGrad(true);
        boolean wasTraining = model.isTraining();
        // The weights need no gradient here; switching theirs off also leaves any accumulated one untouched.
        List<Tensor> frozen = new ArrayList<>();
        for (Tensor p : model.parameters()) {
            if (p.requiresGrad()) {
                p.requiresGrad(false);
                frozen.add(p);
            }
        }
        model.eval();
        try {
            Tensor out = model.call(x);
            int k = out.size();
            int target = targetClass != null ? targetClass : argmax(out.data());
            if (target < 0 || target >= k) throw new IllegalArgumentException("Class " + target + " is not an output of the model; it has " + k);
            float[] oneHot = new float[k];
            oneHot[target] = 1f;
            // Multiplying by a constant one-hot mask and summing keeps only the chosen score, with gradient 1.
            out.mul(Tensor.of(oneHot, out.shape())).sum().backward();
            return new Result(item.dim(-2), item.dim(-1), maxAbsOverChannels(x.grad(), item), target, out.data()[target]);
        } finally {
            for (Tensor p : frozen) p.requiresGrad(true);
            if (wasTraining) model.train();
        }
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    private static float[] maxAbsOverChannels(Tensor grad, Shape item) {
        int h = item.dim(-2), w = item.dim(-1), c = item.rank() == 3 ? item.dim(0) : 1;
        float[] out = new float[h * w];
        if (grad == null) return out;       // the output does not depend on the input at all
        float[] g = grad.data();
        for (int k = 0; k < c; k++) for (int i = 0; i < h * w; i++) out[i] = Math.max(out[i], Math.abs(g[k * h * w + i]));
        return out;
    }

    /** Input, heat map and overlay side by side, with a title naming the class and its score. */
    public static BufferedImage render(Model model, Tensor input, Options options) {
        return render(FeatureMaps.batchOfOne(model, input), compute(model, input, options.targetClass()), options);
    }

    /** The picture of a map already computed for {@code input} (the item or a batch of one). */
    public static BufferedImage render(Tensor input, Result map, Options options) {
        int h = map.height(), w = map.width(), c = input.size() / (h * w);
        if (c * h * w != input.size()) {
            throw new IllegalArgumentException("Input of shape " + input.shape() + " does not match a " + h + "x" + w + " saliency map");
        }
        BufferedImage picture = Draw.item(input.data(), 0, c, h, w);
        BufferedImage heat = heat(map);
        BufferedImage overlay = overlay(picture, map);
        int[] size = FeatureMaps.tileSize(h, w, options.panelSize());
        String name = map.targetClass() < options.classNames().size() ? "'" + options.classNames().get(map.targetClass()) + "'"
                : String.valueOf(map.targetClass());
        String title = "Saliency for class " + name + String.format(Locale.ROOT, " (score %s)", Draw.number(map.score()));
        List<TileGrid.Tile> tiles = List.of(new TileGrid.Tile(picture, "input"),
                new TileGrid.Tile(heat, "|∂score/∂pixel|, max over channels"), new TileGrid.Tile(overlay, "overlay"));
        int tileW = Math.max(size[1], 120), tileH = size[0] * tileW / Math.max(1, size[1]);
        BufferedImage panels = TileGrid.render(title, "gradient of the class score with respect to each input pixel",
                List.of(new TileGrid.Section(null, tiles, 3, tileW, tileH, List.of())));
        return withColourBar(panels, map.max(), tileW);
    }

    /** {@link #render(Model, Tensor, Options)} written as a PNG, atomically. */
    public static void write(Path file, Model model, Tensor input, Options options) throws IOException {
        Image.writePng(render(model, input, options), file);
    }

    /** The map in {@link ColorMap#INFERNO}, scaled from 0 to its largest value. */
    static BufferedImage heat(Result map) {
        float max = map.max();
        BufferedImage out = new BufferedImage(map.width(), map.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < map.height(); y++) {
            for (int x = 0; x < map.width(); x++) out.setRGB(x, y, ColorMap.INFERNO.rgb(max > 0 ? map.get(y, x) / max : 0));
        }
        return out;
    }

    /** The input in gray with the heat colour laid over it, more opaque where the map is stronger. */
    static BufferedImage overlay(BufferedImage picture, Result map) {
        float max = map.max();
        BufferedImage out = new BufferedImage(map.width(), map.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < map.height(); y++) {
            for (int x = 0; x < map.width(); x++) {
                int p = picture.getRGB(x, y);
                double gray = 0.299 * (p >> 16 & 255) + 0.587 * (p >> 8 & 255) + 0.114 * (p & 255);
                double s = max > 0 ? map.get(y, x) / max : 0, a = 0.85 * Math.sqrt(s);
                int h = ColorMap.INFERNO.rgb(s);
                int r = (int) Math.round((1 - a) * gray + a * (h >> 16 & 255));
                int g = (int) Math.round((1 - a) * gray + a * (h >> 8 & 255));
                int b = (int) Math.round((1 - a) * gray + a * (h & 255));
                out.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return out;
    }

    static final int BAR_HEIGHT = 12;

    /** A horizontal colour bar under the middle panel: 0 on the left, the map's largest value on the right. */
    private static BufferedImage withColourBar(BufferedImage panels, float max, int tileW) {
        int line = Draw.lineHeight(Draw.SMALL);
        BufferedImage out = Draw.canvas(panels.getWidth(), panels.getHeight() + BAR_HEIGHT + line + 4);
        Graphics2D g = Draw.graphics(out);
        try {
            g.drawImage(panels, 0, 0, null);
            int x0 = Draw.MARGIN + tileW + TileGrid.GAP, y0 = panels.getHeight() - Draw.MARGIN + 4;
            for (int i = 0; i < tileW; i++) {
                g.setColor(ColorMap.INFERNO.color((double) i / Math.max(1, tileW - 1)));
                g.fillRect(x0 + i, y0, 1, BAR_HEIGHT);
            }
            g.setColor(Draw.FRAME);
            g.drawRect(x0, y0, tileW, BAR_HEIGHT);
            Draw.text(g, "0", Draw.SMALL, Draw.MUTED, x0, y0 + BAR_HEIGHT + 2);
            String hi = Draw.number(max);
            Draw.text(g, hi, Draw.SMALL, Draw.MUTED, x0 + tileW - Draw.textWidth(hi, Draw.SMALL), y0 + BAR_HEIGHT + 2);
        } finally {
            g.dispose();
        }
        return out;
    }
}

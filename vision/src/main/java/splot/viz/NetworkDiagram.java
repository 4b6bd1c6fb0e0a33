package splot.viz;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import splot.image.Image;
import splot.io.AtomicFiles;
import splot.nn.GraphModel;
import splot.nn.Layer;
import splot.nn.Model;
import splot.nn.Node;
import splot.nn.Parameter;
import splot.tensor.Shape;

/**
 * A drawing of a model's structure, top to bottom: the input, then a box per layer with its name, type,
 * output shape and parameter count, coloured by kind (convolution, pooling, dense, ...; a legend names the
 * colours), and arrows for the data flow. A {@link GraphModel} is drawn as its graph: a layer sits one row
 * below the lowest of its inputs, side branches (inception) side by side, and connections that skip rows
 * (residual additions) run straight down beside the boxes they pass. The same drawing is written as SVG (vector, for
 * documents) or PNG.
 *
 * <pre>{@code
 * NetworkDiagram.write(Path.of("lenet.svg"), model, NetworkDiagram.Options.DEFAULT);   // or .png
 * }</pre>
 */
public final class NetworkDiagram {
    /** @param title across the top; null for "Network: " and the model's name */
    public record Options(String title) {
        public static final Options DEFAULT = new Options(null);
    }

    /** The families of layers, each with its fill and outline colours (0xRRGGBB). */
    enum Kind {
        INPUT("input", 0xFFFFFF, 0x20202A),
        CONVOLUTION("convolution", 0xDCEBFA, 0x3F72AF),
        POOLING("pooling", 0xE0F2DF, 0x4C9A55),
        DENSE("dense", 0xFCE6D2, 0xC8762A),
        ACTIVATION("activation", 0xF1F1F4, 0x8A8A99),
        NORMALISATION("normalisation", 0xEEE2F6, 0x8E5BA8),
        DROPOUT("dropout", 0xFAFAFA, 0x9A9AA6),
        RESHAPE("reshape", 0xF6F1DA, 0xA8963E),
        MERGE("merge", 0xFFF3C4, 0xC49A16),
        OTHER("other", 0xEDEDED, 0x707070);

        final String label;
        final int fill, stroke;

        Kind(String label, int fill, int stroke) {
            this.label = label;
            this.fill = fill;
            this.stroke = stroke;
        }

        static Kind of(Layer layer) {
            if (layer instanceof Model) return OTHER;
            String type = layer.getClass().getSimpleName();
            if (type.startsWith("Conv")) return CONVOLUTION;
            if (type.contains("Pool")) return POOLING;
            if (type.equals("Linear")) return DENSE;
            if (type.startsWith("BatchNorm") || type.contains("Norm")) return NORMALISATION;
            if (type.equals("Dropout")) return DROPOUT;
            if (type.equals("Flatten") || type.contains("Pad") || type.equals("Reshape")) return RESHAPE;
            if (type.equals("Add") || type.equals("Concat") || type.equals("Multiply")) return MERGE;
            if (type.contains("ReLU") || type.equals("Tanh") || type.equals("Sigmoid") || type.equals("Softmax") || type.equals("GELU")) {
                return ACTIVATION;
            }
            return OTHER;
        }
    }

    /** One box: a layer application (or the input), where it sits, and its two lines of text. */
    record Box(int id, Kind kind, String name, String details, int row, List<Integer> inputs) {
    }

    static final int BOX_PAD = 12, ROW_GAP = 30, COLUMN_GAP = 24, NAME_SIZE = 13, DETAIL_SIZE = 11, ARROW = 6;
    static final int EDGE = 0x6A6A78;

    private NetworkDiagram() {
    }

    /** The diagram as an SVG document. */
    public static String svg(Model model, Options options) {
        return scene(model, options).toSvg();
    }

    /** The diagram as a picture. */
    public static BufferedImage render(Model model, Options options) {
        return scene(model, options).toImage();
    }

    /** Writes SVG when the file name ends in {@code .svg} (any case), PNG otherwise; atomically. */
    public static void write(Path file, Model model, Options options) throws IOException {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg")) {
            AtomicFiles.write(file, svg(model, options).getBytes(StandardCharsets.UTF_8));
        } else {
            Image.writePng(render(model, options), file);
        }
    }

    /** The boxes of a model in drawing order: the input first, every box after its inputs. */
    static List<Box> boxes(Model model) {
        List<Box> boxes = new ArrayList<>();
        Shape inShape = LayerOutputs.inputShape(model);
        boxes.add(new Box(0, Kind.INPUT, "input", "Input · " + Draw.shape(inShape), 0, List.of()));
        if (model instanceof GraphModel g) {
            Map<Node, Integer> ids = new IdentityHashMap<>();
            ids.put(g.input(), 0);
            Map<Layer, Integer> uses = new IdentityHashMap<>();
            for (Node n : g.nodes()) {
                List<Integer> ins = n.inputs().stream().map(ids::get).toList();
                int row = 0;
                for (int i : ins) row = Math.max(row, boxes.get(i).row() + 1);
                int use = uses.merge(n.layer(), 1, Integer::sum);
                String name = use == 1 ? n.layer().name() : n.layer().name() + " (again)";
                // A layer applied twice shares its weights: count them on the first box only.
                boxes.add(new Box(boxes.size(), Kind.of(n.layer()), name, details(n.layer(), n.shape(), use == 1), row, ins));
                ids.put(n, boxes.size() - 1);
            }
        } else {
            for (Layer l : model.layers()) {
                int prev = boxes.size() - 1;
                boxes.add(new Box(boxes.size(), Kind.of(l), l.name(), details(l, l.outputShape(), true), prev + 1, List.of(prev)));
            }
        }
        return boxes;
    }

    /** {@code Conv2d · 8×26×26 · 80 params}: type, output shape, parameters (left out when none). */
    static String details(Layer layer, Shape out, boolean countParams) {
        String s = layer.getClass().getSimpleName() + " · " + (out == null ? "?" : Draw.shape(out));
        long params = countParams ? layer.countParams() : 0;
        if (params > 0) s += " · " + Draw.count(params) + (params == 1 ? " param" : " params");
        if (!countParams && layer.countParams() > 0) s += " · shared weights";
        return s;
    }

    /**
     * Where boxes go: rows from {@link Box#row()}; a connection that skips rows gets a waypoint in each
     * row it passes, which takes a narrow place there so that no box sits on the line. Row by row, top
     * down, each box or waypoint wants to be centred under its inputs; they are kept in that order, pushed
     * apart to not overlap, and the row is shifted so that its boxes are, on average, where they want to be.
     */
    static final class Layout {
        final double[] centre;          // per slot: boxes first (by id), then waypoints
        final int[] row;
        final List<int[]> chains;       // per connection: the slots it passes, source first
        final double left, right;

        Layout(double[] centre, int[] row, List<int[]> chains, double left, double right) {
            this.centre = centre;
            this.row = row;
            this.chains = chains;
            this.left = left;
            this.right = right;
        }
    }

    static final double WAYPOINT = 8;

    static Layout layout(List<Box> boxes, double boxW) {
        List<Integer> rowOf = new ArrayList<>();
        List<List<Integer>> parents = new ArrayList<>();
        for (Box b : boxes) {
            rowOf.add(b.row());
            parents.add(new ArrayList<>());
        }
        List<int[]> chains = new ArrayList<>();
        for (Box b : boxes) {
            for (int from : b.inputs()) {
                List<Integer> chain = new ArrayList<>(List.of(from));
                for (int r = boxes.get(from).row() + 1; r < b.row(); r++) {
                    rowOf.add(r);
                    List<Integer> p = new ArrayList<>(List.of(chain.get(chain.size() - 1)));
                    parents.add(p);
                    chain.add(rowOf.size() - 1);
                }
                parents.get(b.id()).add(chain.get(chain.size() - 1));
                chain.add(b.id());
                chains.add(chain.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        int slots = rowOf.size(), rows = boxes.stream().mapToInt(Box::row).max().orElse(0) + 1;
        double[] centre = new double[slots];
        double[] width = new double[slots];
        for (int i = 0; i < slots; i++) width[i] = i < boxes.size() ? boxW : WAYPOINT;
        List<List<Integer>> byRow = new ArrayList<>();
        for (int r = 0; r < rows; r++) byRow.add(new ArrayList<>());
        for (int i = 0; i < slots; i++) byRow.get(rowOf.get(i)).add(i);
        double left = Double.POSITIVE_INFINITY, right = Double.NEGATIVE_INFINITY;
        double[] want = new double[slots];
        for (List<Integer> row : byRow) {
            for (int i : row) want[i] = parents.get(i).stream().mapToDouble(p -> centre[p]).average().orElse(0);
            row.sort(Comparator.comparingDouble((Integer i) -> want[i]).thenComparingInt(i -> i));
            double shift = 0;
            int real = 0;
            for (int k = 0; k < row.size(); k++) {
                int i = row.get(k);
                centre[i] = k == 0 ? want[i] : Math.max(want[i], centre[row.get(k - 1)] + (width[row.get(k - 1)] + width[i]) / 2 + COLUMN_GAP);
                if (i < boxes.size()) {
                    shift += want[i] - centre[i];
                    real++;
                }
            }
            if (real > 0) shift /= real;
            for (int i : row) {
                centre[i] += shift;
                left = Math.min(left, centre[i] - width[i] / 2);
                right = Math.max(right, centre[i] + width[i] / 2);
            }
        }
        int[] rowArray = rowOf.stream().mapToInt(Integer::intValue).toArray();
        return new Layout(centre, rowArray, chains, left, right);
    }

    /**
     * The arrows: each connection runs from the bottom of its source to the top of its target, straight
     * down through the rows it skips (where its waypoints hold a place) and curving between rows.
     */
    private static void connections(Scene scene, Layout layout, double[] x, int top, int boxH) {
        for (int[] chain : layout.chains) {
            List<Double> pts = new ArrayList<>();
            int first = chain[0], last = chain[chain.length - 1];
            double px = x[first], py = top + layout.row[first] * (boxH + ROW_GAP) + boxH;
            pts.add(px);
            pts.add(py);
            for (int k = 1; k < chain.length; k++) {
                int slot = chain[k];
                double rowTop = top + layout.row[slot] * (boxH + ROW_GAP), nx = x[slot], ny = k == chain.length - 1 ? rowTop - ARROW : rowTop;
                double bend = (ny - py) / 2;
                for (double v : new double[] {px, py + bend, nx, ny - bend, nx, ny}) pts.add(v);
                px = nx;
                py = ny;
                if (k < chain.length - 1) {                      // a waypoint: straight through its row
                    for (double v : new double[] {px, py, px, py + boxH, px, py + boxH}) pts.add(v);
                    py += boxH;
                }
            }
            scene.add(new Scene.Curve(pts.stream().mapToDouble(Double::doubleValue).toArray(), EDGE, 1.4));
            scene.add(new Scene.Polygon(new double[] {x[last] - ARROW / 1.5, py, x[last] + ARROW / 1.5, py, x[last], py + ARROW}, EDGE));
        }
    }

    static Scene scene(Model model, Options options) {
        List<Box> boxes = boxes(model);
        String title = options.title() != null ? options.title() : "Network: " + model.name();
        long total = model.countParams(), trainable = model.weights().stream().filter(Parameter::trainable).mapToLong(Parameter::size).sum();
        String totals = "Total params: " + Draw.count(total) + " · trainable: " + Draw.count(trainable) + " · non-trainable: "
                + Draw.count(total - trainable);

        int boxW = 0;
        for (Box b : boxes) {
            boxW = Math.max(boxW, Draw.textWidth(b.name(), Scene.font(NAME_SIZE, true)));
            boxW = Math.max(boxW, Draw.textWidth(b.details(), Scene.font(DETAIL_SIZE, false)));
        }
        boxW += 2 * BOX_PAD;
        int nameLine = Draw.lineHeight(Scene.font(NAME_SIZE, true)), detailLine = Draw.lineHeight(Scene.font(DETAIL_SIZE, false));
        int boxH = 8 + nameLine + 2 + detailLine + 8;

        Layout layout = layout(boxes, boxW);
        int titleH = Draw.lineHeight(Draw.TITLE) + 4, totalsH = Draw.lineHeight(Draw.LABEL) + 12;
        int top = Draw.MARGIN + titleH + totalsH;
        double shift = Draw.MARGIN - layout.left;
        double[] x = new double[layout.centre.length];
        for (int i = 0; i < x.length; i++) x[i] = layout.centre[i] + shift;
        int rows = boxes.stream().mapToInt(Box::row).max().orElse(0) + 1;

        int gridRight = (int) Math.ceil(layout.right + shift);

        // The legend names the kinds that appear, in the order of the Kind enum.
        Set<Kind> kinds = new LinkedHashSet<>();
        for (Kind k : Kind.values()) for (Box b : boxes) if (b.kind() == k) kinds.add(k);
        int legendTop = top + rows * (boxH + ROW_GAP);
        int legendW = 0;
        for (Kind k : kinds) legendW += 14 + 4 + Draw.textWidth(k.label, Scene.font(DETAIL_SIZE, false)) + 14;
        int width = gridRight + Draw.MARGIN;
        width = Math.max(width, 2 * Draw.MARGIN + Math.max(legendW, Math.max(Draw.textWidth(title, Draw.TITLE), Draw.textWidth(totals, Draw.LABEL))));
        int height = legendTop + detailLine + Draw.MARGIN;

        Scene scene = new Scene(width, height, title);
        scene.add(new Scene.Label(Draw.MARGIN, Draw.MARGIN + Draw.metrics(Draw.TITLE).getAscent(), title, Draw.TITLE.getSize(), true, Draw.INK.getRGB(), "start"));
        scene.add(new Scene.Label(Draw.MARGIN, Draw.MARGIN + titleH + Draw.metrics(Draw.LABEL).getAscent(), totals, Draw.LABEL.getSize(), false,
                Draw.MUTED.getRGB(), "start"));
        connections(scene, layout, x, top, boxH);
        int nameAscent = Draw.metrics(Scene.font(NAME_SIZE, true)).getAscent(), detailAscent = Draw.metrics(Scene.font(DETAIL_SIZE, false)).getAscent();
        for (Box b : boxes) {
            double bx = x[b.id()] - boxW / 2.0, by = top + b.row() * (boxH + ROW_GAP);
            scene.add(new Scene.Box(bx, by, boxW, boxH, 6, b.kind().fill, b.kind().stroke, b.kind() == Kind.DROPOUT));
            scene.add(new Scene.Label(bx + boxW / 2.0, by + 8 + nameAscent, b.name(), NAME_SIZE, true, Draw.INK.getRGB(), "middle"));
            scene.add(new Scene.Label(bx + boxW / 2.0, by + 8 + nameLine + 2 + detailAscent, b.details(), DETAIL_SIZE, false, Draw.MUTED.getRGB(), "middle"));
        }
        double lx = Draw.MARGIN;
        for (Kind k : kinds) {
            scene.add(new Scene.Box(lx, legendTop + 1, 14, 12, 3, k.fill, k.stroke, k == Kind.DROPOUT));
            scene.add(new Scene.Label(lx + 18, legendTop + detailAscent, k.label, DETAIL_SIZE, false, Draw.MUTED.getRGB(), "start"));
            lx += 14 + 4 + Draw.textWidth(k.label, Scene.font(DETAIL_SIZE, false)) + 14;
        }
        return scene;
    }
}

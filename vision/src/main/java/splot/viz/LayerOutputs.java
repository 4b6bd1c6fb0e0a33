package splot.viz;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import splot.nn.GraphModel;
import splot.nn.Layer;
import splot.nn.Model;
import splot.nn.Node;
import splot.nn.Sequential;
import splot.tensor.GradMode;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * Runs a model one layer at a time and keeps what every layer produced: the data behind the feature-map
 * and top-patch pictures (and a web page that shows every layer react to a drawn digit).
 *
 * <p>A {@link Sequential} gives one output per layer; a {@link GraphModel} one per layer application
 * (a layer used twice appears twice, the second time named {@code name#2}); any other model one output
 * for the whole model. Runs in evaluation mode without the tape, and puts the model's mode back.
 *
 * <pre>{@code
 * for (LayerOutputs.Output o : LayerOutputs.run(model, batch))
 *     System.out.println(o.name() + " " + o.value().shape());
 * }</pre>
 */
public final class LayerOutputs {
    /** What layer {@code layer} produced, under the display name {@code name}; {@code value} has the batch dimension. */
    public record Output(String name, Layer layer, Tensor value) {
        /** {@code conv2d (Conv2d) 8x26x26}: name, type and item shape. */
        public String label() {
            return name + " (" + layer.getClass().getSimpleName() + ") " + Draw.shape(value.shape().withoutBatch());
        }
    }

    private LayerOutputs() {
    }

    /** Every layer's output for the batch {@code x} (N, ...input item shape). */
    public static List<Output> run(Model model, Tensor x) {
        return run(model, x, null);
    }

    /** As {@link #run(Model, Tensor)}, stopping after the first application of {@code last} (null: run all). */
    public static List<Output> run(Model model, Tensor x, Layer last) {
        boolean wasTraining = model.isTraining();
        model.eval();
        try (var ignored = GradMode.off()) {
            return switch (model) {
                case Sequential s -> runSequential(s, x, last);
                case GraphModel g -> runGraph(g, x, last);
                default -> List.of(new Output(model.name(), model, model.call(x)));
            };
        } finally {
            if (wasTraining) model.train();
        }
    }

    private static List<Output> runSequential(Sequential model, Tensor x, Layer last) {
        List<Output> out = new ArrayList<>();
        for (Layer l : model.layers()) {
            x = l.call(x);
            out.add(new Output(l.name(), l, x));
            if (l == last) break;
        }
        return out;
    }

    private static List<Output> runGraph(GraphModel model, Tensor x, Layer last) {
        List<Output> out = new ArrayList<>();
        Map<Node, Tensor> values = new IdentityHashMap<>();
        Map<Layer, Integer> uses = new IdentityHashMap<>();
        values.put(model.input(), x);
        for (Node n : model.nodes()) {
            List<Tensor> args = n.inputs().stream().map(values::get).toList();
            Tensor y = n.layer().call(args);
            values.put(n, y);
            int use = uses.merge(n.layer(), 1, Integer::sum);
            out.add(new Output(use == 1 ? n.layer().name() : n.layer().name() + "#" + use, n.layer(), y));
            if (n.layer() == last) break;
        }
        return out;
    }

    /** The layer called {@code name} among the model's layers; the error lists the names there are. */
    public static Layer find(Model model, String name) {
        for (Layer l : model.layers()) if (l.name().equals(name)) return l;
        throw new IllegalArgumentException("No layer '" + name + "' in model '" + model.name() + "'; its layers are: " + names(model));
    }

    static String names(Model model) {
        return model.layers().stream().map(Layer::name).collect(Collectors.joining(", "));
    }

    /** The model's input item shape (without the batch dimension). */
    public static Shape inputShape(Model model) {
        if (model instanceof GraphModel g) return g.input().shape();
        Shape s = model.inputShape();
        if (s == null) throw new IllegalStateException("Model '" + model.name() + "' is not built: give it an input shape or call it once");
        return s;
    }

    /** A batch of one item from {@code item} values of the model's input shape (copied). */
    static Tensor batchOfOne(Model model, float[] item) {
        Shape in = inputShape(model);
        if (item.length != in.size()) {
            throw new IllegalArgumentException("Model '" + model.name() + "' takes items of shape " + in + " (" + in.size()
                    + " values), got " + item.length + " values");
        }
        return Tensor.of(item.clone(), in.withBatch(1));
    }
}

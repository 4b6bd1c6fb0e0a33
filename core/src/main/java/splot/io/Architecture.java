package splot.io;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import splot.nn.Config;
import splot.nn.GraphModel;
import splot.nn.Input;
import splot.nn.Layer;
import splot.nn.LayerTypes;
import splot.nn.Model;
import splot.nn.Node;
import splot.nn.Sequential;
import splot.tensor.Shape;

/**
 * A model's architecture as plain JSON values ({@code model.json}): the model type, its input shape,
 * every layer's type, name and constructor arguments, and for a graph model the wiring of its nodes.
 * Rebuilding gives an equal, freshly initialised model; weights are stored separately.
 */
public final class Architecture {
    private Architecture() {
    }

    public static Map<String, Object> describe(Model model) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", model.getClass().getSimpleName());
        m.put("name", model.name());
        m.put("input", model.inputShape().dims());
        List<Object> layers = new ArrayList<>();
        for (Layer l : model.layers()) layers.add(layer(l));
        m.put("layers", layers);
        if (model instanceof GraphModel g) {
            Map<Node, Integer> index = new IdentityHashMap<>();
            List<Object> nodes = new ArrayList<>();
            for (Node n : g.nodes()) {
                index.put(n, nodes.size());
                List<Integer> ins = n.inputs().stream().map(in -> in == g.input() ? -1 : index.get(in)).toList();
                nodes.add(Map.of("layer", n.layer().name(), "inputs", ins));
            }
            m.put("nodes", nodes);
            m.put("outputs", g.outputs().stream().map(index::get).toList());
        } else if (!(model instanceof Sequential)) {
            throw new IllegalArgumentException("Cannot describe a model of type " + model.getClass().getName());
        }
        return m;
    }

    private static Map<String, Object> layer(Layer l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", l.getClass().getSimpleName());
        m.put("name", l.name());
        if (l instanceof Model inner) {
            m.put("model", describe(inner));
        } else {
            m.put("config", l.config());
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    public static Model rebuild(Map<String, Object> m) {
        String type = (String) m.get("type");
        Shape input = Shape.of(new Config(type, m).getIntArray("input"));
        Map<String, Layer> byName = new LinkedHashMap<>();
        for (Object o : (List<Object>) m.get("layers")) {
            Layer l = layer((Map<String, Object>) o);
            byName.put(l.name(), l);
        }
        Model model = switch (type) {
            case "Sequential" -> Sequential.of(input, byName.values().toArray(Layer[]::new));
            case "GraphModel" -> graph(m, input, byName);
            default -> throw new IllegalArgumentException("Unknown model type '" + type + "'; expected Sequential or GraphModel");
        };
        model.named((String) m.get("name"));
        return model;
    }

    @SuppressWarnings("unchecked")
    private static GraphModel graph(Map<String, Object> m, Shape input, Map<String, Layer> byName) {
        Node in = Input.of(input);
        List<Node> nodes = new ArrayList<>();
        for (Object o : (List<Object>) m.get("nodes")) {
            Map<String, Object> n = (Map<String, Object>) o;
            Layer l = byName.get((String) n.get("layer"));
            if (l == null) throw new IllegalArgumentException("Graph node uses unknown layer '" + n.get("layer") + "'");
            Node[] args = ((List<Object>) n.get("inputs")).stream()
                    .map(i -> ((Number) i).intValue() < 0 ? in : nodes.get(((Number) i).intValue())).toArray(Node[]::new);
            nodes.add(l.on(args));
        }
        Node[] outs = ((List<Object>) m.get("outputs")).stream().map(i -> nodes.get(((Number) i).intValue())).toArray(Node[]::new);
        return GraphModel.of(in, outs);
    }

    @SuppressWarnings("unchecked")
    private static Layer layer(Map<String, Object> m) {
        String type = (String) m.get("type");
        Layer l = m.containsKey("model")
                ? rebuild((Map<String, Object>) m.get("model"))
                : LayerTypes.create(new Config(type, (Map<String, Object>) m.getOrDefault("config", Map.of())));
        return l.named((String) m.get("name"));
    }
}

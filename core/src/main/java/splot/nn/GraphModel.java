package splot.nn;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * A model wired as a graph of layers (Keras' functional API): residual additions, inception
 * concatenations, several output heads. Built from the symbolic nodes that {@link Layer#on} returns.
 *
 * <pre>{@code
 * Node in = Input.of(1, 28, 28);
 * Node x = new Conv2d(8, 3, Padding.SAME).on(in);
 * Node y = new ReLU().on(new Add().on(new Conv2d(8, 3, Padding.SAME).on(x), x));
 * GraphModel model = GraphModel.of(in, new Linear(10).on(new Flatten().on(y)));
 * }</pre>
 * {@link #call(Tensor)} returns the first output; {@link #callAll(Tensor)} returns every output.
 */
public final class GraphModel extends Model {
    private final Node input;
    private final List<Node> outputs;
    private final List<Node> order;          // every layer node, each after its inputs
    private final List<Layer> layers;        // distinct layers in first-use order

    private GraphModel(Node input, List<Node> outputs) {
        this.input = input;
        this.outputs = List.copyOf(outputs);
        this.order = topologicalOrder(outputs);
        Set<Layer> distinct = new LinkedHashSet<>();
        for (Node n : order) distinct.add(n.layer());
        this.layers = List.copyOf(distinct);
        for (Node n : order) {
            for (Node in : n.inputs()) {
                if (in.layer() == null && in != input) {
                    throw new IllegalArgumentException("Layer " + n.layer().name() + " reads an Input that is not the model's input");
                }
            }
        }
        nameLayers();
        buildFor(input.shape());
    }

    /** A model from its input node to one or more output nodes. */
    public static GraphModel of(Node input, Node... outputs) {
        if (outputs.length == 0) throw new IllegalArgumentException("A model needs at least one output node");
        return new GraphModel(input, List.of(outputs));
    }

    private static List<Node> topologicalOrder(List<Node> outputs) {
        List<Node> order = new ArrayList<>();
        Map<Node, Boolean> done = new IdentityHashMap<>();
        for (Node out : outputs) visit(out, done, order);
        return order;
    }

    private static void visit(Node n, Map<Node, Boolean> done, List<Node> order) {
        if (n.layer() == null || done.containsKey(n)) return;
        done.put(n, true);
        for (Node in : n.inputs()) visit(in, done, order);
        order.add(n);
    }

    @Override
    public List<Layer> layers() {
        return layers;
    }

    @Override
    protected Shape build(Shape in) {
        if (!in.equals(input.shape())) {
            throw new IllegalArgumentException(describe() + " expects input " + input.shape() + " but got " + in);
        }
        return outputs.get(0).shape();
    }

    @Override
    protected Tensor forward(Tensor x) {
        return run(x).get(0);
    }

    /** Runs the model and returns every output, in the order given to {@link #of}. */
    public List<Tensor> callAll(Tensor x) {
        prepare(x);
        return run(x);
    }

    private List<Tensor> run(Tensor x) {
        Map<Node, Tensor> values = new IdentityHashMap<>();
        values.put(input, x);
        for (Node n : order) {
            List<Tensor> args = n.inputs().stream().map(values::get).toList();
            values.put(n, n.layer().call(args));
        }
        return outputs.stream().map(values::get).toList();
    }

    /** The input node. */
    public Node input() {
        return input;
    }

    /** The output nodes, in order. */
    public List<Node> outputs() {
        return outputs;
    }

    /** Every layer application, each after its inputs (a layer applied twice appears twice). */
    public List<Node> nodes() {
        return order;
    }

    /** Output shapes of all heads. */
    public List<Shape> outputShapes() {
        return outputs.stream().map(Node::shape).toList();
    }

    /** Names of the layers feeding {@code layer}, for the summary's "Connected to" column. */
    String inputsOf(Layer layer) {
        return order.stream().filter(n -> n.layer() == layer).findFirst()
                .map(n -> n.inputs().stream().map(in -> in.layer() == null ? "input" : in.layer().name())
                        .collect(Collectors.joining(", ")))
                .orElse("");
    }
}

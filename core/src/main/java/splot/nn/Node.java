package splot.nn;

import java.util.List;
import splot.tensor.Shape;

/**
 * A symbolic value in a functional model: the output of {@code layer} applied to {@code inputs},
 * with the item shape it will have. An {@link Input} node has no layer.
 *
 * <pre>{@code
 * Node in = Input.of(3, 32, 32);
 * Node x = new Conv2d(16, 3, Padding.SAME).on(in);
 * Node y = new Add().on(x, in);          // residual connection
 * }</pre>
 */
public record Node(Layer layer, List<Node> inputs, Shape shape) {
    public Node {
        inputs = List.copyOf(inputs);
    }
}

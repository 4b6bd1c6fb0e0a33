package splot.nn;

import java.util.List;
import splot.tensor.Shape;

/** The entry of a functional model: a {@link Node} of a given item shape (no batch dimension). */
public final class Input {
    private Input() {
    }

    public static Node of(int... itemShape) {
        return of(Shape.of(itemShape));
    }

    public static Node of(Shape itemShape) {
        return new Node(null, List.of(), itemShape);
    }
}

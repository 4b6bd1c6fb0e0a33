package splot.ops;

import splot.tensor.Shape;

/**
 * A tensor seen as (outer, n, inner) around one dimension, so that an op over that dimension is
 * three plain loops: element (o, i, j) sits at {@code (o * n + i) * inner + j}.
 */
record Axis(int dim, int outer, int n, int inner) {
    static Axis of(Shape s, int dim, String op) {
        int d = dim < 0 ? dim + s.rank() : dim;
        if (d < 0 || d >= s.rank()) {
            throw new IllegalArgumentException(op + ": dimension " + dim + " is out of range for shape " + s + " (rank " + s.rank() + ")");
        }
        int outer = 1;
        for (int i = 0; i < d; i++) outer *= s.dim(i);
        return new Axis(d, outer, s.dim(d), s.sizeFrom(d + 1));
    }

    /** The shape with this dimension reduced: kept as 1, or dropped. */
    Shape reduced(Shape s, boolean keepDim) {
        int[] dims = s.dims();
        if (keepDim) {
            dims[dim] = 1;
            return Shape.of(dims);
        }
        int[] d = new int[dims.length - 1];
        for (int i = 0, j = 0; i < dims.length; i++) if (i != dim) d[j++] = dims[i];
        return Shape.of(d);
    }
}

package splot.tensor;

import java.util.Arrays;

/**
 * The sizes of a tensor's dimensions, outermost first (NCHW for images). Immutable.
 * A layer's shape leaves the batch dimension out: a 28x28 gray image is {@code Shape.of(1, 28, 28)}.
 */
public final class Shape {
    private final int[] dims;

    private Shape(int[] dims) {
        for (int d : dims) {
            if (d < 0) throw new IllegalArgumentException("Shape dimensions must be >= 0, got " + Arrays.toString(dims));
        }
        this.dims = dims;
    }

    public static Shape of(int... dims) {
        return new Shape(dims.clone());
    }

    /** Number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /** Size of dimension {@code i}; negative {@code i} counts from the end. */
    public int dim(int i) {
        return dims[i < 0 ? dims.length + i : i];
    }

    public int[] dims() {
        return dims.clone();
    }

    /** Number of elements. */
    public int size() {
        long n = 1;
        for (int d : dims) n *= d;
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("Tensor of shape " + this + " has more than 2^31 elements");
        return (int) n;
    }

    /** This shape with {@code n} in front: the batch of {@code n} items of this shape. */
    public Shape withBatch(int n) {
        int[] d = new int[dims.length + 1];
        d[0] = n;
        System.arraycopy(dims, 0, d, 1, dims.length);
        return new Shape(d);
    }

    /** This shape without its first dimension: one item of a batch. */
    public Shape withoutBatch() {
        if (dims.length == 0) throw new IllegalStateException("A scalar has no batch dimension");
        return new Shape(Arrays.copyOfRange(dims, 1, dims.length));
    }

    /** Whether {@code batch} is a batch of items of this shape: this shape with one dimension in front. Allocates nothing. */
    public boolean isItemOf(Shape batch) {
        if (batch.dims.length != dims.length + 1) return false;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] != batch.dims[i + 1]) return false;
        }
        return true;
    }

    /** Number of elements from dimension {@code from} to the end. */
    public int sizeFrom(int from) {
        int n = 1;
        for (int i = from; i < dims.length; i++) n *= dims[i];
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** {@code [1, 6, 28, 28]}, as PyTorch prints a size. */
    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}

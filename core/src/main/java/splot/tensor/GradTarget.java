package splot.tensor;

/**
 * Where a backward pass that sets every element of an input's gradient writes it ({@link Tensor#gradTarget}): the
 * gradient array, of the input's size, and whether to add into it (a gradient from another consumer is already
 * there) or to store (a new array whose contents are undefined).
 */
public record GradTarget(float[] data, boolean add) {
}

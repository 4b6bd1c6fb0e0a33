package splot.data;

import java.util.List;
import java.util.stream.IntStream;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * A data set over tensors already in memory: inputs (N, ...) and labels (N) as class indices,
 * as Keras' {@code fit(x, y)} takes them.
 */
public final class TensorDataset implements Dataset {
    private final float[] inputs;
    private final float[] labels;
    private final Shape item;
    private final List<String> classes;

    public TensorDataset(Tensor inputs, Tensor labels, List<String> classNames) {
        if (labels.rank() != 1 || labels.dim(0) != inputs.dim(0)) {
            throw new IllegalArgumentException("Labels must be (N) with N = " + inputs.dim(0) + " inputs, got labels " + labels.shape());
        }
        this.inputs = inputs.data();
        this.labels = labels.data();
        this.item = inputs.shape().withoutBatch();
        this.classes = List.copyOf(classNames);
        for (int i = 0; i < this.labels.length; i++) {
            float l = this.labels[i];
            if (l != (int) l || l < 0 || l >= classes.size()) {
                throw new IllegalArgumentException("Label " + l + " of item " + i + " is not a class index in [0, " + classes.size() + ")");
            }
        }
    }

    /** Classes named "0", "1", ... up to the largest label. */
    public TensorDataset(Tensor inputs, Tensor labels) {
        this(inputs, labels, IntStream.rangeClosed(0, maxLabel(labels)).mapToObj(Integer::toString).toList());
    }

    private static int maxLabel(Tensor labels) {
        int max = 0;
        for (float l : labels.data()) max = Math.max(max, (int) l);
        return max;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public Shape itemShape() {
        return item;
    }

    @Override
    public List<String> classNames() {
        return classes;
    }

    /** Values are used as they are: tensors are assumed already scaled. */
    @Override
    public Normalization normalization() {
        return Normalization.none();
    }

    @Override
    public void copyImage(int index, float[] out, int offset) {
        int n = item.size();
        System.arraycopy(inputs, index * n, out, offset, n);
    }

    @Override
    public int label(int index) {
        return (int) labels[index];
    }
}

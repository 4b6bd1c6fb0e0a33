package splot.data;

import java.util.List;
import splot.tensor.Shape;

/**
 * Random access to labelled items (images, or any fixed-shape float data). Item {@code i} has shape
 * {@link #itemShape()} (e.g. (1, 28, 28)) and an integer class label in [0, {@link #classNames()}.size()).
 * Implementations copy values into caller buffers so that batching allocates nothing per item.
 */
public interface Dataset {
    int size();

    /** Shape of one item, without the batch dimension. */
    Shape itemShape();

    /** Class names; label {@code k} is {@code classNames().get(k)}. */
    List<String> classNames();

    /** Copies item {@code index} into {@code out} at {@code offset} ({@code itemShape().size()} floats). */
    void copyItem(int index, float[] out, int offset);

    /** The class label of item {@code index}. */
    int label(int index);

    default int numClasses() {
        return classNames().size();
    }

    /** A view of some items of this data set, in the given order (no copying of values). */
    default Dataset subset(int[] indices) {
        return new Subset(this, indices.clone());
    }
}

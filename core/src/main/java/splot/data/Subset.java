package splot.data;

import java.util.List;
import splot.tensor.Shape;

/** The items of another data set at given indices, in that order. A view: pixels stay where they are. */
public final class Subset implements Dataset {
    private final Dataset base;
    private final int[] indices;

    Subset(Dataset base, int[] indices) {
        int n = base.size();
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= n) {
                throw new IndexOutOfBoundsException("Subset index " + indices[i] + " at position " + i
                        + " is outside the data set of " + n + " items");
            }
        }
        this.base = base;
        this.indices = indices.clone();
    }

    /** The data set this is a view of. */
    public Dataset base() {
        return base;
    }

    /** Index in {@link #base()} of item {@code i}. */
    public int baseIndex(int i) {
        return indices[i];
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public Shape itemShape() {
        return base.itemShape();
    }

    @Override
    public List<String> classNames() {
        return base.classNames();
    }

    @Override
    public Normalization normalization() {
        return base.normalization();
    }

    @Override
    public int label(int index) {
        return base.label(indices[index]);
    }

    @Override
    public void copyImage(int index, float[] out, int offset) {
        base.copyImage(indices[index], out, offset);
    }

    @Override
    public void fill(int[] order, int from, int count, float[] images, int[] labels) {
        // Translate the indices in one pass so the base's bulk fill (tight for in-memory data) does the work.
        int[] mapped = new int[count];
        for (int k = 0; k < count; k++) mapped[k] = indices[order[from + k]];
        base.fill(mapped, 0, count, images, labels);
    }

    @Override
    public String toString() {
        return "Subset(" + indices.length + " of " + base + ")";
    }
}

package splot.data;

import java.util.List;
import splot.tensor.Shape;

/** Some items of a data set, by index, without copying them. */
record Subset(Dataset source, int[] indices) implements Dataset {
    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public Shape itemShape() {
        return source.itemShape();
    }

    @Override
    public List<String> classNames() {
        return source.classNames();
    }

    @Override
    public void copyItem(int index, float[] out, int offset) {
        source.copyItem(indices[index], out, offset);
    }

    @Override
    public int label(int index) {
        return source.label(indices[index]);
    }
}

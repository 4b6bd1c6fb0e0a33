package splot.data;

import java.util.ArrayList;
import java.util.List;
import splot.tensor.Shape;

/**
 * A data set held in one array: pixels as bytes 0..255 (a quarter of the memory of floats; Fashion-MNIST's
 * training set is 47 MB this way) converted to floats when a batch is filled, or as floats for data that is
 * not 8-bit. Labels are class indices, checked against the class names when the data set is made.
 */
public final class InMemoryDataset implements Dataset {
    private final byte[] bytePixels;    // exactly one of bytePixels, floatPixels is set
    private final float[] floatPixels;
    private final int[] labels;
    private final Shape itemShape;
    private final int itemSize;
    private final List<String> classNames;
    private final String name;

    private InMemoryDataset(String name, byte[] bytePixels, float[] floatPixels, int[] labels, Shape itemShape,
                            List<String> classNames) {
        if (itemShape.rank() != 3) {
            throw new IllegalArgumentException(name + ": item shape must be (C, H, W), got " + itemShape);
        }
        this.itemSize = itemShape.size();
        int length = bytePixels != null ? bytePixels.length : floatPixels.length;
        if (length != (long) labels.length * itemSize) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels need " + (long) labels.length * itemSize
                    + " pixel values for items of shape " + itemShape + ", got " + length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException(name + ": label " + labels[i] + " of item " + i
                        + " is not a class index 0.." + (classNames.size() - 1));
            }
        }
        this.name = name;
        this.bytePixels = bytePixels;
        this.floatPixels = floatPixels;
        this.labels = labels;
        this.itemShape = itemShape;
        this.classNames = List.copyOf(classNames);
    }

    /** Pixels as unsigned bytes, items back to back in CHW order (the arrays are kept, not copied). */
    public static InMemoryDataset ofBytes(String name, byte[] pixels, int[] labels, Shape itemShape, List<String> classNames) {
        return new InMemoryDataset(name, pixels, null, labels, itemShape, classNames);
    }

    /** Pixels as floats, items back to back in CHW order (the arrays are kept, not copied). */
    public static InMemoryDataset ofFloats(String name, float[] pixels, int[] labels, Shape itemShape, List<String> classNames) {
        return new InMemoryDataset(name, null, pixels, labels, itemShape, classNames);
    }

    /**
     * Reads every item of {@code data} now, e.g. to decode an an image folder once instead of every epoch.
     * Stored as bytes when every value is a whole number in 0..255, else as floats.
     */
    public static InMemoryDataset copyOf(Dataset data) {
        int n = data.size(), itemSize = data.itemShape().size();
        long total = (long) n * itemSize;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(data + ": " + total + " pixel values do not fit in one array");
        }
        int[] labels = new int[n];
        float[] item = new float[itemSize];
        byte[] bytes = new byte[(int) total];
        for (int i = 0; i < n; i++) {
            data.copyImage(i, item, 0);
            labels[i] = data.label(i);
            for (int j = 0; j < itemSize; j++) {
                float v = item[j];
                if (v != (int) v || v < 0 || v > 255) return copyAsFloats(data, labels);
                bytes[i * itemSize + j] = (byte) (int) v;
            }
        }
        return ofBytes(data.toString(), bytes, labels, data.itemShape(), data.classNames());
    }

    private static InMemoryDataset copyAsFloats(Dataset data, int[] labels) {
        int n = data.size(), itemSize = data.itemShape().size();
        float[] pixels = new float[n * itemSize];
        for (int i = 0; i < n; i++) {
            data.copyImage(i, pixels, i * itemSize);
            labels[i] = data.label(i);
        }
        return ofFloats(data.toString(), pixels, labels, data.itemShape(), data.classNames());
    }

    /** Class names "0", "1", ... for labels that come without names. */
    public static List<String> numberedClasses(int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) names.add(Integer.toString(i));
        return names;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public Shape itemShape() {
        return itemShape;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public void copyImage(int index, float[] out, int offset) {
        int from = index * itemSize;
        if (bytePixels == null) {
            System.arraycopy(floatPixels, from, out, offset, itemSize);
            return;
        }
        for (int j = 0; j < itemSize; j++) out[offset + j] = bytePixels[from + j] & 0xFF;
    }

    @Override
    public void fill(int[] indices, int from, int count, float[] images, int[] labels) {
        Dataset.checkBatchBuffers(count, itemSize, images, labels);
        for (int k = 0; k < count; k++) {
            int index = indices[from + k];
            copyImage(index, images, k * itemSize);
            labels[k] = this.labels[index];
        }
    }

    @Override
    public String toString() {
        return name + " (" + labels.length + " images of " + itemShape + ", " + classNames.size() + " classes)";
    }
}

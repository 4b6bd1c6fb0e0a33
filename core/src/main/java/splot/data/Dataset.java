package splot.data;

import java.util.List;
import splot.tensor.Shape;

/**
 * Random access to labelled images: item {@code i} is an image of {@link #itemShape()} (C, H, W) and a class
 * index in {@code [0, numClasses())}.
 *
 * <p>Pixels come out in pixel units, 0..255 for 8-bit data, as stored; scaling and centring are the
 * {@link DataLoader}'s job ({@link Normalization}). Implementations must allow {@link #copyImage} from a
 * background thread (the loader's prefetch worker) while the caller uses the data set too.
 *
 * <pre>{@code
 * Dataset train = DatasetResolver.defaults().load("fashion-mnist").train();   // splot-vision
 * train.itemShape();          // [1, 28, 28]
 * train.get(0).label();       // 9 (Ankle boot)
 * }</pre>
 */
public interface Dataset {

    /** Number of items. */
    int size();

    /** Shape of one image, (C, H, W), without the batch dimension. */
    Shape itemShape();

    /** Class names, index = label. */
    List<String> classNames();

    default int numClasses() {
        return classNames().size();
    }

    /**
     * How this data set's raw values become model inputs unless a run says otherwise: x / 255 for
     * pixel data (the default); data that is already scaled returns {@link Normalization#none()}.
     */
    default Normalization normalization() {
        return Normalization.unit();
    }

    /** Class index of item {@code index}. */
    int label(int index);

    /** Writes the pixels of item {@code index} (CHW) into {@code out[offset .. offset + itemShape().size())}. */
    void copyImage(int index, float[] out, int offset);

    /** Item {@code index} as a new array and its label. Allocates; batch code uses {@link #fill} instead. */
    default Item get(int index) {
        float[] image = new float[itemShape().size()];
        copyImage(index, image, 0);
        return new Item(image, label(index));
    }

    /**
     * The bulk form: item {@code indices[from + k]} goes to {@code images[k * itemSize ...]} (NCHW) and
     * {@code labels[k]}, for {@code k < count}. Nothing is allocated.
     */
    default void fill(int[] indices, int from, int count, float[] images, int[] labels) {
        int itemSize = itemShape().size();
        checkBatchBuffers(count, itemSize, images, labels);
        for (int k = 0; k < count; k++) {
            int index = indices[from + k];
            copyImage(index, images, k * itemSize);
            labels[k] = label(index);
        }
    }

    /** Number of items of each class, index = label. */
    default int[] classCounts() {
        int[] counts = new int[numClasses()];
        for (int i = 0; i < size(); i++) counts[label(i)]++;
        return counts;
    }

    /** A view of the items at {@code indices} (in that order); no pixels are copied. */
    default Dataset subset(int[] indices) {
        return new Subset(this, indices);
    }

    /** One image (CHW, pixel units) and its class index. */
    record Item(float[] image, int label) {
    }

    /** Throws unless the buffers hold {@code count} items of {@code itemSize} values. */
    static void checkBatchBuffers(int count, int itemSize, float[] images, int[] labels) {
        if (images.length < (long) count * itemSize || labels.length < count) {
            throw new IllegalArgumentException("Batch buffers too small for " + count + " items of " + itemSize
                    + " values: images has " + images.length + ", labels has " + labels.length);
        }
    }
}

package splot.data;

import splot.tensor.Tensor;

/**
 * One batch from a {@link DataLoader}: {@code images} (N, C, H, W) normalised, {@code labels} (N) class indices
 * as floats (what the cross-entropy loss takes), {@code size} = N (smaller than the batch size only for a kept
 * last batch), and {@code indices}: which data set items these are, in batch order (for showing misclassified
 * examples).
 */
public record Batch(Tensor images, Tensor labels, int size, int[] indices) {
}

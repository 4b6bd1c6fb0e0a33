package splot.peers;

/**
 * One prepared batch on the Java heap: {@code images} is (n, C, H, W) row-major float32,
 * {@code labels} the n class indices in 0..9.
 */
public record HostBatch(int n, float[] images, int[] labels) {}

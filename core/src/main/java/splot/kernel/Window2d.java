package splot.kernel;

/**
 * How a kernelH x kernelW window slides over one (channels, height, width) image: stride, the
 * zero padding before the first row and column (padding after them only shows in the output
 * size), dilation (gap between taps: dilation 2 puts taps two pixels apart), and the output size.
 * Window position (oy, ox), tap (i, j) reads input row {@code oy * strideH - padTop + i * dilationH}
 * and column {@code ox * strideW - padLeft + j * dilationW}. For pooling, {@code channels} counts
 * every plane of the batch (N * C), since each is pooled alike.
 */
public record Window2d(int channels, int height, int width, int kernelH, int kernelW, int strideH, int strideW,
                       int padTop, int padLeft, int dilationH, int dilationW, int outH, int outW) {

    public Window2d {
        if (channels <= 0 || height <= 0 || width <= 0 || kernelH <= 0 || kernelW <= 0 || strideH <= 0 || strideW <= 0
                || padTop < 0 || padLeft < 0 || dilationH <= 0 || dilationW <= 0 || outH <= 0 || outW <= 0) {
            throw new IllegalArgumentException("Invalid sliding window " + this);
        }
    }

    /** Output size along one axis: floor((size + padding - dilation * (kernel - 1) - 1) / stride) + 1; may be <= 0. */
    public static int outSize(int size, int padTotal, int kernel, int stride, int dilation) {
        return Math.floorDiv(size + padTotal - dilation * (kernel - 1) - 1, stride) + 1;
    }

    /** Elements of one input channel. */
    public int inPlane() {
        return height * width;
    }

    /** Elements of one output channel: the number of window positions. */
    public int outPlane() {
        return outH * outW;
    }

    /** Rows of the im2col matrix: one per (channel, tap). */
    public int colRows() {
        return channels * kernelH * kernelW;
    }

    /** First output row whose tap at row offset {@code dy} ({@code oy * strideH + dy}) is inside the image. */
    int firstRow(int dy) {
        return Math.min(outH, Math.max(0, Math.ceilDiv(-dy, strideH)));
    }

    /** One past the last output row whose tap at row offset {@code dy} is inside the image. */
    int endRow(int dy) {
        return Math.max(0, Math.min(outH, Math.floorDiv(height - 1 - dy, strideH) + 1));
    }

    /** First output column whose tap at column offset {@code dx} ({@code ox * strideW + dx}) is inside the image. */
    int firstCol(int dx) {
        return Math.min(outW, Math.max(0, Math.ceilDiv(-dx, strideW)));
    }

    /** One past the last output column whose tap at column offset {@code dx} is inside the image. */
    int endCol(int dx) {
        return Math.max(0, Math.min(outW, Math.floorDiv(width - 1 - dx, strideW) + 1));
    }
}

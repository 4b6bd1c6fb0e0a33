package splot.ops;

/**
 * What a convolution does to its output before storing it: nothing, a ReLU, or a ReLU and then a max pool.
 * {@code conv2d(x, w, b, spec, ConvEpilogue.reluMaxPool(Pool2dSpec.of(2)))} equals
 * {@code maxPool2d(relu(conv2d(x, w, b, spec)), Pool2dSpec.of(2))}, values and gradients, but each block of
 * output is finished while it is still in cache: the full-size convolution output is never written out, and
 * the backward pass needs only the pooled values and the winners' positions.
 *
 * @param relu    whether negative outputs become 0
 * @param maxPool the max pool applied after the ReLU, or null for none (only with {@code relu})
 */
public record ConvEpilogue(boolean relu, Pool2dSpec maxPool) {
    /** The plain convolution: output plus bias. */
    public static final ConvEpilogue NONE = new ConvEpilogue(false, null);
    /** Output plus bias, then max(0, .). */
    public static final ConvEpilogue RELU = new ConvEpilogue(true, null);

    public ConvEpilogue {
        if (maxPool != null && !relu) {
            throw new IllegalArgumentException("A fused max pool follows a ReLU; use maxPool2d after conv2d instead");
        }
    }

    /** ReLU, then max pooling with {@code pool}. */
    public static ConvEpilogue reluMaxPool(Pool2dSpec pool) {
        return new ConvEpilogue(true, java.util.Objects.requireNonNull(pool, "pool"));
    }

    /** The op name the output carries on the tape: conv2d, conv2d_relu or conv2d_relu_max_pool2d. */
    String opName(String conv) {
        return conv + (relu ? "_relu" : "") + (maxPool != null ? "_max_pool2d" : "");
    }
}

package splot.ops;

/**
 * What a convolution does to its output before storing it: nothing; a ReLU, then optionally a per-channel affine map
 * (a batch norm in evaluation mode), then optionally a max pool; or a tanh, then optionally an average pool (LeNet's
 * subsampling).
 * {@code conv2d(x, w, b, spec, ConvEpilogue.reluMaxPool(Pool2dSpec.of(2)))} equals
 * {@code maxPool2d(relu(conv2d(x, w, b, spec)), Pool2dSpec.of(2))}, values and gradients, but each block of
 * output is finished while it is still in cache: the full-size convolution output is never written out, and
 * the backward pass needs only the pooled values and the winners' positions. Likewise
 * {@code ConvEpilogue.tanhAvgPool(Pool2dSpec.of(2))} equals {@code avgPool2d(tanh(conv2d(...)))} (tanh within 1 ulp:
 * its vector loop splits the elements differently); the backward pass keeps the tanh outputs, not the convolution's.
 *
 * @param relu    whether negative outputs become 0
 * @param affine  {@code y * scale[c] + shift[c]} after the ReLU, or null; inference only (no gradient flows through it)
 * @param maxPool the max pool applied last, or null for none (only after a ReLU)
 * @param tanh    whether the output goes through tanh (not with a ReLU or an affine map)
 * @param avgPool the average pool applied after the tanh, or null for none (only after a tanh)
 */
public record ConvEpilogue(boolean relu, Affine affine, Pool2dSpec maxPool, boolean tanh, Pool2dSpec avgPool) {
    /** The plain convolution: output plus bias. */
    public static final ConvEpilogue NONE = new ConvEpilogue(false, null, null);
    /** Output plus bias, then max(0, .). */
    public static final ConvEpilogue RELU = new ConvEpilogue(true, null, null);
    /** Output plus bias, then tanh. */
    public static final ConvEpilogue TANH = new ConvEpilogue(false, null, null, true, null);

    /**
     * A per-channel affine map, such as a batch norm with fixed statistics: {@code scale = gamma / sqrt(var + eps)},
     * {@code shift = beta - mean * scale}, each of length Cout.
     */
    public record Affine(float[] scale, float[] shift) {
        public Affine {
            if (scale.length != shift.length) {
                throw new IllegalArgumentException("affine: " + scale.length + " scales but " + shift.length + " shifts");
            }
        }
    }

    public ConvEpilogue {
        if (maxPool != null && !relu) {
            throw new IllegalArgumentException("A fused max pool follows a ReLU; use maxPool2d after conv2d instead");
        }
        if (avgPool != null && !tanh) {
            throw new IllegalArgumentException("A fused average pool follows a tanh; use avgPool2d after conv2d instead");
        }
        if (tanh && (relu || affine != null)) {
            throw new IllegalArgumentException("A fused tanh takes no ReLU and no affine map; got relu=" + relu + ", affine=" + (affine != null));
        }
    }

    /** The ReLU epilogues: a ReLU or none, an affine map or null, a max pool or null. */
    public ConvEpilogue(boolean relu, Affine affine, Pool2dSpec maxPool) {
        this(relu, affine, maxPool, false, null);
    }

    /** ReLU, then max pooling with {@code pool}. */
    public static ConvEpilogue reluMaxPool(Pool2dSpec pool) {
        return new ConvEpilogue(true, null, java.util.Objects.requireNonNull(pool, "pool"));
    }

    /** Tanh, then average pooling with {@code pool}. */
    public static ConvEpilogue tanhAvgPool(Pool2dSpec pool) {
        return new ConvEpilogue(false, null, null, true, java.util.Objects.requireNonNull(pool, "pool"));
    }

    /** This epilogue with {@code affine} applied after the ReLU and before any pool (inference only). */
    public ConvEpilogue withAffine(Affine affine) {
        return new ConvEpilogue(relu, java.util.Objects.requireNonNull(affine, "affine"), maxPool, tanh, avgPool);
    }

    /** This epilogue followed by a max pool (after a ReLU). */
    public ConvEpilogue withMaxPool(Pool2dSpec pool) {
        return new ConvEpilogue(relu, affine, java.util.Objects.requireNonNull(pool, "pool"), tanh, avgPool);
    }

    /** This epilogue followed by an average pool (after a tanh). */
    public ConvEpilogue withAvgPool(Pool2dSpec pool) {
        return new ConvEpilogue(relu, affine, maxPool, tanh, java.util.Objects.requireNonNull(pool, "pool"));
    }

    /** The op name the output carries on the tape: conv2d, conv2d_relu, conv2d_relu_affine, conv2d_tanh_avg_pool2d... */
    String opName(String conv) {
        return conv + (relu ? "_relu" : "") + (tanh ? "_tanh" : "") + (affine != null ? "_affine" : "")
                + (maxPool != null ? "_max_pool2d" : "") + (avgPool != null ? "_avg_pool2d" : "");
    }
}

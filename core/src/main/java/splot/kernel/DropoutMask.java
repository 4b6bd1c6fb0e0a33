package splot.kernel;

/**
 * Which elements one dropout call keeps, as a function of the element's index: element i is kept, and scaled by
 * {@code scale}, when the top 24 bits of a 32-bit hash of i and the call's key are below {@code keepBelow}; else it
 * is zeroed. A counter-based draw, as PyTorch's Philox is for its CUDA dropout: the mask depends on the key and the
 * index alone, so any split of the elements over threads gives the same mask, and the backward pass recomputes it
 * rather than storing it. The hash is MurmurHash3's 32-bit finaliser twice, the key's halves mixed in before each; the
 * finaliser is a bijection, so within one call no two indices share an input to it.
 */
public record DropoutMask(int key0, int key1, int keepBelow, float scale) {
    /** 2^32 / golden ratio: spreads consecutive indices over the 32 bits before the first mix. */
    static final int GOLDEN = 0x9E37_79B9;
    static final int MIX1 = 0x85EB_CA6B;
    static final int MIX2 = 0xC2B2_AE35;

    /** The mask of one call: a 64-bit key drawn for it, and the dropout rate in [0, 1). */
    public static DropoutMask of(long key, double rate) {
        if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        int keepBelow = (int) Math.round((1 - rate) * (1 << 24));
        float r = (float) rate;
        return new DropoutMask((int) key, (int) (key >>> 32), keepBelow, 1 / (1 - r));
    }

    /** The multiplier of element i: {@code scale} or 0, as the raw bits of a float. */
    int bits(int i) {
        int u = mix(mix(i * GOLDEN + key0) ^ key1) >>> 8;
        // All ones exactly when u < keepBelow (both below 2^24, so the difference cannot overflow): no branch on a
        // coin toss that a branch predictor keeps losing.
        return Float.floatToRawIntBits(scale) & ((u - keepBelow) >> 31);
    }

    static int mix(int h) {
        h ^= h >>> 16;
        h *= MIX1;
        h ^= h >>> 13;
        h *= MIX2;
        return h ^ (h >>> 16);
    }
}

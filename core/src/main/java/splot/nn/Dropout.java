package splot.nn;

import java.util.Map;
import java.util.SplittableRandom;
import splot.kernel.Elementwise;
import splot.kernel.Parallel;
import splot.tensor.Arena;
import splot.tensor.GradTarget;
import splot.tensor.Rng;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * In training, zeroes each element with probability {@code rate} and scales the rest by
 * 1 / (1 - rate) (inverted dropout, as PyTorch and Keras); in evaluation, the identity.
 * Any shape -> the same shape. Random choices follow the global {@link Rng}.
 */
public final class Dropout extends Layer {
    /** Elements per random stream of a mask; fixed, so a seed gives the same mask on any number of threads. */
    private static final int CHUNK = 1 << 14;
    private final float rate;
    private SplittableRandom random;

    public Dropout(double rate) {
        if (rate < 0 || rate >= 1) throw new IllegalArgumentException("Dropout rate must be in [0, 1), got " + rate);
        this.rate = (float) rate;
    }

    @Override
    protected Shape build(Shape input) {
        random = Rng.split();
        return input;
    }

    @Override
    protected Tensor forward(Tensor x) {
        if (!isTraining() || rate == 0) return x;
        float[] in = x.data(), mask = Arena.floats(in.length), out = Arena.floats(in.length);
        fill(in, mask, out);
        return Tensor.fromOp("dropout", out, x.shape(), g -> {
            GradTarget gx = x.gradTarget();
            Elementwise.storeOrAdd(g, mask, gx.data(), g.length, gx.add());
        }, x);
    }

    /**
     * The mask, 1 / (1 - rate) where an element is kept and 0 where dropped, and out = in * mask, in one pass.
     * Each chunk of {@link #CHUNK} elements draws from its own generator, split off this layer's in chunk order,
     * so chunks can be filled on several threads and the mask still depends only on the seed. One 64-bit draw
     * decides four elements: each 16-bit quarter is a uniform number compared with keep * 2^16 (the kept
     * fraction is exact to 1/65536).
     */
    private void fill(float[] in, float[] mask, float[] out) {
        int n = in.length;
        float scale = 1 / (1 - rate);
        long threshold = Math.round((1 - (double) rate) * (1 << 16));
        int chunks = (n + CHUNK - 1) / CHUNK;
        SplittableRandom[] streams = new SplittableRandom[chunks];
        for (int c = 0; c < chunks; c++) streams[c] = random.split();
        Parallel.forRange(0, chunks, (from, to) -> {
            for (int c = from; c < to; c++) fillChunk(streams[c], in, mask, out, c * CHUNK, Math.min(n, (c + 1) * CHUNK), threshold, scale);
        });
    }

    /**
     * No branch per element: which elements survive is a coin toss a branch predictor keeps losing (the loop ran
     * twice as long with {@code keep ? scale : 0}). {@code (u - threshold) >> 63} is all ones exactly when
     * u < threshold, and masks the bits of {@code scale}.
     */
    private static void fillChunk(SplittableRandom r, float[] in, float[] mask, float[] out, int from, int to, long threshold, float scale) {
        int scaleBits = Float.floatToRawIntBits(scale);
        int i = from;
        for (; i + 3 < to; i += 4) {
            long bits = r.nextLong();
            mask[i] = maskValue(bits, threshold, scaleBits);
            mask[i + 1] = maskValue(bits >>> 16, threshold, scaleBits);
            mask[i + 2] = maskValue(bits >>> 32, threshold, scaleBits);
            mask[i + 3] = maskValue(bits >>> 48, threshold, scaleBits);
        }
        if (i < to) {
            for (long bits = r.nextLong(); i < to; i++, bits >>>= 16) mask[i] = maskValue(bits, threshold, scaleBits);
        }
        for (i = from; i < to; i++) out[i] = in[i] * mask[i];
    }

    /** scale if the low 16 bits of {@code bits} are below threshold, else 0. */
    private static float maskValue(long bits, long threshold, int scaleBits) {
        return Float.intBitsToFloat(scaleBits & (int) (((bits & 0xFFFF) - threshold) >> 63));
    }

    public float rate() {
        return rate;
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("rate", rate);
    }
}

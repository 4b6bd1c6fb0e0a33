package splot.nn;

import java.util.Map;
import java.util.SplittableRandom;
import splot.kernel.Elementwise;
import splot.kernel.Parallel;
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
        float[] in = x.data();
        float[] mask = mask(in.length);
        float[] out = new float[in.length];
        Elementwise.mul(in, mask, out, in.length);
        return Tensor.fromOp("dropout", out, x.shape(), g -> Elementwise.addProduct(g, mask, x.gradBuffer(), g.length), x);
    }

    /**
     * 1 / (1 - rate) where an element is kept, 0 where dropped. Each chunk of {@link #CHUNK} elements draws from
     * its own generator, split off this layer's in chunk order, so chunks can be filled on several threads and
     * the mask still depends only on the seed. One 64-bit draw decides two elements: each 32-bit half is a
     * uniform number compared with keep * 2^32.
     */
    private float[] mask(int n) {
        float scale = 1 / (1 - rate);
        long threshold = (long) ((1 - (double) rate) * (1L << 32));
        float[] mask = new float[n];
        int chunks = (n + CHUNK - 1) / CHUNK;
        SplittableRandom[] streams = new SplittableRandom[chunks];
        for (int c = 0; c < chunks; c++) streams[c] = random.split();
        Parallel.forRange(0, chunks, (from, to) -> {
            for (int c = from; c < to; c++) fillMask(streams[c], mask, c * CHUNK, Math.min(n, (c + 1) * CHUNK), threshold, scale);
        });
        return mask;
    }

    private static void fillMask(SplittableRandom r, float[] mask, int from, int to, long threshold, float scale) {
        int i = from;
        for (; i + 1 < to; i += 2) {
            long bits = r.nextLong();
            mask[i] = (bits & 0xFFFF_FFFFL) < threshold ? scale : 0f;
            mask[i + 1] = (bits >>> 32) < threshold ? scale : 0f;
        }
        if (i < to) mask[i] = (r.nextLong() & 0xFFFF_FFFFL) < threshold ? scale : 0f;
    }

    public float rate() {
        return rate;
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("rate", rate);
    }
}

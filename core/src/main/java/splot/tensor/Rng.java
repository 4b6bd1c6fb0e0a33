package splot.tensor;

import java.util.SplittableRandom;

/**
 * The one source of randomness (weight initialisation, dropout, shuffling). {@link #seed(long)}
 * makes a run reproducible: the same seed and the same sequence of calls give the same numbers.
 */
public final class Rng {
    private static SplittableRandom root = new SplittableRandom(0x5EED_5EEDL);

    private Rng() {
    }

    /** Restarts the global sequence, like {@code torch.manual_seed}. */
    public static synchronized void seed(long seed) {
        root = new SplittableRandom(seed);
    }

    /** An independent generator drawn from the global sequence. */
    public static synchronized SplittableRandom split() {
        return root.split();
    }

    /** Fills {@code out} with uniform numbers in [lo, hi). */
    public static void uniform(float[] out, float lo, float hi) {
        SplittableRandom r = split();
        for (int i = 0; i < out.length; i++) out[i] = (float) (lo + (hi - lo) * r.nextDouble());
    }

    /** Fills {@code out} with normal numbers of the given mean and standard deviation. */
    public static void normal(float[] out, float mean, float std) {
        SplittableRandom r = split();
        for (int i = 0; i < out.length; i += 2) {
            // Box-Muller: two normals from two uniforms.
            double u1 = 1.0 - r.nextDouble(), u2 = r.nextDouble();
            double radius = Math.sqrt(-2 * Math.log(u1));
            out[i] = (float) (mean + std * radius * Math.cos(2 * Math.PI * u2));
            if (i + 1 < out.length) out[i + 1] = (float) (mean + std * radius * Math.sin(2 * Math.PI * u2));
        }
    }
}

package splot.testing;

import java.util.SplittableRandom;

/** Test inputs for the kernels: float arrays drawn from a seeded generator, so that a failure repeats. */
public final class RandomFloats {
    private RandomFloats() {
    }

    /** n floats uniform in [-1, 1). */
    public static float[] uniform(int n, SplittableRandom r) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (r.nextDouble() * 2 - 1);
        return a;
    }
}

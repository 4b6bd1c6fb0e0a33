package splot.data;

import java.util.SplittableRandom;

/** Random permutations (Fisher-Yates). */
final class Shuffle {
    private Shuffle() {
    }

    /** 0 .. n-1 in random order. */
    static int[] permutation(int n, SplittableRandom random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}

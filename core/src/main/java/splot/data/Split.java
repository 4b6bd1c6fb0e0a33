package splot.data;

import java.util.SplittableRandom;

/**
 * A data set split in two (training and validation) by a fraction, after a seeded shuffle, as
 * Keras' {@code validation_split} — here the items are shuffled first so the split is not by file order.
 */
public record Split(Dataset train, Dataset validation) {
    /** Puts {@code validationFraction} of the items (rounded) in validation, the rest in training. */
    public static Split of(Dataset data, double validationFraction, long seed) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + validationFraction);
        }
        int n = data.size();
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int nVal = (int) Math.round(n * validationFraction);
        if (nVal == 0 || nVal == n) throw new IllegalArgumentException("A split of " + n + " items by " + validationFraction + " leaves one side empty");
        return new Split(data.subset(java.util.Arrays.copyOfRange(idx, nVal, n)), data.subset(java.util.Arrays.copyOfRange(idx, 0, nVal)));
    }
}

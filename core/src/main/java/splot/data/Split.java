package splot.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A data set cut in two at random: {@code train} and {@code validation} are {@link Subset} views, so no pixels
 * are copied. Not stratified: class proportions follow only on average.
 */
public record Split(Dataset train, Dataset validation) {

    /**
     * Puts {@code round(size * validationFraction)} randomly chosen items into {@code validation} and the rest
     * into {@code train}; the same seed gives the same split. Each part keeps the original item order.
     */
    public static Split of(Dataset data, double validationFraction, long seed) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("Validation fraction must be between 0 and 1 (exclusive), got " + validationFraction);
        }
        int n = data.size();
        int validationSize = (int) Math.round(n * validationFraction);
        if (validationSize == 0 || validationSize == n) {
            throw new IllegalArgumentException("A validation fraction of " + validationFraction + " of " + n
                    + " items leaves " + (validationSize == 0 ? "no validation items" : "no training items"));
        }
        int[] order = Shuffle.permutation(n, new SplittableRandom(seed));
        int[] validation = Arrays.copyOfRange(order, 0, validationSize);
        int[] train = Arrays.copyOfRange(order, validationSize, n);
        Arrays.sort(validation);
        Arrays.sort(train);
        return new Split(data.subset(train), data.subset(validation));
    }
}

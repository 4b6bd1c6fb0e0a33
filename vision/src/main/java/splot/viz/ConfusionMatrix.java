package splot.viz;

import java.util.List;

/**
 * How often items of each true class (row) were predicted as each class (column):
 * {@code counts[t][p]}. The diagonal holds the correct predictions.
 */
public record ConfusionMatrix(List<String> classNames, long[][] counts) {

    public ConfusionMatrix {
        classNames = List.copyOf(classNames);
        int k = classNames.size();
        if (counts.length != k) throw new IllegalArgumentException(k + " classes need " + k + " rows of counts, got " + counts.length);
        long[][] copy = new long[k][];
        for (int t = 0; t < k; t++) {
            if (counts[t].length != k) throw new IllegalArgumentException("Row " + t + " of the counts has " + counts[t].length + " columns, expected " + k);
            copy[t] = counts[t].clone();
        }
        counts = copy;
    }

    /** The matrix of paired true and predicted labels, each a class index in [0, classNames.size()). */
    public static ConfusionMatrix of(int[] trueLabels, int[] predicted, List<String> classNames) {
        if (trueLabels.length != predicted.length) {
            throw new IllegalArgumentException(trueLabels.length + " true labels but " + predicted.length + " predictions");
        }
        int k = classNames.size();
        long[][] counts = new long[k][k];
        for (int i = 0; i < trueLabels.length; i++) {
            int t = trueLabels[i], p = predicted[i];
            if (t < 0 || t >= k || p < 0 || p >= k) {
                throw new IllegalArgumentException("Item " + i + " has true label " + t + " and prediction " + p + "; classes are 0.." + (k - 1));
            }
            counts[t][p]++;
        }
        return new ConfusionMatrix(classNames, counts);
    }

    public int numClasses() {
        return classNames.size();
    }

    public long count(int trueClass, int predictedClass) {
        return counts[trueClass][predictedClass];
    }

    /** Items whose true class is {@code trueClass}. */
    public long rowTotal(int trueClass) {
        long s = 0;
        for (long c : counts[trueClass]) s += c;
        return s;
    }

    public long total() {
        long s = 0;
        for (int t = 0; t < counts.length; t++) s += rowTotal(t);
        return s;
    }

    public long correct() {
        long s = 0;
        for (int t = 0; t < counts.length; t++) s += counts[t][t];
        return s;
    }

    /** Correct / total; NaN for an empty matrix. */
    public double accuracy() {
        long n = total();
        return n == 0 ? Double.NaN : (double) correct() / n;
    }

    /** The counts (a copy). */
    @Override
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int t = 0; t < counts.length; t++) copy[t] = counts[t].clone();
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix m && m.classNames.equals(classNames) && java.util.Arrays.deepEquals(m.counts, counts);
    }

    @Override
    public int hashCode() {
        return 31 * classNames.hashCode() + java.util.Arrays.deepHashCode(counts);
    }

    /** Rows as text: {@code ConfusionMatrix[cat: [5, 1], dog: [0, 4]]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ConfusionMatrix[");
        for (int t = 0; t < counts.length; t++) {
            if (t > 0) sb.append(", ");
            sb.append(classNames.get(t)).append(": ").append(java.util.Arrays.toString(counts[t]));
        }
        return sb.append(']').toString();
    }
}

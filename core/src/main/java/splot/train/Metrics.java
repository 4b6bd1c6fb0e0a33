package splot.train;

/** Classification counts on a batch of logits or probabilities (N, C) against labels (N). */
final class Metrics {
    private Metrics() {
    }

    /** Items whose highest-scoring class is the label. */
    static int correct(float[] scores, float[] labels, int classes) {
        int n = labels.length, correct = 0;
        for (int i = 0; i < n; i++) {
            int best = 0, row = i * classes;
            for (int c = 1; c < classes; c++) if (scores[row + c] > scores[row + best]) best = c;
            if (best == (int) labels[i]) correct++;
        }
        return correct;
    }

    /** Items whose label is among the {@code k} highest-scoring classes. */
    static int correctTopK(float[] scores, float[] labels, int classes, int k) {
        int n = labels.length, correct = 0;
        for (int i = 0; i < n; i++) {
            int row = i * classes;
            float target = scores[row + (int) labels[i]];
            int higher = 0;
            for (int c = 0; c < classes; c++) if (scores[row + c] > target) higher++;
            if (higher < k) correct++;
        }
        return correct;
    }
}

package splot.train;

import java.util.Map;

/**
 * Hooks into a training run, as Keras callbacks: progress display, early stopping, checkpoints,
 * logs, learning-rate schedules. Every method has an empty default; override what you need.
 * Epochs are counted from 0 here; displays add 1.
 */
public interface Callback {
    default void onTrainBegin(Training run) {
    }

    default void onEpochBegin(int epoch, Training run) {
    }

    /**
     * After each optimizer step.
     *
     * @param step 0-based step within the epoch
     * @param loss this batch's loss
     * @param correct items of this batch classified correctly (0 when not a classification)
     * @param size items in this batch
     */
    default void onBatchEnd(int step, double loss, int correct, int size, Training run) {
    }

    /** After validation, with this epoch's metrics ({@code loss}, {@code accuracy}, {@code val_loss}, ...). */
    default void onEpochEnd(int epoch, Map<String, Double> logs, Training run) {
    }

    default void onTrainEnd(Training run) {
    }
}

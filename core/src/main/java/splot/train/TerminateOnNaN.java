package splot.train;

/**
 * Stops training at the first batch whose loss is NaN or infinite, saying at which epoch and step,
 * as Keras' {@code TerminateOnNaN}. {@link Trainer} adds it to every run.
 */
public final class TerminateOnNaN implements Callback {
    private int epoch;

    @Override
    public void onEpochBegin(int epoch, Training run) {
        this.epoch = epoch;
    }

    @Override
    public void onBatchEnd(int step, double loss, int correct, int size, Training run) {
        if (Double.isNaN(loss) || Double.isInfinite(loss)) {
            throw new TrainingStopped("The loss became " + loss + " at epoch " + (epoch + 1) + ", step " + (step + 1)
                    + " (global step " + run.globalStep() + "); try a lower learning rate or check the inputs for NaN");
        }
    }
}

package splot.train;

import splot.optim.LearningRateSchedule;

/**
 * Sets the optimizer's learning rate at the start of each epoch from a schedule
 * ({@code StepDecay}, {@code ExponentialDecay}, {@code CosineAnnealing}), as Keras' callback of that name.
 * The base rate is the optimizer's rate when training begins.
 */
public final class LearningRateScheduler implements Callback {
    private final LearningRateSchedule schedule;
    private double base = Double.NaN;

    public LearningRateScheduler(LearningRateSchedule schedule) {
        this.schedule = schedule;
    }

    @Override
    public void onTrainBegin(Training run) {
        if (Double.isNaN(base)) base = run.optimizer().learningRate();
    }

    @Override
    public void onEpochBegin(int epoch, Training run) {
        run.optimizer().setLearningRate(schedule.rate(epoch, base));
    }
}

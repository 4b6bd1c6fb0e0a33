package splot.optim;

/**
 * The learning rate as a function of the epoch (0 for the first), from the rate the run started with.
 * Closed forms, so a resumed run needs nothing but the epoch. A training loop applies it at the start of
 * each epoch: {@code optimizer.setLearningRate(schedule.rate(epoch, baseRate))}.
 * Implementations: {@link StepDecay}, {@link ExponentialDecay}, {@link CosineAnnealing}.
 */
@FunctionalInterface
public interface LearningRateSchedule {
    double rate(int epoch, double baseRate);

    /** Sets the optimizer's learning rate for {@code epoch}; returns the rate set. */
    default double apply(Optimizer optimizer, int epoch, double baseRate) {
        double r = rate(epoch, baseRate);
        optimizer.setLearningRate(r);
        return r;
    }
}

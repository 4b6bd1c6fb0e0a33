package splot.optim;

/** Multiplies the rate by {@code gamma} every epoch, as PyTorch's {@code ExponentialLR}: {@code rate = base * gamma^epoch}. */
public record ExponentialDecay(double gamma) implements LearningRateSchedule {
    public ExponentialDecay {
        Optimizer.checkNonNegative("gamma", gamma);
    }

    @Override
    public double rate(int epoch, double baseRate) {
        return baseRate * Math.pow(gamma, epoch);
    }
}

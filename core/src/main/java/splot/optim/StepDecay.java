package splot.optim;

/**
 * Multiplies the rate by {@code gamma} every {@code stepSize} epochs, as PyTorch's {@code StepLR}:
 * {@code rate = base * gamma^floor(epoch / stepSize)}.
 */
public record StepDecay(int stepSize, double gamma) implements LearningRateSchedule {
    public StepDecay {
        if (stepSize <= 0) throw new IllegalArgumentException("StepDecay needs stepSize >= 1, got " + stepSize);
        Optimizer.checkNonNegative("gamma", gamma);
    }

    @Override
    public double rate(int epoch, double baseRate) {
        return baseRate * Math.pow(gamma, Math.floorDiv(epoch, stepSize));
    }
}

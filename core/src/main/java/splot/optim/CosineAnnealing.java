package splot.optim;

/**
 * Cosine annealing from the base rate down to {@code etaMin} over {@code tMax} epochs (Loshchilov and Hutter's
 * SGDR without restarts), as PyTorch's {@code CosineAnnealingLR}:
 * {@code rate = etaMin + (base - etaMin) * (1 + cos(pi * epoch / tMax)) / 2}.
 * Past {@code tMax} the cosine climbs back up, as PyTorch's does.
 */
public record CosineAnnealing(int tMax, double etaMin) implements LearningRateSchedule {
    public CosineAnnealing {
        if (tMax <= 0) throw new IllegalArgumentException("CosineAnnealing needs tMax >= 1, got " + tMax);
        Optimizer.checkNonNegative("etaMin", etaMin);
    }

    @Override
    public double rate(int epoch, double baseRate) {
        return etaMin + (baseRate - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
    }
}

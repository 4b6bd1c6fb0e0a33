package splot.train;

import java.util.List;
import java.util.Map;
import splot.tensor.Tensor;

/**
 * Stops training when a monitored metric has stopped improving, as Keras' {@code EarlyStopping}.
 *
 * <ul>
 *   <li>{@code monitor} — the metric to watch, default {@code "val_loss"};</li>
 *   <li>{@code patience} — epochs with no improvement after which training stops, default 5;</li>
 *   <li>{@code minDelta} — smallest change that counts as an improvement, default 0;</li>
 *   <li>{@code restoreBestWeights} — at the end, put back the weights of the best epoch, default false.</li>
 * </ul>
 * The direction is inferred from the name: metrics containing {@code acc} are maximised, others minimised.
 *
 * <pre>{@code
 * model.fit(train, Fit.epochs(100).validation(test).callbacks(new EarlyStopping("val_loss", 5)));
 * }</pre>
 */
public final class EarlyStopping implements Callback {
    private final String monitor;
    private final int patience;
    private double minDelta;
    private boolean restoreBestWeights;
    private final boolean maximise;
    private double best;
    private int bestEpoch = -1;
    private int wait;
    private int stoppedEpoch = -1;
    private float[][] bestWeights;

    public EarlyStopping() {
        this("val_loss", 5);
    }

    public EarlyStopping(String monitor, int patience) {
        if (patience < 0) throw new IllegalArgumentException("patience must be >= 0, got " + patience);
        this.monitor = monitor;
        this.patience = patience;
        this.maximise = monitor.contains("acc");
    }

    /** Smallest change that counts as an improvement. Returns this. */
    public EarlyStopping minDelta(double minDelta) {
        this.minDelta = Math.abs(minDelta);
        return this;
    }

    /** Whether to restore the best epoch's weights when training ends. Returns this. */
    public EarlyStopping restoreBestWeights(boolean restore) {
        this.restoreBestWeights = restore;
        return this;
    }

    @Override
    public void onTrainBegin(Training run) {
        best = maximise ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        bestEpoch = -1;
        wait = 0;
        stoppedEpoch = -1;
        bestWeights = null;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, Training run) {
        Double value = logs.get(monitor);
        if (value == null) {
            throw new IllegalArgumentException("Early stopping conditioned on metric `" + monitor
                    + "` which is not available. Available metrics are: " + String.join(",", logs.keySet()));
        }
        if (improved(value)) {
            best = value;
            bestEpoch = epoch;
            wait = 0;
            if (restoreBestWeights) bestWeights = snapshot(run.model().parameters());
            return;
        }
        wait++;
        if (wait >= patience && epoch > 0) {
            stoppedEpoch = epoch;
            run.stop("early stopping: " + monitor + " did not improve for " + wait + " epochs (best " + format(best)
                    + " at epoch " + (bestEpoch + 1) + ")");
        }
    }

    private boolean improved(double value) {
        if (Double.isNaN(value)) return false;
        return maximise ? value > best + minDelta : value < best - minDelta;
    }

    @Override
    public void onTrainEnd(Training run) {
        if (restoreBestWeights && bestWeights != null && bestEpoch != run.lastEpoch()) {
            List<Tensor> params = run.model().parameters();
            for (int i = 0; i < params.size(); i++) System.arraycopy(bestWeights[i], 0, params.get(i).data(), 0, bestWeights[i].length);
            run.log("Restored the weights of epoch " + (bestEpoch + 1) + " (" + monitor + " " + format(best) + ")");
        }
    }

    private static float[][] snapshot(List<Tensor> params) {
        float[][] copy = new float[params.size()][];
        for (int i = 0; i < copy.length; i++) copy[i] = params.get(i).data().clone();
        return copy;
    }

    private static String format(double v) {
        return String.format(java.util.Locale.US, "%.4f", v);
    }

    /** 0-based epoch at which training was stopped, or -1. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /** 0-based epoch with the best monitored value, or -1 before any. */
    public int bestEpoch() {
        return bestEpoch;
    }

    public double best() {
        return best;
    }

    public String monitor() {
        return monitor;
    }
}

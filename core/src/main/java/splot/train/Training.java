package splot.train;

import java.io.PrintStream;
import splot.data.Normalization;
import splot.loss.Loss;
import splot.nn.Model;
import splot.optim.Optimizer;

/**
 * The state of a running {@code fit}, as callbacks see it: the model, optimizer and loss, how far
 * the run is, its history so far, and a way to ask it to stop after the current epoch.
 */
public final class Training {
    private final Model model;
    private final Optimizer optimizer;
    private final Loss loss;
    private final Normalization normalization;
    private final java.util.List<String> classNames;
    private final int epochs;
    private final int stepsPerEpoch;
    private final int firstEpoch;
    private final History history;
    private final PrintStream out;
    private int epoch;
    private long globalStep;
    private String stopReason;

    Training(Model model, Optimizer optimizer, Loss loss, Normalization normalization, java.util.List<String> classNames, int firstEpoch, int epochs, int stepsPerEpoch, History history,
             PrintStream out) {
        this.model = model;
        this.optimizer = optimizer;
        this.loss = loss;
        this.normalization = normalization;
        this.classNames = java.util.List.copyOf(classNames);
        this.firstEpoch = firstEpoch;
        this.epochs = epochs;
        this.stepsPerEpoch = stepsPerEpoch;
        this.history = history;
        this.out = out;
    }

    public Model model() {
        return model;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public Loss loss() {
        return loss;
    }

    /** How the run scales raw items into inputs; saved with checkpoints so evaluation scales the same way. */
    public Normalization normalization() {
        return normalization;
    }

    /** Names of the classes the model learns, saved with checkpoints for predictions. */
    public java.util.List<String> classNames() {
        return classNames;
    }

    /** Total epochs the run was asked for (a resumed run counts the earlier ones too). */
    public int epochs() {
        return epochs;
    }

    /** Epoch the run started at: 0, or where a resumed run picked up. */
    public int firstEpoch() {
        return firstEpoch;
    }

    public int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    /** The current (or, after training, the last) 0-based epoch. */
    public int lastEpoch() {
        return epoch;
    }

    /** Optimizer steps taken so far in this run. */
    public long globalStep() {
        return globalStep;
    }

    public History history() {
        return history;
    }

    /** Asks the run to stop after this epoch; the reason is printed. */
    public void stop(String reason) {
        if (stopReason == null) stopReason = reason;
    }

    public boolean stopRequested() {
        return stopReason != null;
    }

    public String stopReason() {
        return stopReason;
    }

    /** Prints a line for the user (nothing when the run is silent). */
    public void log(String line) {
        if (out != null) out.println(line);
    }

    /** Where progress goes, or null when silent. */
    public PrintStream out() {
        return out;
    }

    void setEpoch(int epoch) {
        this.epoch = epoch;
    }

    void countStep() {
        globalStep++;
    }
}

package splot.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Keras-style progress: on a terminal, one line per epoch redrawn in place with the step, a bar,
 * the rate in images per second, the ETA and the running loss and accuracy; when the output is not
 * a terminal (a log file, CI), one plain line per epoch. {@link Trainer} adds it when verbose.
 */
public final class ProgressBar implements Callback {
    private static final int WIDTH = 24;
    private final boolean terminal;
    private long epochStart;
    private long lastDraw;
    private double lossSum;
    private long correct, seen;
    private int epoch;

    /** Detects whether standard output is a terminal. */
    public ProgressBar() {
        this(System.console() != null && System.console().isTerminal());
    }

    public ProgressBar(boolean terminal) {
        this.terminal = terminal;
    }

    @Override
    public void onEpochBegin(int epoch, Training run) {
        this.epoch = epoch;
        epochStart = System.nanoTime();
        lastDraw = 0;
        lossSum = 0;
        correct = 0;
        seen = 0;
    }

    @Override
    public void onBatchEnd(int step, double loss, int correct, int size, Training run) {
        lossSum += loss * size;
        this.correct += correct;
        seen += size;
        PrintStream out = run.out();
        if (!terminal || out == null) return;
        long now = System.nanoTime();
        // Redraw at most ~10 times a second; a terminal is slow to scroll through thousands of updates.
        if (now - lastDraw < 100_000_000L && step + 1 < run.stepsPerEpoch()) return;
        lastDraw = now;
        double seconds = (now - epochStart) / 1e9;
        int total = run.stepsPerEpoch();
        int done = (int) Math.round(WIDTH * (step + 1) / (double) Math.max(total, 1));
        String bar = "=".repeat(Math.max(done - 1, 0)) + (done < WIDTH ? ">" : "=") + ".".repeat(Math.max(WIDTH - done, 0));
        double eta = seconds / (step + 1) * (total - step - 1);
        out.print(String.format(Locale.US, "\rEpoch %d/%d %d/%d [%s] %,.0f img/s - ETA %s - loss: %.4f - accuracy: %.4f ",
                epoch + 1, run.epochs(), step + 1, total, bar, seen / Math.max(seconds, 1e-9), clock(eta), lossSum / seen,
                correct / (double) seen));
        out.flush();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, Training run) {
        PrintStream out = run.out();
        if (out == null) return;
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        StringBuilder sb = new StringBuilder();
        if (terminal) sb.append('\r');
        sb.append(String.format(Locale.US, "Epoch %d/%d - %s - %,.0f img/s", epoch + 1, run.epochs(), clock(seconds), seen / Math.max(seconds, 1e-9)));
        for (var e : logs.entrySet()) {
            if (e.getKey().equals("lr")) continue;
            sb.append(String.format(Locale.US, " - %s: %.4f", e.getKey(), e.getValue()));
        }
        out.println(sb);
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }
}

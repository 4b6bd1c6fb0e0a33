package splot.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Saves the run to a {@code .splot} file after an epoch, as Keras' {@code ModelCheckpoint}: every
 * epoch, or only when the monitored metric improved ({@link #saveBestOnly}). The file holds the
 * optimizer state and history too, so {@code splot train --resume FILE} continues the run where it stopped (exactly,
 * but for the dropout masks, which a resumed run draws anew).
 * Each save is atomic: a run killed at any moment leaves the last complete checkpoint.
 */
public final class ModelCheckpoint implements Callback {
    private final Path path;
    private String monitor = "val_loss";
    private boolean bestOnly;
    private double best = Double.NaN;

    public ModelCheckpoint(Path path) {
        this.path = path;
    }

    /** Saves only when {@code monitor} improves ({@code acc} metrics up, others down). Returns this. */
    public ModelCheckpoint saveBestOnly(String monitor) {
        this.monitor = monitor;
        this.bestOnly = true;
        return this;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, Training run) {
        if (bestOnly) {
            Double v = logs.get(monitor);
            if (v == null) {
                throw new IllegalArgumentException("ModelCheckpoint monitors `" + monitor + "` which is not available. Available metrics are: "
                        + String.join(",", logs.keySet()));
            }
            boolean up = monitor.contains("acc");
            if (!Double.isNaN(best) && (up ? v <= best : v >= best)) return;
            best = v;
        }
        try {
            Checkpoint.save(path, run, epoch + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not save checkpoint " + path + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }
}

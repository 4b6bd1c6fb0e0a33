package splot.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import splot.io.AtomicFiles;
import splot.io.Json;

/**
 * Writes the history after every epoch, as CSV (Keras' {@code CSVLogger}) when the file name ends in
 * {@code .csv}, else as JSON (metric -> list of values). The file is replaced atomically each time.
 */
public final class HistoryLogger implements Callback {
    private final Path path;

    public HistoryLogger(Path path) {
        this.path = path;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, Training run) {
        History h = run.history();
        String text = path.toString().endsWith(".csv") ? h.toCsv() : Json.write(h.toMap());
        try {
            AtomicFiles.write(path, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write history " + path + ": " + e.getMessage(), e);
        }
    }
}

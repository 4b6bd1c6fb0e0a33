package splot.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-epoch metrics of a training run, as Keras' {@code History}: {@code history.get("val_loss")} is
 * the list of validation losses, one per epoch. Metric names: {@code loss}, {@code accuracy},
 * {@code val_loss}, {@code val_accuracy}, {@code lr}, and others the run was asked for.
 */
public final class History {
    private final Map<String, List<Double>> metrics = new LinkedHashMap<>();
    private int epochs;

    /** Appends one epoch's metrics. */
    public void add(Map<String, Double> epochLogs) {
        for (var e : epochLogs.entrySet()) {
            List<Double> l = metrics.computeIfAbsent(e.getKey(), k -> new ArrayList<>(Collections.nCopies(epochs, Double.NaN)));
            l.add(e.getValue());
        }
        epochs++;
        for (List<Double> l : metrics.values()) while (l.size() < epochs) l.add(Double.NaN);
    }

    /** The values of one metric, one per epoch; an unknown name lists the known ones. */
    public List<Double> get(String metric) {
        List<Double> l = metrics.get(metric);
        if (l == null) throw new IllegalArgumentException("No metric '" + metric + "' in history; available: " + metrics.keySet());
        return Collections.unmodifiableList(l);
    }

    public boolean has(String metric) {
        return metrics.containsKey(metric);
    }

    /** Metric names in the order they first appeared. */
    public List<String> metricNames() {
        return List.copyOf(metrics.keySet());
    }

    /** Number of epochs recorded. */
    public int epochs() {
        return epochs;
    }

    /** The metrics of one epoch (0-based). */
    public Map<String, Double> epoch(int i) {
        Map<String, Double> m = new LinkedHashMap<>();
        metrics.forEach((k, v) -> m.put(k, v.get(i)));
        return m;
    }

    /** Plain data for a JSON file: metric name -> list of values. */
    public Map<String, Object> toMap() {
        return new LinkedHashMap<>(metrics);
    }

    /** Rebuilds a history from {@link #toMap()} output (nulls, written for NaN, come back as NaN). */
    public static History fromMap(Map<String, Object> map) {
        History h = new History();
        int n = map.values().stream().mapToInt(v -> ((List<?>) v).size()).max().orElse(0);
        for (int i = 0; i < n; i++) {
            Map<String, Double> epoch = new LinkedHashMap<>();
            for (var e : map.entrySet()) {
                List<?> l = (List<?>) e.getValue();
                epoch.put(e.getKey(), i < l.size() && l.get(i) instanceof Number num ? num.doubleValue() : Double.NaN);
            }
            h.add(epoch);
        }
        return h;
    }

    /** One CSV table: a header {@code epoch,loss,...} and a row per epoch (epochs counted from 1). */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("epoch");
        for (String k : metrics.keySet()) sb.append(',').append(k);
        sb.append('\n');
        for (int i = 0; i < epochs; i++) {
            sb.append(i + 1);
            for (List<Double> l : metrics.values()) sb.append(',').append(l.get(i));
            sb.append('\n');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "History" + metrics;
    }
}

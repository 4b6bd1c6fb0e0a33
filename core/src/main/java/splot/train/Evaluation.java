package splot.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of evaluating a model on a data set: mean loss, accuracy, top-5 accuracy (NaN when
 * there are 10 classes or fewer), and the number of samples.
 */
public record Evaluation(double loss, double accuracy, double top5Accuracy, int samples) {
    /** As metrics with the given prefix ({@code "val_"} for validation). */
    public Map<String, Double> toLogs(String prefix) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(prefix + "loss", loss);
        m.put(prefix + "accuracy", accuracy);
        if (!Double.isNaN(top5Accuracy)) m.put(prefix + "top5_accuracy", top5Accuracy);
        return m;
    }

    /** One JSON object with {@code loss}, {@code accuracy}, {@code samples} (and top-5 when measured). */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loss", loss);
        m.put("accuracy", accuracy);
        if (!Double.isNaN(top5Accuracy)) m.put("top5_accuracy", top5Accuracy);
        m.put("samples", samples);
        return splot.io.Json.write(m);
    }
}

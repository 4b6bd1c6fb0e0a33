import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the JSON lines of bench/run.sh (one per library, model and round) and prints, as a Markdown
 * table, the median training and inference images/s of every library per model, and Splot's ratio
 * to the fastest peer in each direction. Run: {@code java bench/Summarize.java results.jsonl}.
 */
public class Summarize {
    private static final List<String> MODELS = List.of("fashion-mlp", "lenet5", "fashion-cnn", "mnist-cnn", "cifar-vgg");

    public static void main(String[] args) throws Exception {
        // lib -> model -> [train samples, infer samples]
        Map<String, Map<String, List<List<Double>>>> data = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (!line.startsWith("{")) continue;
            String lib = text(line, "lib"), model = text(line, "model");
            var m = data.computeIfAbsent(lib, k -> new TreeMap<>()).computeIfAbsent(model, k -> List.of(new ArrayList<>(), new ArrayList<>()));
            Double train = number(line, "train_img_per_s"), infer = number(line, "infer_img_per_s");
            if (train != null) m.get(0).add(train);
            if (infer != null) m.get(1).add(infer);
        }
        StringBuilder sb = new StringBuilder("| library | " + String.join(" | ", MODELS) + " |\n|---|");
        sb.append("---|".repeat(MODELS.size())).append('\n');
        for (var lib : data.entrySet()) {
            sb.append("| ").append(lib.getKey());
            for (String model : MODELS) sb.append(" | ").append(cell(lib.getValue().get(model)));
            sb.append(" |\n");
        }
        sb.append("| **splot / fastest peer** |");
        for (String model : MODELS) sb.append(' ').append(ratio(data, model, 0)).append(" / ").append(ratio(data, model, 1)).append(" |");
        System.out.println("Medians over the rounds, train / inference images per second:\n");
        System.out.println(sb);
    }

    private static String cell(List<List<Double>> samples) {
        if (samples == null) return "–";
        return fmt(median(samples.get(0))) + " / " + fmt(median(samples.get(1)));
    }

    private static String ratio(Map<String, Map<String, List<List<Double>>>> data, String model, int direction) {
        Double splot = data.containsKey("splot") && data.get("splot").containsKey(model) ? median(data.get("splot").get(model).get(direction)) : null;
        double best = 0;
        String bestLib = null;
        for (var lib : data.entrySet()) {
            if (lib.getKey().equals("splot") || !lib.getValue().containsKey(model)) continue;
            Double v = median(lib.getValue().get(model).get(direction));
            if (v != null && v > best) {
                best = v;
                bestLib = lib.getKey();
            }
        }
        if (splot == null || bestLib == null) return "–";
        return String.format(Locale.US, "%.2fx (%s)", splot / best, bestLib);
    }

    private static Double median(List<Double> xs) {
        if (xs == null || xs.isEmpty()) return null;
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static String fmt(Double v) {
        return v == null ? "–" : String.format(Locale.US, "%,.0f", v);
    }

    private static String text(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : "?";
    }

    private static Double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*([-0-9.eE]+)").matcher(json);
        return m.find() ? Double.valueOf(m.group(1)) : null;
    }
}

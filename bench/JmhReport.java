import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import splot.io.Json;

/**
 * Reads JMH's JSON results ({@code -rf json -rff FILE}) of the splot.bench benchmarks, and optionally the JSON
 * lines of bench/gemm_numpy.py, and prints one table: every GEMM and convolution result in GFLOPS beside the
 * FMA peak measured (FmaPeak) on as many threads as it ran on, its percentage of that peak, images/s for the
 * conv layers, and the ratio to OpenBLAS (numpy) for square GEMM on the same thread count; then the issue's
 * target (GEMM at 1024^3 and larger: 65% of the peak on 2 threads and ahead of OpenBLAS).
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar bench/JmhReport.java results.json [numpy.jsonl]} with a
 * JDK 25 java (the jar carries splot-core, whose {@code splot.io.Json} reads the files). Threads a result ran
 * on: FmaPeak's JMH threads; for the others JMH threads times Parallel's threads, which are
 * {@code -Dsplot.threads} from the fork's JVM arguments or else this machine's processor count.
 */
public class JmhReport {
    /** One benchmark result: its name (Class.method), parameters, threads used and scores (NaN when absent). */
    record Row(String name, String params, int threads, double gflops, double gflopsError, double images) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: java -cp bench/target/benchmarks.jar bench/JmhReport.java JMH_RESULTS.json [NUMPY_RESULTS.jsonl]");
            System.exit(2);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        List<Row> rows = new ArrayList<>();
        for (Object o : (List<?>) Json.parse(Files.readString(Path.of(args[0])))) rows.add(row(map(o), cores));
        List<Row> numpy = new ArrayList<>();
        if (args.length == 2) {
            for (String line : Files.readAllLines(Path.of(args[1]))) {
                if (!line.startsWith("{")) continue;
                Map<String, Object> m = Json.parseObject(line);
                numpy.add(new Row("numpy-openblas", "n=" + num(m.get("n")).intValue(), num(m.get("threads")).intValue(),
                        num(m.get("gflops")).doubleValue(), Double.NaN, Double.NaN));
            }
        }
        // The peak on t threads: the best FmaPeak result that ran on t threads (2 and "all" coincide on 2 cores).
        Map<Integer, Double> peak = new TreeMap<>();
        for (Row r : rows) if (r.name.startsWith("FmaPeak.")) peak.merge(r.threads, r.gflops, Math::max);
        StringBuilder out = new StringBuilder();
        List<String> peaks = new ArrayList<>();
        peak.forEach((t, g) -> peaks.add(String.format(Locale.ROOT, "%d thread%s %.1f GFLOPS", t, t == 1 ? "" : "s", g)));
        out.append(String.format(Locale.ROOT, "FMA peak (FmaPeak, %d processors): %s%n%n", cores,
                peaks.isEmpty() ? "not measured in this run (include FmaPeak for the percentages)" : String.join(", ", peaks)));
        String header = String.format("| %-32s | %-50s | %7s | %15s | %9s | %9s | %11s |%n",
                "benchmark", "case", "threads", "GFLOPS", "% of peak", "images/s", "vs OpenBLAS");
        out.append(header).append(header.replaceAll("[^|\n]", "-"));
        for (Row r : rows) {
            if (r.name.startsWith("FmaPeak.")) continue;
            out.append(line(r, peak, openBlas(numpy, r)));
        }
        for (Row r : numpy) out.append(line(r, peak, Double.NaN));
        out.append(targets(rows, numpy, peak));
        System.out.print(out);
    }

    private static String line(Row r, Map<Integer, Double> peak, double openBlas) {
        Double p = peak.get(r.threads);
        String error = Double.isNaN(r.gflopsError) ? "" : String.format(Locale.ROOT, " ± %.1f", r.gflopsError);
        return String.format(Locale.ROOT, "| %-32s | %-50s | %7d | %15s | %9s | %9s | %11s |%n", r.name, r.params, r.threads,
                fmt(r.gflops, "%.1f") + error, p == null ? "–" : fmt(100 * r.gflops / p, "%.0f%%"), fmt(r.images, "%.0f"),
                fmt(r.gflops / openBlas, "%.2fx"));
    }

    /** OpenBLAS's GFLOPS for the square GEMM of the same size and thread count as r, or NaN. */
    private static double openBlas(List<Row> numpy, Row r) {
        if (!r.name.startsWith("GemmSquare.")) return Double.NaN;
        for (Row o : numpy) if (o.params.equals(r.params) && o.threads == r.threads) return o.gflops;
        return Double.NaN;
    }

    /** The target for GEMM at 1024^3 and up on 2 threads, where this run has what it needs. */
    private static String targets(List<Row> rows, List<Row> numpy, Map<Integer, Double> peak) {
        StringBuilder sb = new StringBuilder();
        for (Row r : rows) {
            if (!r.name.equals("GemmSquare.sgemm") || r.threads != 2 || Integer.parseInt(r.params.substring(2)) < 1024) continue;
            Double p = peak.get(2);
            double blas = openBlas(numpy, r);
            sb.append(String.format(Locale.ROOT, "  n=%s: %s of the 2-thread peak (target 65%%: %s), %s OpenBLAS (%s)%n",
                    r.params.substring(2), p == null ? "–" : fmt(100 * r.gflops / p, "%.0f%%"),
                    p == null ? "not measured" : r.gflops >= 0.65 * p ? "met" : "missed",
                    Double.isNaN(blas) ? "–" : fmt(r.gflops / blas, "%.2fx"),
                    Double.isNaN(blas) ? "not measured" : r.gflops > blas ? "ahead" : "behind"));
        }
        return sb.isEmpty() ? "" : "\nTarget, GEMM at 1024^3 and larger on 2 threads:\n" + sb;
    }

    private static Row row(Map<String, Object> result, int cores) {
        String[] parts = ((String) result.get("benchmark")).split("\\.");
        String name = parts[parts.length - 2] + "." + parts[parts.length - 1];
        StringBuilder params = new StringBuilder();
        if (result.get("params") instanceof Map<?, ?> ps) {
            ps.forEach((k, v) -> params.append(params.isEmpty() ? "" : " ").append(k).append('=').append(v));
        }
        int jmhThreads = num(result.get("threads")).intValue(), splotThreads = cores;
        for (Object arg : (List<?>) result.get("jvmArgs")) {
            if (arg instanceof String s && s.startsWith("-Dsplot.threads=")) splotThreads = Integer.parseInt(s.substring(16));
        }
        int threads = name.startsWith("FmaPeak.") ? jmhThreads : jmhThreads * splotThreads;
        Map<String, Object> secondary = result.get("secondaryMetrics") instanceof Map<?, ?> m ? map(m) : Map.of();
        return new Row(name, params.toString(), threads, score(secondary.get("gflops")), error(secondary.get("gflops")),
                score(secondary.get("images")));
    }

    private static double score(Object metric) {
        return metric == null ? Double.NaN : num(map(metric).get("score")).doubleValue();
    }

    private static double error(Object metric) {
        return metric == null ? Double.NaN : num(map(metric).get("scoreError")).doubleValue();
    }

    /** A JSON number, or NaN for JMH's "NaN" strings (no error estimate from a single iteration). */
    private static Number num(Object o) {
        return o instanceof Number n ? n : Double.NaN;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    private static String fmt(double x, String format) {
        return Double.isNaN(x) || Double.isInfinite(x) ? "–" : String.format(Locale.ROOT, format, x);
    }
}

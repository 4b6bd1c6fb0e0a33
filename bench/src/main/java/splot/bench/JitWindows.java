package splot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * How much of each of {@code splot bench}'s timed windows the JIT's optimizing compiler (C2) spent compiling: the
 * protocol of {@code splot bench} (5 training steps, then 60 timed; 3 inference batches, then 20 timed) on random
 * inputs through {@link ModelProbe}, with JFR recording every compilation; then, per window, its length, its rate,
 * the milliseconds of C2 compiles that overlapped it and the busiest of them. On a 2-vCPU machine a window that C2
 * overlaps for its whole length ran on one core and a half (BENCHMARKS.md, session 17).
 *
 * <pre>
 * bench/jit_windows.sh fashion-mlp lenet5 fashion-cnn
 * </pre>
 */
public final class JitWindows {
    /** One timed window: a model's training or inference, its bounds and its rate. */
    record Window(String model, String phase, Instant start, Instant end, double imagesPerSecond) {
        long nanos() {
            return Duration.between(start, end).toNanos();
        }
    }

    /** One compilation as JFR saw it: the method, whether on-stack, the tier, and when it ran. */
    record Compile(String method, boolean osr, int level, Instant start, Duration duration) {
    }

    private JitWindows() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: JitWindows MODEL...  (zoo models, run in order in one JVM as splot bench runs them)");
            System.exit(2);
        }
        List<Window> windows = new ArrayList<>();
        Path file = Files.createTempFile("jit-windows", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.Compilation").withThreshold(Duration.ZERO);
            recording.start();
            for (String model : args) {
                int batch = model.equals("cifar-vgg") ? 64 : 128;
                windows.add(window(model, "train", "train:" + model, 5, 60, batch));
                windows.add(window(model, "infer", "infer:" + model, 3, 20, 256));
            }
            recording.stop();
            recording.dump(file);
        }
        List<Compile> compiles = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            // A recording of the user's own (-XX:StartFlightRecording) lands in the same dump with its other events.
            if (!e.getEventType().getName().equals("jdk.Compilation")) continue;
            RecordedMethod m = e.getValue("method");
            compiles.add(new Compile(m.getType().getName() + "::" + m.getName(), e.getBoolean("isOsr"), e.getInt("compileLevel"),
                    e.getStartTime(), e.getDuration()));
        }
        Files.delete(file);
        System.out.print(table(windows, compiles));
    }

    private static Window window(String model, String phase, String task, int warmup, int steps, int batch) {
        ModelProbe.run(task, warmup);
        Instant start = Instant.now();
        double msPerStep = ModelProbe.run(task, steps);
        Instant end = Instant.now();
        if (Boolean.getBoolean("jit.times")) System.err.println("window " + model + " " + phase + " " + start + " " + end);
        return new Window(model, phase, start, end, batch / msPerStep * 1000);
    }

    /** Nanoseconds of [start, start + duration) that fall in [from, to). */
    static long overlapNanos(Instant start, Duration duration, Instant from, Instant to) {
        Instant end = start.plus(duration);
        Instant lo = start.isAfter(from) ? start : from, hi = end.isBefore(to) ? end : to;
        return Math.max(0, Duration.between(lo, hi).toNanos());
    }

    /** The Markdown table: per window, C2's compiling time inside it and the three compiles that took most of it. */
    static String table(List<Window> windows, List<Compile> compiles) {
        StringBuilder out = new StringBuilder(
                "| model | window | length (ms) | img/s | C2 compiling in it (ms) | share | longest C2 compiles in it (ms) |\n"
                        + "|---|---|---|---|---|---|---|\n");
        for (Window w : windows) {
            Map<String, Long> byMethod = new LinkedHashMap<>();
            long total = 0;
            for (Compile c : compiles) {
                if (c.level() != 4) continue;
                long ns = overlapNanos(c.start(), c.duration(), w.start(), w.end());
                if (ns == 0) continue;
                total += ns;
                byMethod.merge(shortName(c.method()) + (c.osr() ? " (on-stack)" : ""), ns, Long::sum);
            }
            StringBuilder top = new StringBuilder();
            byMethod.entrySet().stream().filter(e -> e.getValue() >= 1_000_000)
                    .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(Integer.getInteger("jit.top", 3))
                    .forEach(e -> top.append(top.isEmpty() ? "" : ", ").append(String.format(Locale.US, "%s %.0f", e.getKey(), e.getValue() / 1e6)));
            out.append(String.format(Locale.US, "| %s | %s | %.0f | %,.0f | %.0f | %.0f%% | %s |%n", w.model(), w.phase(), w.nanos() / 1e6,
                    w.imagesPerSecond(), total / 1e6, 100.0 * total / Math.max(1, w.nanos()), top.isEmpty() ? "–" : top));
        }
        return out.toString();
    }

    /** {@code Class::method} without the package; a lambda's hidden class as {@code Class$$Lambda::run}. */
    static String shortName(String method) {
        int sep = method.indexOf("::"), lambda = method.indexOf("$$Lambda");
        String type = lambda >= 0 && lambda < sep ? method.substring(0, lambda + "$$Lambda".length()) : method.substring(0, sep);
        return type.substring(type.lastIndexOf('.') + 1) + method.substring(sep);
    }
}

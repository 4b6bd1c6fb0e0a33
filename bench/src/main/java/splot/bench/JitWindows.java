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
import splot.models.Zoo;
import splot.nn.Model;
import splot.tensor.Arena;
import splot.tensor.FrozenWeights;
import splot.tensor.GradMode;
import splot.tensor.Rng;

/**
 * How much of each of {@code splot bench}'s timed windows the JIT's optimizing compiler (C2) spent compiling: the
 * protocol of {@code splot bench} (5 training steps, then 60 timed; 3 inference batches on the trained model with its
 * weights frozen, then 20 timed) on random inputs, with JFR recording every compilation; then, per window, its length,
 * its rate, the milliseconds of C2 compiles that overlapped it and the busiest of them, and every C2 compile in the
 * {@link #LEAD} before it. On a 2-vCPU machine a window that C2 overlaps for its whole length ran on one core and a
 * half (BENCHMARKS.md, session 17).
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

    /**
     * How far before each window the table looks for C2 compiles: {@code SpinBudget} keeps the team from spinning for 2
     * ms after it sees C2 at work, and for 20 ms after a preemption, so a compile just before a window slows its start.
     */
    static final Duration LEAD = Duration.ofMillis(Long.getLong("jit.lead.ms", 30));

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
            for (String model : args) windows.addAll(windows(model));
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

    /**
     * One model's two windows as {@code splot bench} runs them: the model and all inputs made first (8 batches a phase),
     * 5 training steps then 60 timed, and on the model so trained, eval mode, no tape and its weights frozen, 3 inference
     * batches then 20 timed.
     */
    private static List<Window> windows(String name) {
        Rng.seed(1);
        Model model = Zoo.create(name);
        Arena arena = new Arena();
        int batch = ModelProbe.batch(name);
        Runnable train = ModelProbe.trainingStep(model, batch, ModelProbe.SPLOT_BENCH_BATCHES, arena);
        Runnable infer = ModelProbe.inferenceBatch(model, ModelProbe.SPLOT_BENCH_BATCHES, arena);
        Window training = window(name, "train", train, 5, 60, batch);
        try (var off = GradMode.off(); var frozen = FrozenWeights.on()) {
            return List.of(training, window(name, "infer", infer, 3, 20, 256));
        }
    }

    private static Window window(String model, String phase, Runnable step, int warmup, int steps, int batch) {
        for (int i = 0; i < warmup; i++) step.run();
        Instant start = Instant.now();
        for (int i = 0; i < steps; i++) step.run();
        Instant end = Instant.now();
        if (Boolean.getBoolean("jit.times")) System.err.println("window " + model + " " + phase + " " + start + " " + end);
        return new Window(model, phase, start, end, (double) batch * steps / Duration.between(start, end).toNanos() * 1e9);
    }

    /** Nanoseconds of [start, start + duration) that fall in [from, to). */
    static long overlapNanos(Instant start, Duration duration, Instant from, Instant to) {
        Instant end = start.plus(duration);
        Instant lo = start.isAfter(from) ? start : from, hi = end.isBefore(to) ? end : to;
        return Math.max(0, Duration.between(lo, hi).toNanos());
    }

    /**
     * The Markdown table: per window, C2's compiling time inside it and the three compiles that took most of it; then
     * the C2 compiles that ran in the {@link #LEAD} before it, however short, the longest first.
     */
    static String table(List<Window> windows, List<Compile> compiles) {
        long leadMs = LEAD.toMillis();
        StringBuilder out = new StringBuilder(
                "| model | window | length (ms) | img/s | C2 compiling in it (ms) | share | longest C2 compiles in it (ms) | C2 compiles in the "
                        + leadMs + " ms before it (ms) |\n" + "|---|---|---|---|---|---|---|---|\n");
        int top = Integer.getInteger("jit.top", 3);
        for (Window w : windows) {
            Map<String, Long> inside = c2ByMethod(compiles, w.start(), w.end());
            long total = inside.values().stream().mapToLong(Long::longValue).sum();
            Map<String, Long> before = c2ByMethod(compiles, w.start().minus(LEAD), w.start());
            out.append(String.format(Locale.US, "| %s | %s | %.0f | %,.0f | %.0f | %.0f%% | %s | %s |%n", w.model(), w.phase(), w.nanos() / 1e6,
                    w.imagesPerSecond(), total / 1e6, 100.0 * total / Math.max(1, w.nanos()), longest(inside, 1_000_000, top, "%.0f"),
                    longest(before, 0, Integer.MAX_VALUE, "%.1f")));
        }
        return out.toString();
    }

    /** Nanoseconds of C2 compiling in [from, to), by method (on-stack compiles apart), in the order first seen. */
    private static Map<String, Long> c2ByMethod(List<Compile> compiles, Instant from, Instant to) {
        Map<String, Long> byMethod = new LinkedHashMap<>();
        for (Compile c : compiles) {
            if (c.level() != 4) continue;
            long ns = overlapNanos(c.start(), c.duration(), from, to);
            if (ns > 0) byMethod.merge(shortName(c.method()) + (c.osr() ? " (on-stack)" : ""), ns, Long::sum);
        }
        return byMethod;
    }

    /** The {@code limit} longest entries of at least {@code leastNanos}, "name ms" each, or "–" when there are none. */
    private static String longest(Map<String, Long> byMethod, long leastNanos, int limit, String msFormat) {
        StringBuilder list = new StringBuilder();
        byMethod.entrySet().stream().filter(e -> e.getValue() >= leastNanos)
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(limit)
                .forEach(e -> list.append(list.isEmpty() ? "" : ", ").append(e.getKey()).append(' ')
                        .append(String.format(Locale.US, msFormat, e.getValue() / 1e6)));
        return list.isEmpty() ? "–" : list.toString();
    }

    /** {@code Class::method} without the package; a lambda's hidden class as {@code Class$$Lambda::run}. */
    static String shortName(String method) {
        int sep = method.indexOf("::"), lambda = method.indexOf("$$Lambda");
        String type = lambda >= 0 && lambda < sep ? method.substring(0, lambda + "$$Lambda".length()) : method.substring(0, sep);
        return type.substring(type.lastIndexOf('.') + 1) + method.substring(sep);
    }
}

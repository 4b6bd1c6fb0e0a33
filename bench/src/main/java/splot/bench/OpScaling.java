package splot.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;
import splot.kernel.Parallel;
import splot.tensor.OpProfile;

/**
 * Two threads against one, op by op ({@link OpProfile}): a zoo model's training steps, then its inference batches,
 * in turns on one thread and on two in one JVM ({@link Parallel#setThreads}), the order swapped every round, as
 * {@link ThreadScaling} takes them. Prints a Markdown table: each op's milliseconds a step on one thread and on two,
 * their ratio, and the excess, what two threads took beyond half of one thread's time: where the second thread loses;
 * then the whole step, and what it spends outside the ops (the optimizer's update, zeroing gradients, the arena).
 * The first step of each turn is not timed: after a change of width a step takes buffers of other sizes from the
 * arena, and allocates.
 *
 * <p>Usage: {@code OpScaling MODEL [ROUNDS] [STEPS]} (default 20 rounds of 5 timed steps a side, after 100 of warm-up).
 */
public final class OpScaling {
    private OpScaling() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: OpScaling MODEL [ROUNDS] [STEPS]");
            System.exit(2);
        }
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20, steps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        ThreadScaling.requirePool("OpScaling");
        ZooWorkload work = new ZooWorkload(args[0]);
        try {
            System.out.println("| phase | op | 1 thread (ms) | 2 threads (ms) | ratio | excess (ms) |");
            System.out.println("|---|---|---|---|---|---|");
            print("training", turns(work::trainStep, rounds, steps));
            print("inference", turns(work::inferBatch, rounds, steps));
        } finally {
            Parallel.setThreads(Parallel.poolSize());
        }
    }

    /** The key of the row that holds whole steps: their count and nanoseconds, as an op's. */
    private static final String STEP = "step";

    /**
     * Per op ("forward conv2d_relu#0"): {calls, nanos} on one thread, then on two; and under {@link #STEP} the whole
     * steps, which also hold what runs outside the model's ops (the optimizer's update, zeroing gradients).
     */
    static Map<String, long[]> turns(DoubleSupplier step, int rounds, int steps) {
        ThreadScaling.warmUp(step, 100);
        Map<String, long[]> table = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (int side = 0; side < 2; side++) {
                int threads = ThreadScaling.sideAt(r, side, 2) + 1;
                Parallel.setThreads(threads);
                step.getAsDouble();
                List<OpProfile.Row> rows;
                double millis = 0;
                try (OpProfile profile = OpProfile.start()) {
                    for (int s = 0; s < steps; s++) millis += step.getAsDouble();
                    rows = profile.rows();
                }
                long[] whole = table.computeIfAbsent(STEP, k -> new long[4]);
                whole[2 * (threads - 1)] += steps;
                whole[2 * (threads - 1) + 1] += Math.round(millis * 1e6);
                for (OpProfile.Row row : rows) {
                    long[] cell = table.computeIfAbsent(row.phase() + " " + row.op(), k -> new long[4]);
                    cell[2 * (threads - 1)] += row.calls();
                    cell[2 * (threads - 1) + 1] += row.nanos();
                }
            }
        }
        return table;
    }

    private static void print(String phase, Map<String, long[]> table) {
        rows(phase, table).forEach(System.out::println);
    }

    /** The table's rows for one phase: each op, all ops, what the step spends outside them, the whole step. */
    static List<String> rows(String phase, Map<String, long[]> table) {
        List<String> rows = new ArrayList<>();
        double one = 0, two = 0;
        for (var e : table.entrySet()) {
            long[] c = e.getValue();
            if (c[0] == 0 || c[2] == 0 || e.getKey().equals(STEP)) continue;
            double a = c[1] / 1e6 / c[0], b = c[3] / 1e6 / c[2];
            one += a;
            two += b;
            rows.add(row(phase, e.getKey(), a, b));
        }
        rows.add(row(phase, "**all ops**", one, two));
        long[] c = table.get(STEP);
        double stepOne = c[1] / 1e6 / c[0], stepTwo = c[3] / 1e6 / c[2];
        rows.add(row(phase, "outside the ops", stepOne - one, stepTwo - two));
        rows.add(row(phase, "**whole step**", stepOne, stepTwo));
        return rows;
    }

    static String row(String phase, String op, double one, double two) {
        return String.format(Locale.US, "| %s | %s | %.3f | %.3f | %.2fx | %.3f |", phase, op, one, two, one / two, two - one / 2);
    }
}

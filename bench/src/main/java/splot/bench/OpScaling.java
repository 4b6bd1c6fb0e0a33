package splot.bench;

import java.util.ArrayList;
import java.util.HashMap;
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
 * With taskset and two CPUs ({@link VcpuPin}), each round also runs one thread pinned to each CPU in turn, and the
 * table adds each op's time on each, two threads' rate over the two one-thread rates' mean, and the excess against
 * their sum: on a VM whose vCPUs run at different speeds, the unpinned one-thread turn is as fast as the vCPU it
 * happened to run on (in one run of session 50, lenet5's first convolution read 2.35x unpinned, 1.84x against the vCPUs' mean).
 * The first step of each turn is not timed: after a change of width a step takes buffers of other sizes from the
 * arena, and allocates. Ops are matched by kind ({@link #byKind}); one that runs on one side only (Sequential's row
 * slices, on two threads) has a dash in the other side's cells and counts in its side's sums.
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
        VcpuPin pin = VcpuPin.find().orElse(null);
        if (pin == null) System.err.println("OpScaling: no taskset or a single CPU: one-thread turns where the scheduler puts them only");
        ZooWorkload work = new ZooWorkload(args[0]);
        try {
            header(pin != null).forEach(System.out::println);
            print("training", turns(work::trainStep, rounds, steps, pin));
            print("inference", turns(work::inferBatch, rounds, steps, pin));
        } finally {
            Parallel.setThreads(Parallel.poolSize());
        }
    }

    /** The key of the row that holds whole steps: their count and nanoseconds, as an op's. */
    static final String STEP = "step";

    /** The table's two header lines, with the pinned turns' columns or without. */
    static List<String> header(boolean pinned) {
        if (!pinned) return List.of("| phase | op | 1 thread (ms) | 2 threads (ms) | ratio | excess (ms) |", "|---|---|---|---|---|---|");
        return List.of("| phase | op | 1 thread (ms) | 2 threads (ms) | ratio | excess (ms) | 1 thread on vCPU 0 / vCPU 1 (ms) "
                + "| 2 threads / the vCPUs' mean | excess over the vCPUs (ms) |", "|---|---|---|---|---|---|---|---|---|");
    }

    /**
     * Per op ("forward conv2d_relu#0"): {calls, nanos} on one thread, then on two, then (given {@code pin}) on one
     * thread pinned to its first CPU and to its second; and under {@link #STEP} the whole steps, which also hold what
     * runs outside the model's ops (the optimizer's update, zeroing gradients).
     */
    static Map<String, long[]> turns(DoubleSupplier step, int rounds, int steps, VcpuPin pin) {
        ThreadScaling.warmUp(step, 100);
        int sides = pin == null ? 2 : 4;
        Map<String, long[]> table = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (int turn = 0; turn < sides; turn++) {
                int side = ThreadScaling.sideAt(r, turn, sides);
                ThreadScaling.onSide(side, pin, () -> turn(step, steps, side, sides, table));
            }
        }
        return table;
    }

    /** One turn: an untimed step, then {@code steps} under an {@link OpProfile}, added to {@code table}'s side. */
    private static void turn(DoubleSupplier step, int steps, int side, int sides, Map<String, long[]> table) {
        step.getAsDouble();
        List<OpProfile.Row> rows;
        double millis = 0;
        try (OpProfile profile = OpProfile.start()) {
            for (int s = 0; s < steps; s++) millis += step.getAsDouble();
            rows = profile.rows();
        }
        long[] whole = table.computeIfAbsent(STEP, k -> new long[2 * sides]);
        whole[2 * side] += steps;
        whole[2 * side + 1] += Math.round(millis * 1e6);
        Map<String, Integer> seen = new HashMap<>();
        for (OpProfile.Row row : rows) {
            long[] cell = table.computeIfAbsent(byKind(row.phase() + " " + row.op(), seen), k -> new long[2 * sides]);
            cell[2 * side] += row.calls();
            cell[2 * side + 1] += row.nanos();
        }
    }

    /**
     * An op's name by its kind and how many of that kind ran before it in the step's phase ({@code forward linear#2},
     * the third dense layer), not by its position among all ops as {@link OpProfile} names it: one thread and two may run different ops
     * between two that both run (lenet5's dense layers one by one on one thread, as one {@code row_slices} on two),
     * and those two should still share a row.
     */
    static String byKind(String op, Map<String, Integer> seen) {
        String kind = op.substring(0, op.lastIndexOf('#'));
        return kind + "#" + (seen.merge(kind, 1, Integer::sum) - 1);
    }

    private static void print(String phase, Map<String, long[]> table) {
        rows(phase, table).forEach(System.out::println);
    }

    /** The table's rows for one phase: each op, all ops, what the step spends outside them, the whole step. */
    static List<String> rows(String phase, Map<String, long[]> table) {
        int sides = table.get(STEP).length / 2;
        List<String> rows = new ArrayList<>();
        double[] all = new double[sides];
        for (var e : table.entrySet()) {
            if (e.getKey().equals(STEP)) continue;
            double[] ms = millis(e.getValue());
            for (int i = 0; i < sides; i++) {
                if (!Double.isNaN(ms[i])) all[i] += ms[i];
            }
            rows.add(row(phase, e.getKey(), ms));
        }
        double[] step = millis(table.get(STEP)), outside = new double[sides];
        for (int i = 0; i < sides; i++) outside[i] = step[i] - all[i];
        rows.add(row(phase, "**all ops**", all));
        rows.add(row(phase, "outside the ops", outside));
        rows.add(row(phase, "**whole step**", step));
        return rows;
    }

    /** A cell's milliseconds a call on each side, NaN where a side never ran it. */
    private static double[] millis(long[] cell) {
        double[] ms = new double[cell.length / 2];
        for (int i = 0; i < ms.length; i++) ms[i] = cell[2 * i] == 0 ? Double.NaN : cell[2 * i + 1] / 1e6 / cell[2 * i];
        return ms;
    }

    /** One row: ms = {one thread, two threads} or {one thread, two threads, pinned to vCPU 0, pinned to vCPU 1}. */
    static String row(String phase, String op, double[] ms) {
        double one = ms[0], two = ms[1];
        String row = String.format(Locale.US, "| %s | %s | %.3f | %.3f | %.2fx | %.3f |", phase, op, one, two, one / two, two - one / 2);
        if (ms.length >= 4) {
            double vcpu0 = ms[2], vcpu1 = ms[3], vsMean = ThreadScaling.overVcpuMean(two, vcpu0, vcpu1);
            row += String.format(Locale.US, " %.3f / %.3f | %.2fx | %.3f |", vcpu0, vcpu1, vsMean, two - 1 / (1 / vcpu0 + 1 / vcpu1));
        }
        // An op that ran on one side only: a dash for what the other side has no figure for.
        return row.replace("NaNx", "–").replace("NaN", "–");
    }
}

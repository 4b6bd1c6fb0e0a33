package splot.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;
import java.util.function.IntConsumer;
import splot.kernel.Parallel;

/**
 * Two threads against one in one JVM: a zoo model's training steps and inference batches in short turns on one
 * thread and on two ({@link Parallel#setThreads}), the order swapped every round, so that both sides meet the same
 * phase of the machine and the same state of the JIT. Fresh JVMs, one a side, met phases tens of seconds apart on
 * the noisy 2-vCPU VM of BENCHMARKS.md, where one thread's training step of fashion-cnn moved from 57 to 76 ms
 * within a minute; and a JVM on one thread compiles on the core its loops leave free, where one on two takes that
 * core from them.
 *
 * <p>Each round also times the machine's own ceilings the same way, one copy a thread of Splot's pool, sharing
 * nothing: {@link FmaPeak}'s twelve FMA chains in registers, where two threads do twice the work of one; and a triad
 * over 16 MiB a thread ({@link MachineScaling}'s big triad), what a second thread adds to a pass over tensors of the
 * size of cifar-vgg's first activations.
 *
 * <p>Where the process may run on two CPUs or more and {@code taskset} is there ({@link VcpuPin}), each round also
 * has two more one-thread turns, the calling thread pinned to the first vCPU and then to the second: on a VM whose
 * vCPUs run at different speeds (BENCHMARKS.md, session 45: one 1.32 times as slow as the other for fashion-cnn's step,
 * which one changing from minute to minute), the unpinned turn is as fast as the vCPU the scheduler left it on, and
 * two threads can do at most the two vCPUs' work together. Their ratio to the vCPUs' mean rate, {@code (1 / two) /
 * ((1 / one0 + 1 / one1) / 2)}, is 2 for two threads that lose nothing on any such VM, as {@code bench/pinned_pair.sh}
 * measures the host's own ceiling.
 *
 * <p>Usage: {@code ThreadScaling MODEL [ROUNDS] [WARM_UP]} (default 30 rounds after 200 steps and batches of warm-up
 * on each side); each turn runs for at least 0.3 s, the turns in one order in even rounds and the reverse in odd ones.
 * Prints one line per phase ({@code training}, {@code inference}, {@code machine-fma}, {@code machine-big-triad}):
 * {@code MODEL PHASE ONE_MS TWO_MS RATIO MIN MAX}, each side's median over rounds of its turn's median step (per
 * thread's share of work for the machine's loops), and the median and range of the rounds' ratios of one thread's time
 * to two threads'; with the pinned turns, then {@code ONE0_MS ONE1_MS VS_MEAN MIN MAX}: the pinned turns' medians, and
 * the median and range of the rounds' ratios of two threads' rate to the vCPUs' mean rate.
 */
public final class ThreadScaling {
    private static final double TURN_SECONDS = 0.3;
    /** Calls of {@link FmaPeak#fmaChains} a thread does in one timed piece of the machine's turn (some 10 ms). */
    private static final int FMA_CALLS = 100;
    /** Passes of the big triad a thread makes in one timed piece (some 3 ms). */
    private static final int TRIAD_PASSES = 10;
    private static volatile float sink;
    /** Two arrays a pool thread for the big triad, made on its first step. */
    private static float[][] triadArrays;

    /** What one phase runs: a step, timed in milliseconds for one thread's share of its work. */
    record Phase(String name, DoubleSupplier step, int warmUp) {
    }

    private ThreadScaling() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: ThreadScaling MODEL [ROUNDS] [WARM_UP]");
            System.exit(2);
        }
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30, warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        requirePool("ThreadScaling");
        VcpuPin pin = VcpuPin.find().orElse(null);
        if (pin == null) System.err.println("ThreadScaling: no taskset or a single CPU: one-thread turns where the scheduler puts them only");
        ZooWorkload work = new ZooWorkload(args[0]);
        List<Phase> phases = List.of(new Phase("training", work::trainStep, warmUp), new Phase("inference", work::inferBatch, warmUp),
                new Phase("machine-fma", ThreadScaling::fmaShare, 20), new Phase("machine-big-triad", ThreadScaling::triadShare, 20));
        try {
            double[][][] ms = turns(phases, rounds, pin);
            for (int p = 0; p < phases.size(); p++) System.out.println(line(work.name, phases.get(p).name(), ms[p]));
        } finally {
            Parallel.setThreads(Parallel.poolSize());
        }
    }

    /**
     * {@code ms[p][0][r]} and {@code ms[p][1][r]}: phase p's median step in round r on one thread and on two; given
     * {@code pin}, {@code ms[p][2][r]} and {@code ms[p][3][r]} on one thread pinned to its first and its second CPU.
     */
    static double[][][] turns(List<Phase> phases, int rounds, VcpuPin pin) {
        for (Phase phase : phases) warmUp(phase.step(), phase.warmUp());
        int sides = pin == null ? 2 : 4;
        double[][][] ms = new double[phases.size()][sides][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int p = 0; p < phases.size(); p++) {
                for (int turn = 0; turn < sides; turn++) {
                    int side = sideAt(r, turn, sides), phase = p, round = r;
                    onSide(side, pin, () -> ms[phase][side][round] = turn(phases.get(phase).step()));
                }
            }
        }
        return ms;
    }

    /** {@code steps} steps, on one thread and on two in turn, before anything is timed. */
    static void warmUp(DoubleSupplier step, int steps) {
        for (int i = 0; i < steps; i++) {
            Parallel.setThreads(1 + i % 2);
            step.getAsDouble();
        }
    }

    /**
     * Runs {@code turn} on side {@code side}: one thread (0), two threads (1), or one thread pinned to {@code pin}'s first
     * CPU (2) or its second (3), let go again after the turn.
     */
    static void onSide(int side, VcpuPin pin, Runnable turn) {
        Parallel.setThreads(side == 1 ? 2 : 1);
        if (side >= 2) pin.pin(pin.cpus().get(side - 2));
        try {
            turn.run();
        } finally {
            if (side >= 2) pin.release();
        }
    }

    /** Two threads' rate over the mean of one thread's rates on the two vCPUs, from the three times. */
    static double overVcpuMean(double two, double vcpu0, double vcpu1) {
        return (1 / two) / ((1 / vcpu0 + 1 / vcpu1) / 2);
    }

    /** The side of a round's turn: sides 0, 1, ... in even rounds, the reverse order in odd ones. */
    static int sideAt(int round, int turn, int sides) {
        return round % 2 == 0 ? turn : sides - 1 - turn;
    }

    /** Refuses a pool of one thread, which has no second thread to compare with. */
    static void requirePool(String tool) {
        if (Parallel.poolSize() < 2) {
            throw new IllegalStateException(tool + " needs a pool of 2 threads or more (-Dsplot.threads=2), has " + Parallel.poolSize());
        }
    }

    /** The median of the steps of one turn of at least {@link #TURN_SECONDS} (and three steps). */
    private static double turn(DoubleSupplier step) {
        double[] times = new double[64];
        int n = 0;
        long end = System.nanoTime() + (long) (TURN_SECONDS * 1e9);
        do {
            if (n == times.length) times = Arrays.copyOf(times, 2 * n);
            times[n++] = step.getAsDouble();
        } while (System.nanoTime() < end || n < 3);
        return JarAB.median(Arrays.copyOf(times, n));
    }

    /** {@link #FMA_CALLS} calls of the FMA chains on each of the pool's threads now in use; ms per thread's share. */
    private static double fmaShare() {
        return perThread(i -> sink = FmaPeak.fmaChains(FMA_CALLS));
    }

    /** {@link #TRIAD_PASSES} passes of the big triad on each of the pool's threads now in use; ms per thread's share. */
    private static double triadShare() {
        if (triadArrays == null) triadArrays = MachineScaling.paddedArrays(2 * Parallel.poolSize(), MachineScaling.BIG_FLOATS);
        return perThread(i -> sink = MachineScaling.triad(triadArrays[2 * i], triadArrays[2 * i + 1], TRIAD_PASSES));
    }

    /** {@code share} for each of the pool's threads now in use (its index), all at once; milliseconds per share. */
    private static double perThread(IntConsumer share) {
        int threads = Parallel.threads();
        long t = System.nanoTime();
        Parallel.forRange(0, threads, (lo, hi) -> {
            for (int i = lo; i < hi; i++) share.accept(i);
        });
        return (System.nanoTime() - t) / 1e6 / threads;
    }

    /**
     * One phase's line: each side's median over rounds, then the median, least and most of the rounds' ratios; with the
     * pinned sides, their medians and the median, least and most of two threads' rate over the vCPUs' mean rate.
     */
    static String line(String model, String phase, double[][] ms) {
        int rounds = ms[0].length;
        double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++) ratios[r] = ms[0][r] / ms[1][r];
        String line = String.format(Locale.US, "%s %s %.2f %.2f %s", model, phase, JarAB.median(ms[0]), JarAB.median(ms[1]), spread(ratios));
        if (ms.length < 4) return line;
        double[] vsMean = new double[rounds];
        for (int r = 0; r < rounds; r++) vsMean[r] = overVcpuMean(ms[1][r], ms[2][r], ms[3][r]);
        return line + String.format(Locale.US, " %.2f %.2f %s", JarAB.median(ms[2]), JarAB.median(ms[3]), spread(vsMean));
    }

    /** "MEDIAN MIN MAX" of the values. */
    private static String spread(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format(Locale.US, "%.2f %.2f %.2f", JarAB.median(values), sorted[0], sorted[sorted.length - 1]);
    }
}

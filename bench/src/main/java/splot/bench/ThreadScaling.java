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
 * <p>Usage: {@code ThreadScaling MODEL [ROUNDS] [WARM_UP]} (default 30 rounds after 200 steps and batches of warm-up
 * on each side); each turn runs for at least 0.3 s. Prints one line per phase ({@code training}, {@code inference},
 * {@code machine-fma}, {@code machine-big-triad}): {@code MODEL PHASE ONE_MS TWO_MS RATIO MIN MAX}, each side's median
 * over rounds of its turn's median step (per thread's share of work for the machine's loops), and the median and range
 * of the rounds' ratios of one thread's time to two threads'.
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
        ZooWorkload work = new ZooWorkload(args[0]);
        List<Phase> phases = List.of(new Phase("training", work::trainStep, warmUp), new Phase("inference", work::inferBatch, warmUp),
                new Phase("machine-fma", ThreadScaling::fmaShare, 20), new Phase("machine-big-triad", ThreadScaling::triadShare, 20));
        try {
            double[][][] ms = turns(phases, rounds);
            for (int p = 0; p < phases.size(); p++) System.out.println(line(work.name, phases.get(p).name(), ms[p]));
        } finally {
            Parallel.setThreads(Parallel.poolSize());
        }
    }

    /** {@code ms[p][0][r]} and {@code ms[p][1][r]}: phase p's median step in round r on one thread and on two. */
    static double[][][] turns(List<Phase> phases, int rounds) {
        for (Phase phase : phases) warmUp(phase.step(), phase.warmUp());
        double[][][] ms = new double[phases.size()][2][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int p = 0; p < phases.size(); p++) {
                for (int side = 0; side < 2; side++) {
                    int threads = threadsAt(r, side);
                    Parallel.setThreads(threads);
                    ms[p][threads - 1][r] = turn(phases.get(p).step());
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

    /** The thread count of a round's first (side 0) or second turn: one thread first in even rounds, two in odd ones. */
    static int threadsAt(int round, int side) {
        return (round % 2 == 0) == (side == 0) ? 1 : 2;
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

    /** One phase's line: each side's median over rounds, then the median, least and most of the rounds' ratios. */
    static String line(String model, String phase, double[][] ms) {
        double[] ratios = new double[ms[0].length];
        for (int r = 0; r < ratios.length; r++) ratios[r] = ms[0][r] / ms[1][r];
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        return String.format(Locale.US, "%s %s %.2f %.2f %.2f %.2f %.2f", model, phase, JarAB.median(ms[0]), JarAB.median(ms[1]),
                JarAB.median(ratios), sorted[0], sorted[sorted.length - 1]);
    }
}

package splot.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What this machine gives a second thread, the ceiling that {@code bench/scaling.sh} reads Splot's scaling against:
 * two loops with no data shared between threads, each timed on one thread and on two threads at once (two copies),
 * in turns, and the median of the turns' ratios of the two threads' throughput to one thread's.
 * <ul>
 *   <li>{@code fma}: {@link FmaPeak}'s twelve FMA chains, all in registers: the cores alone.</li>
 *   <li>{@code l2-triad}: {@code y = a x + y} over two arrays of 128 KiB a thread, padded apart so that no cache line
 *   is written by both threads: the cores with their private caches.</li>
 *   <li>{@code l3-triad}: the same over two arrays of 2 MiB a thread, past L2: what the cores get from the cache they
 *   share, at the size of a convolution's Winograd block or of a batch norm's tensor in the smaller models.</li>
 *   <li>{@code big-triad}: two arrays of 8 MiB a thread, the size of cifar-vgg's first activations, which a batch norm
 *   streams (session 30 on the Zen 4: 1.04-1.26 here, against 1.7-2.0 in L2).</li>
 * </ul>
 * Each triad streams the same number of floats a turn whatever its arrays' size.
 * On the 2-vCPU VM of BENCHMARKS.md the FMA chains and the L2 triad read about 2 when the host is quiet, and less when
 * another tenant shares a core (session 28: the FMA chains 1.74-2.09).
 *
 * <p>Usage: {@code MachineScaling [TURNS]} (default 5); prints one line a loop: {@code name ratio min max}.
 */
public final class MachineScaling {
    private static final long FMA_CALLS = 4_000;
    private static final int L2_FLOATS = 32 * 1024, L3_FLOATS = 512 * 1024;
    /** Floats of each of a big triad's two arrays: 8 MiB, so 16 MiB a thread. */
    static final int BIG_FLOATS = 2 * 1024 * 1024;
    /** Elements of x a triad's turn goes through: 40,000 passes over the L2 arrays. */
    private static final long TRIAD_ELEMENTS = 40_000L * L2_FLOATS;
    private static volatile float sink;
    /** The padding between the triads' arrays, held so that a collection cannot drop it and move the arrays together. */
    private static final List<Object> PADS = new ArrayList<>();

    private MachineScaling() {
    }

    public static void main(String[] args) throws Exception {
        int turns = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Map<String, Runnable[]> loops = new LinkedHashMap<>();
            loops.put("fma", new Runnable[] {MachineScaling::fma, MachineScaling::fma});
            loops.put("l2-triad", triads(L2_FLOATS));
            loops.put("l3-triad", triads(L3_FLOATS));
            loops.put("big-triad", triads(BIG_FLOATS));
            for (int warm = 0; warm < 2; warm++) {
                for (Runnable[] work : loops.values()) ratio(pool, work);
            }
            for (var loop : loops.entrySet()) report(loop.getKey(), pool, loop.getValue(), turns);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void report(String name, ExecutorService pool, Runnable[] work, int turns) throws Exception {
        double[] ratios = new double[turns];
        for (int t = 0; t < turns; t++) ratios[t] = ratio(pool, work);
        Arrays.sort(ratios);
        System.out.printf(Locale.US, "%s %.2f %.2f %.2f%n", name, ratios[turns / 2], ratios[0], ratios[turns - 1]);
    }

    /** Two threads' throughput over one thread's: the same work on one pool thread, then a copy on each of two. */
    private static double ratio(ExecutorService pool, Runnable[] work) throws Exception {
        long t0 = System.nanoTime();
        pool.submit(work[0]).get();
        long one = System.nanoTime() - t0;
        t0 = System.nanoTime();
        Future<?> a = pool.submit(work[0]), b = pool.submit(work[1]);
        a.get();
        b.get();
        long two = System.nanoTime() - t0;
        return 2.0 * one / two;
    }

    private static void fma() {
        sink = FmaPeak.fmaChains(FMA_CALLS);
    }

    /** A triad for each of the two threads, on arrays of its own of {@code floats} each. */
    private static Runnable[] triads(int floats) {
        float[][] arrays = paddedArrays(4, floats);
        return new Runnable[] {() -> triad(arrays[0], arrays[1]), () -> triad(arrays[2], arrays[3])};
    }

    private static void triad(float[] x, float[] y) {
        sink = triad(x, y, TRIAD_ELEMENTS / x.length);
    }

    /** {@code passes} passes of {@code y = a x + y}; returns an element of y, for a sink. */
    static float triad(float[] x, float[] y, long passes) {
        for (long pass = 0; pass < passes; pass++) {
            for (int i = 0; i < x.length; i++) y[i] = 1.0001f * x[i] + y[i];
        }
        return y[0];
    }

    /** Arrays with 4 KiB allocated between them, so that two threads' arrays share no cache line. */
    static float[][] paddedArrays(int count, int floats) {
        float[][] arrays = new float[count][];
        for (int i = 0; i < count; i++) {
            PADS.add(new float[1024]);
            arrays[i] = new float[floats];
        }
        return arrays;
    }
}

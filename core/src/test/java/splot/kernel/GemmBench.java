package splot.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A quick look at GEMM speed, not a rigorous benchmark (JMH comes later): the machine's FMA peak measured
 * with twelve independent vector accumulators, then GFLOPS of square sgemm on one thread and on all.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp core/target/classes:core/target/test-classes \
 *      splot.kernel.GemmBench [sizes...]
 * </pre>
 * The thread count follows {@code -Dsplot.threads}; run once with 1 and once with the default.
 */
public final class GemmBench {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static volatile float sink;

    private GemmBench() {
    }

    public static void main(String[] args) throws InterruptedException {
        int[] sizes = args.length == 0 ? new int[] {256, 512, 1024} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        int threads = Parallel.threads();
        System.out.printf("%s, %d thread(s)%n", Gemm.implementation(), threads);
        double peak1 = fmaPeak(1), peakT = threads > 1 ? fmaPeak(threads) : peak1;
        System.out.printf("FMA peak: %.1f GFLOPS on 1 thread, %.1f on %d%n", peak1, peakT, threads);
        for (int n : sizes) {
            double g = gemmGflops(n);
            System.out.printf("sgemm %4d^3: %6.1f GFLOPS = %3.0f%% of the %d-thread peak%n", n, g, 100 * g / peakT, threads);
        }
    }

    /** Best of a few timed runs of C = A B on n x n matrices, after warming the JIT. */
    static double gemmGflops(int n) {
        float[] a = new float[n * n], b = new float[n * n], c = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % 17) * 0.01f;
            b[i] = (i % 13) * 0.02f;
        }
        long flops = 2L * n * n * n;
        int reps = (int) Math.max(1, 2e9 / flops);
        double best = 0;
        for (int round = 0; round < 5; round++) {
            long t0 = System.nanoTime();
            for (int r = 0; r < reps; r++) Gemm.sgemm(false, false, n, n, n, a, 0, n, b, 0, n, c, 0, n, false);
            long dt = System.nanoTime() - t0;
            if (round >= 2) best = Math.max(best, (double) flops * reps / dt);
        }
        sink = c[n + 1];
        return best;
    }

    /** GFLOPS of twelve independent FMA chains per thread, the most the FMA units can give. */
    static double fmaPeak(int threads) throws InterruptedException {
        long steps = 20_000_000L;
        for (int warm = 0; warm < 3; warm++) fmaLoop(steps / 10);
        double[] gflops = new double[threads];
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts[t] = new Thread(() -> {
                fmaLoop(steps / 10);
                long t0 = System.nanoTime();
                sink = fmaLoop(steps);
                gflops[id] = 12.0 * 2 * S.length() * steps / (System.nanoTime() - t0);
            });
        }
        for (Thread t : ts) t.start();
        for (Thread t : ts) t.join();
        double sum = 0;
        for (double g : gflops) sum += g;
        return sum;
    }

    private static float fmaLoop(long steps) {
        FloatVector x = FloatVector.broadcast(S, 0.999f), y = FloatVector.broadcast(S, 1e-3f);
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        FloatVector a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (long i = 0; i < steps; i++) {
            a0 = a0.fma(x, y); a1 = a1.fma(x, y); a2 = a2.fma(x, y); a3 = a3.fma(x, y);
            a4 = a4.fma(x, y); a5 = a5.fma(x, y); a6 = a6.fma(x, y); a7 = a7.fma(x, y);
            a8 = a8.fma(x, y); a9 = a9.fma(x, y); a10 = a10.fma(x, y); a11 = a11.fma(x, y);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}

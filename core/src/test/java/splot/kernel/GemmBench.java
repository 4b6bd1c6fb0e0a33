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
 * "1 thread" runs the serial path; "N threads" the public entry, with N from {@link Parallel#threads()}.
 */
public final class GemmBench {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static volatile float sink;

    private GemmBench() {
    }

    public static void main(String[] args) throws InterruptedException {
        int[] sizes = args.length == 0 ? new int[] {256, 512, 1024} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        int threads = Parallel.threads();
        System.out.printf("%s; best of runs interleaved over a few seconds, wall clock%n", Gemm.implementation());
        double peak1 = 0, peakT = 0;
        for (int attempt = 0; attempt < 5; attempt++) {
            peak1 = Math.max(peak1, fmaPeak(1));
            peakT = Math.max(peakT, fmaPeak(threads));
        }
        System.out.printf("FMA peak: %.1f GFLOPS on 1 thread, %.1f on %d%n", peak1, peakT, threads);
        for (int n : sizes) {
            float[] a = new float[n * n], b = new float[n * n], c = new float[n * n];
            for (int i = 0; i < a.length; i++) {
                a[i] = (i % 17) * 0.01f;
                b[i] = (i % 13) * 0.02f;
            }
            double g1 = 0, gT = 0;
            // Interleaving the two modes lets both see the same background load; the best run is the least disturbed.
            long end = System.nanoTime() + 3_000_000_000L;
            for (int round = 0; round < 5 || System.nanoTime() < end; round++) {
                double s1 = gemmGflops(n, a, b, c, false), sT = gemmGflops(n, a, b, c, true);
                if (round >= 2) {
                    g1 = Math.max(g1, s1);
                    gT = Math.max(gT, sT);
                }
            }
            sink = c[n + 1];
            System.out.printf("sgemm %4d^3: 1 thread %6.1f GFLOPS (%3.0f%% of peak), %d threads %6.1f GFLOPS (%3.0f%% of peak)%n",
                    n, g1, 100 * g1 / peak1, threads, gT, 100 * gT / peakT);
        }
    }

    /** One timed C = A B on n x n matrices (repeated up to ~0.1 GFLOP), on one thread or through the public entry. */
    static double gemmGflops(int n, float[] a, float[] b, float[] c, boolean parallel) {
        long flops = 2L * n * n * n;
        int reps = (int) Math.max(1, 1e8 / flops);
        long t0 = System.nanoTime();
        for (int r = 0; r < reps; r++) {
            if (parallel) {
                Gemm.sgemm(false, false, n, n, n, a, 0, n, b, 0, n, c, 0, n, false);
            } else {
                Gemm.serial(Gemm.KERNELS, false, false, n, n, n, a, 0, n, b, 0, n, c, 0, n, false);
            }
        }
        return (double) flops * reps / (System.nanoTime() - t0);
    }

    /** GFLOPS of twelve independent FMA chains per thread, the most the FMA units can give. */
    static double fmaPeak(int threads) throws InterruptedException {
        long steps = 2_000_000L;
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

package splot.kernel;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
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
 *
 * <p>Each figure is the best of runs interleaved over a few seconds, given twice: by the wall clock, and by
 * CPU time (flops per CPU-second of the busy threads, times their number). On a machine shared with other
 * work the second one estimates what the cores would give if they were not taken away now and then; it
 * leaves out time a thread spends waiting for the others, so on a quiet machine trust the wall clock.
 */
public final class GemmBench {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final ThreadMXBean THREAD_CPU = ManagementFactory.getThreadMXBean();
    private static volatile float sink;

    private GemmBench() {
    }

    /** GFLOPS by the wall clock and by CPU time; {@link #max} keeps the best of each. */
    record Rate(double wall, double cpu) {
        Rate max(Rate o) {
            return new Rate(Math.max(wall, o.wall), Math.max(cpu, o.cpu));
        }

        @Override
        public String toString() {
            return String.format("%6.1f GFLOPS (CPU time: %6.1f)", wall, cpu);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        int[] sizes = args.length == 0 ? new int[] {256, 512, 1024} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        int threads = Parallel.threads();
        System.out.printf("%s, %d threads; best of interleaved runs%n", Gemm.implementation(), threads);
        Rate peak1 = new Rate(0, 0), peakT = new Rate(0, 0);
        for (int attempt = 0; attempt < 5; attempt++) {
            peak1 = peak1.max(fmaPeak(1));
            peakT = peakT.max(fmaPeak(threads));
        }
        System.out.printf("FMA peak, 1 thread:  %s%nFMA peak, %d threads: %s%n", peak1, threads, peakT);
        for (int n : sizes) {
            float[] a = new float[n * n], b = new float[n * n], c = new float[n * n];
            for (int i = 0; i < a.length; i++) {
                a[i] = (i % 17) * 0.01f;
                b[i] = (i % 13) * 0.02f;
            }
            Rate g1 = new Rate(0, 0), gT = new Rate(0, 0);
            // Interleaving the two modes lets both see the same background load; the best run is the least disturbed.
            long end = System.nanoTime() + 3_000_000_000L;
            for (int round = 0; round < 5 || System.nanoTime() < end; round++) {
                Rate s1 = gemm(n, a, b, c, 1), sT = gemm(n, a, b, c, threads);
                if (round >= 2) {
                    g1 = g1.max(s1);
                    gT = gT.max(sT);
                }
            }
            sink = c[n + 1];
            System.out.printf("sgemm %4d^3, 1 thread:  %s = %3.0f%% (%3.0f%%) of peak%n", n, g1, 100 * g1.wall / peak1.wall, 100 * g1.cpu / peak1.cpu);
            System.out.printf("sgemm %4d^3, %d threads: %s = %3.0f%% (%3.0f%%) of peak%n", n, threads, gT, 100 * gT.wall / peakT.wall, 100 * gT.cpu / peakT.cpu);
        }
    }

    private static long allThreadsCpuTime() {
        long sum = 0;
        for (long id : THREAD_CPU.getAllThreadIds()) sum += Math.max(0, THREAD_CPU.getThreadCpuTime(id));
        return sum;
    }

    /** One timed C = A B on n x n matrices (repeated up to ~0.4 GFLOP): the serial path, or the public entry. */
    static Rate gemm(int n, float[] a, float[] b, float[] c, int threads) {
        long flops = 2L * n * n * n;
        int reps = (int) Math.max(1, 4e8 / flops);
        long cpu0 = threads == 1 ? THREAD_CPU.getCurrentThreadCpuTime() : allThreadsCpuTime(), t0 = System.nanoTime();
        for (int r = 0; r < reps; r++) {
            if (threads > 1) {
                Gemm.sgemm(false, false, n, n, n, a, 0, n, b, 0, n, c, 0, n, false);
            } else {
                Gemm.serial(Gemm.KERNELS, false, false, n, n, n, a, 0, n, b, 0, n, c, 0, n, false);
            }
        }
        long wall = System.nanoTime() - t0;
        long cpu = (threads == 1 ? THREAD_CPU.getCurrentThreadCpuTime() : allThreadsCpuTime()) - cpu0;
        double total = (double) flops * reps;
        return new Rate(total / wall, total / Math.max(1, cpu) * threads);
    }

    /** GFLOPS of twelve independent FMA chains per thread, the most the FMA units can give. */
    static Rate fmaPeak(int threads) throws InterruptedException {
        long steps = 2_000_000L;
        for (int warm = 0; warm < 3; warm++) fmaLoop(steps / 10);
        double flops = 12.0 * 2 * S.length() * steps;
        long[] wall = new long[threads], cpu = new long[threads];
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts[t] = new Thread(() -> {
                fmaLoop(steps / 10);
                long c0 = THREAD_CPU.getCurrentThreadCpuTime(), t0 = System.nanoTime();
                sink = fmaLoop(steps);
                wall[id] = System.nanoTime() - t0;
                cpu[id] = THREAD_CPU.getCurrentThreadCpuTime() - c0;
            });
        }
        for (Thread t : ts) t.start();
        for (Thread t : ts) t.join();
        double byWall = 0, byCpu = 0;
        for (int t = 0; t < threads; t++) {
            byWall += flops / wall[t];
            byCpu += flops / Math.max(1, cpu[t]);
        }
        return new Rate(byWall, byCpu);
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
                .reduceLanes(VectorOperators.ADD);
    }
}

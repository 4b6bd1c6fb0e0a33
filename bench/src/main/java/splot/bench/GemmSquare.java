package splot.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import splot.kernel.Gemm;
import splot.tensor.Rng;

/**
 * Square single-precision GEMM, C (n x n) = A (n x n) B (n x n), through the public {@link Gemm#sgemm} entry:
 * on all of {@link splot.kernel.Parallel}'s threads ({@code splot.threads}, default the processor count), and
 * in a JVM started with {@code -Dsplot.threads=1} for the one-core figure.
 *
 * <p>Flops per call: 2 n^3; see {@link Flops} for how {@code :gflops} reads.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class GemmSquare {
    @Param({"64", "128", "256", "512", "1024", "2048"})
    public int n;

    private float[] a, b, c;

    @Setup
    public void fill() {
        Rng.seed(n);
        a = new float[n * n];
        b = new float[n * n];
        c = new float[n * n];
        Rng.uniform(a, -1, 1);
        Rng.uniform(b, -1, 1);
    }

    /** All threads: large products are split over the pool by rows (or columns) of C. */
    @Benchmark
    public float sgemm(Flops flops) {
        return multiply(flops);
    }

    /** One thread: the same entry in a JVM where Parallel has one thread, so it never splits. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC", "-Dsplot.threads=1"})
    public float sgemmOneThread(Flops flops) {
        return multiply(flops);
    }

    private float multiply(Flops flops) {
        Gemm.sgemm(false, false, n, n, n, a, 0, n, b, 0, n, c, 0, n, false);
        flops.add(2.0 * n * n * n);
        return c[n + 1];
    }
}

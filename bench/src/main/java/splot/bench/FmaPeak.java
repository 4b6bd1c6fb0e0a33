package splot.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's FMA peak, the ceiling every GEMM and convolution figure is read against: twelve independent
 * chains of fused multiply-adds on {@code FloatVector.SPECIES_PREFERRED} per thread, enough to cover the FMA
 * latency (4 cycles) times the FMA units (2) of current x86 cores, on 1, 2 and all threads.
 *
 * <p>Flops per call: 12 chains x {@link #STEPS} steps x 2 (multiply and add) x lanes (16 floats with AVX-512,
 * 8 with AVX2); see {@link Flops} for how {@code :gflops} reads.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class FmaPeak {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Steps per call: some 0.1 ms, long enough that JMH's own per-call overhead is noise. */
    static final int STEPS = 1 << 16;
    static final double FLOPS = 12.0 * STEPS * 2 * S.length();

    /** Fields, not constants, so the JIT cannot fold the chains away. */
    float x = 0.999f, y = 1e-3f;

    @Benchmark
    @Threads(1)
    public float oneThread(Flops flops) {
        flops.add(FLOPS);
        return fmaChains(x, y);
    }

    @Benchmark
    @Threads(2)
    public float twoThreads(Flops flops) {
        flops.add(FLOPS);
        return fmaChains(x, y);
    }

    /** As many threads as the JVM sees processors: the peak that an all-thread GEMM is compared to. */
    @Benchmark
    @Threads(Threads.MAX)
    public float allThreads(Flops flops) {
        flops.add(FLOPS);
        return fmaChains(x, y);
    }

    /** {@code calls} calls of {@link #fmaChains}, their results summed so that none is dead: the machine-scaling loops. */
    static float fmaChains(long calls) {
        float s = 0;
        for (long i = 0; i < calls; i++) s += fmaChains(0.999f, 1e-3f);
        return s;
    }

    /** Twelve accumulators a_i = a_i + x * y, each step one FMA per chain; the sum is returned so none is dead. */
    static float fmaChains(float xs, float ys) {
        FloatVector x = FloatVector.broadcast(S, xs), y = FloatVector.broadcast(S, ys);
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        FloatVector a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (int i = 0; i < STEPS; i++) {
            a0 = a0.fma(x, y); a1 = a1.fma(x, y); a2 = a2.fma(x, y); a3 = a3.fma(x, y);
            a4 = a4.fma(x, y); a5 = a5.fma(x, y); a6 = a6.fma(x, y); a7 = a7.fma(x, y);
            a8 = a8.fma(x, y); a9 = a9.fma(x, y); a10 = a10.fma(x, y); a11 = a11.fma(x, y);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.ADD);
    }
}

package splot.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A JMH counter of the floating-point work done: each benchmark adds its flop count per call, and JMH reports
 * the sum over an iteration divided by its time as the secondary result {@code <benchmark>:gflops}.
 *
 * <p>Why a counter and not {@code @OperationsPerInvocation}: that one must be a compile-time constant, while the
 * flop count of a call depends on a {@code @Param} (the matrix size) or on the machine (the vector width).
 * JMH prints the unit of every OPERATIONS counter as "ops/s"; here one op is 10^9 flops, so the score
 * reads as GFLOPS. Throughput benchmarks on several threads report the sum over the threads.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Flops {
    /** Billions of floating-point operations done in this iteration (a multiply-add counts as two). */
    public double gflops;

    /** Adds {@code flops} operations; call once per benchmark invocation. */
    public void add(double flops) {
        gflops += flops * 1e-9;
    }

    /** JMH does not clear counters between iterations: each iteration starts from zero here. */
    @Setup(Level.Iteration)
    public void clear() {
        gflops = 0;
    }
}

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
import splot.kernel.Softmax;
import splot.tensor.Rng;

/**
 * The softmax of a cross-entropy's batch, {@code rows} rows of {@code classes} logits (128 x 10 is the seed models'
 * training batch), one thread, microseconds a call: {@code rows}, {@link Softmax#rows} (the batch's exps in one
 * vectorised loop); {@code rowByRow}, {@link Softmax#row} on each row: {@code Math.exp} a call per element, as a strided
 * row takes it and as the loss took every row until session 56, what the polynomial replaces.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC", "-Dsplot.threads=1"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class SoftmaxRows {
    @Param({"128"})
    public int rows;
    @Param({"10", "1000"})
    public int classes;

    private float[] x, out;
    private double[] logSumExp;

    @Setup
    public void fill() {
        Rng.seed(classes);
        x = new float[rows * classes];
        out = new float[rows * classes];
        logSumExp = new double[rows];
        Rng.uniform(x, -8, 8);
    }

    @Benchmark
    public double rows() {
        Softmax.rows(x, rows, classes, out, logSumExp);
        return logSumExp[rows - 1];
    }

    @Benchmark
    public double rowByRow() {
        for (int r = 0; r < rows; r++) logSumExp[r] = Softmax.row(x, r * classes, 1, classes, out);
        return logSumExp[rows - 1];
    }
}

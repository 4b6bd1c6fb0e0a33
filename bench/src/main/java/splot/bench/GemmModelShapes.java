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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import splot.kernel.Gemm;
import splot.tensor.Rng;

/**
 * The GEMMs that training the seed models runs, C (m x n) = op(A) (m x k) op(B) (k x n), one shape per
 * {@code @Param} written {@code model/layer.pass:MxNxK:AB}, where A and B are N (as stored) or T (stored
 * transposed). Flops per call: 2 m n k; see {@link Flops} for how {@code :gflops} reads.
 *
 * <p>Where the shapes come from (splot.ops.Convolution, splot.ops.MatMul): a 3x3 convolution with Cin inputs,
 * Cout outputs and P = Hout * Wout output pixels has k = 9 Cin; each thread puts the column matrices of
 * {@code imagesPerGemm = clamp(2^18 / (max(k, Cout) P), 1, 16)} images side by side, width = images * P, and runs
 * <ul>
 *   <li>fwd: W (Cout x k) x col (k x width), NN;</li>
 *   <li>dW, transposed: col (k x width) x dy^T (width x Cout), NT;</li>
 *   <li>dX: W^T (k x Cout) x dy (Cout x width), TN; not run for a model's first layer (its input needs no gradient).</li>
 * </ul>
 * A dense layer with batch N, in and out features: fwd x (N x in) x W^T (in x out), W^T written out, NN;
 * dX g (N x out) x W (out x in), NN; dW g^T (out x N) x x (N x in), TN.
 * fashion-cnn: Conv2d 1->64 on 28x28 and 64->128 on 13x13 (valid), Linear 3200->128, batch 128.
 * cifar-vgg: Conv2d 3->32, 32->32 on 32x32, 32->64, 64->64 on 16x16, 64->128, 128->128 on 8x8 (same),
 * Linear 2048->512, batch 64. Only the full blocks are listed, not the narrower last block of a thread's share.
 *
 * <p>Two ways to run them: {@code sgemm}, the public entry on all of Parallel's threads, as a dense layer runs
 * it; and {@code sgemmPerThread}, one GEMM per thread on every processor at once with Parallel off, as a
 * convolution runs them (each thread its own images, its GEMMs inline).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class GemmModelShapes {
    @Param({
            "fashion-cnn/conv1.fwd:64x4056x9:NN", "fashion-cnn/conv1.dW:9x64x4056:NT",
            "fashion-cnn/conv2.fwd:128x363x576:NN", "fashion-cnn/conv2.dW:576x128x363:NT", "fashion-cnn/conv2.dX:576x363x128:TN",
            "fashion-cnn/fc1.fwd:128x128x3200:NN", "fashion-cnn/fc1.dX:128x3200x128:NN", "fashion-cnn/fc1.dW:128x3200x128:TN",
            "cifar-vgg/conv1.fwd:32x8192x27:NN", "cifar-vgg/conv1.dW:27x32x8192:NT",
            "cifar-vgg/conv2.fwd:32x1024x288:NN", "cifar-vgg/conv2.dW:288x32x1024:NT", "cifar-vgg/conv2.dX:288x1024x32:TN",
            "cifar-vgg/conv3.fwd:64x768x288:NN", "cifar-vgg/conv3.dW:288x64x768:NT", "cifar-vgg/conv3.dX:288x768x64:TN",
            "cifar-vgg/conv4.fwd:64x256x576:NN", "cifar-vgg/conv4.dW:576x64x256:NT", "cifar-vgg/conv4.dX:576x256x64:TN",
            "cifar-vgg/conv5.fwd:128x448x576:NN", "cifar-vgg/conv5.dW:576x128x448:NT", "cifar-vgg/conv5.dX:576x448x128:TN",
            "cifar-vgg/conv6.fwd:128x192x1152:NN", "cifar-vgg/conv6.dW:1152x128x192:NT", "cifar-vgg/conv6.dX:1152x192x128:TN",
            "cifar-vgg/fc1.fwd:64x512x2048:NN", "cifar-vgg/fc1.dX:64x2048x512:NN", "cifar-vgg/fc1.dW:512x2048x64:TN",
    })
    public String shape;

    private GemmShape g;
    private float[] a, b, c;

    @Setup
    public void fill() {
        g = GemmShape.parse(shape);
        Rng.seed(shape.hashCode());
        a = new float[g.m() * g.k()];
        b = new float[g.k() * g.n()];
        c = new float[g.m() * g.n()];
        Rng.uniform(a, -1, 1);
        Rng.uniform(b, -1, 1);
    }

    /** The public entry on all of Parallel's threads: split by rows or columns of C when the product is large. */
    @Benchmark
    public float sgemm(Flops flops) {
        return multiply(flops);
    }

    /** Every processor runs GEMMs of its own at once, each on one thread, as the convolutions do. */
    @Benchmark
    @Threads(Threads.MAX)
    @Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC", "-Dsplot.threads=1"})
    public float sgemmPerThread(Flops flops) {
        return multiply(flops);
    }

    private float multiply(Flops flops) {
        Gemm.sgemm(g.transA(), g.transB(), g.m(), g.n(), g.k(), a, 0, g.lda(), b, 0, g.ldb(), c, 0, g.n(), false);
        flops.add(g.flops());
        return c[c.length - 1];
    }
}

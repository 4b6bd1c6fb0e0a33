package splot.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import splot.ops.Conv2dSpec;
import splot.ops.Convolution;
import splot.tensor.Rng;
import splot.tensor.Tensor;

/**
 * Each 3x3 convolution of fashion-cnn and cifar-vgg on a training batch, through the public op
 * {@link Convolution#conv2d} (im2col, GEMM, col2im, the batch split over Parallel's threads): the forward pass
 * alone, and forward plus {@link Tensor#backward} (the weight, bias and, except for a model's first layer, input
 * gradients). One {@code @Param} per layer, written {@code model/layer:NxCinxHxW:Cout:padP[:first]}.
 *
 * <p>Flops per call, with Hout = H + 2P - 2, Wout = W + 2P - 2: forward F = 2 N Cout Hout Wout 9 Cin;
 * forward and backward 3F (dW and dX are GEMMs of the same size as the forward), 2F for a first layer.
 * Bias, im2col and col2im are not counted. Besides {@code :gflops} (see {@link Flops}), {@code :images} reads
 * as images per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class ConvLayers {
    @Param({
            "fashion-cnn/conv1:128x1x28x28:64:pad0:first", "fashion-cnn/conv2:128x64x13x13:128:pad0",
            "cifar-vgg/conv1:64x3x32x32:32:pad1:first", "cifar-vgg/conv2:64x32x32x32:32:pad1",
            "cifar-vgg/conv3:64x32x16x16:64:pad1", "cifar-vgg/conv4:64x64x16x16:64:pad1",
            "cifar-vgg/conv5:64x64x8x8:128:pad1", "cifar-vgg/conv6:64x128x8x8:128:pad1",
    })
    public String layer;

    /** A second counter beside {@link Flops}: images through the layer per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Images {
        public double images;

        @Setup(Level.Iteration)
        public void clear() {
            images = 0;
        }
    }

    private Tensor x, weight, bias, gradOutput;
    private Conv2dSpec spec;
    private boolean first;
    private double forwardFlops;

    @Setup
    public void create() {
        String[] parts = layer.split(":");
        String[] in = parts[1].split("x");
        int n = Integer.parseInt(in[0]), cin = Integer.parseInt(in[1]), h = Integer.parseInt(in[2]), w = Integer.parseInt(in[3]);
        int cout = Integer.parseInt(parts[2]), pad = Integer.parseInt(parts[3].substring("pad".length()));
        first = parts.length > 4 && parts[4].equals("first");
        spec = Conv2dSpec.DEFAULT.padding(pad);
        Rng.seed(layer.hashCode());
        x = Tensor.randn(n, cin, h, w);
        weight = Tensor.randn(cout, cin, 3, 3).mul(0.1f).detach();
        bias = Tensor.randn(cout);
        int outH = spec.outHeight(h, 3), outW = spec.outWidth(w, 3);
        gradOutput = Tensor.randn(n, cout, outH, outW);
        forwardFlops = 2.0 * n * cout * outH * outW * 9 * cin;
    }

    @Benchmark
    public Tensor forward(Flops flops, Images images) {
        Tensor y = Convolution.conv2d(x, weight, bias, spec);
        flops.add(forwardFlops);
        images.images += x.dim(0);
        return y;
    }

    @Benchmark
    public float forwardBackward(Flops flops, Images images) {
        weight.requiresGrad(true);
        bias.requiresGrad(true);
        x.requiresGrad(!first);
        Tensor y = Convolution.conv2d(x, weight, bias, spec);
        y.backward(gradOutput);
        float probe = weight.gradBuffer()[0];
        weight.zeroGrad();
        bias.zeroGrad();
        x.zeroGrad();
        flops.add(forwardFlops * (first ? 2 : 3));
        images.images += x.dim(0);
        return probe;
    }
}

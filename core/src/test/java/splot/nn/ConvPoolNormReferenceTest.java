package splot.nn;

import static org.junit.jupiter.api.Assertions.assertNull;
import static splot.testing.Reference.assertClose;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import splot.tensor.Tensor;
import splot.testing.Reference;

/**
 * Convolution, pooling, padding and batch-norm layers against PyTorch 1.13
 * (tools/reference/conv_pool_norm.py): forward output and the gradients of input, weight and bias
 * for a fixed upstream gradient, within 1e-4 relative.
 */
class ConvPoolNormReferenceTest {
    private static final Reference CONV = Reference.load("conv/conv.json");
    private static final Reference POOL = Reference.load("conv/pool.json");
    private static final Reference NORM = Reference.load("conv/norm.json");

    @Test
    void conv1d() {
        checkConv("conv1d_basic", new Conv1d(4, 3));
        checkConv("conv1d_stride_pad_dilation_groups", new Conv1d(6, 3).stride(2).padding(Padding.of(2)).dilation(2).groups(2));
        checkConv("conv1d_same", new Conv1d(2, 4, Padding.SAME).bias(false));
    }

    @Test
    void conv2d() {
        checkConv("conv2d_basic", new Conv2d(4, 3));
        checkConv("conv2d_stride2_pad1", new Conv2d(5, 3).stride(2).padding(Padding.of(1)));
        checkConv("conv2d_dilation2_nobias", new Conv2d(3, 3, Padding.of(2)).dilation(2).bias(false));
        checkConv("conv2d_groups2_rect", new Conv2d(6, 2, 3).stride(1, 2).padding(Padding.of(1, 0)).groups(2));
        checkConv("conv2d_same_even_kernel", new Conv2d(3, 4, Padding.SAME));
        checkConv("conv2d_same_stride2", new Conv2d(3, 3, Padding.SAME).stride(2));
        checkConv("conv2d_pointwise", new Conv2d(4, 1).groups(2));
    }

    private static void checkConv(String name, Layer layer) {
        Reference ref = CONV.at(name);
        Tensor x = ref.tensor("x").requiresGrad(true);
        layer.buildFor(x.shape().withoutBatch());
        Tensor weight = layer instanceof Conv2d c ? c.weight() : ((Conv1d) layer).weight();
        Tensor bias = layer instanceof Conv2d c ? c.bias() : ((Conv1d) layer).bias();
        copy(ref.tensor("weight"), weight);
        if (ref.node().has("bias")) copy(ref.tensor("bias"), bias);
        else assertNull(bias, name + " has no bias");
        Tensor y = layer.call(x);
        y.backward(ref.tensor("grad_y"));
        assertClose(ref.tensor("y"), y, name + " y");
        assertClose(ref.tensor("grad_x"), x.grad(), name + " grad x");
        assertClose(ref.tensor("grad_weight"), weight.grad(), name + " grad weight");
        if (bias != null) assertClose(ref.tensor("grad_bias"), bias.grad(), name + " grad bias");
    }

    @Test
    void pooling() {
        checkParameterFree("max_pool2d_2", () -> new MaxPool2d(2));
        checkParameterFree("max_pool2d_3_stride2_pad1", () -> new MaxPool2d(3, 2).padding(1));
        checkParameterFree("avg_pool2d_2", () -> new AvgPool2d(2));
        checkParameterFree("avg_pool2d_3_stride2_pad1", () -> new AvgPool2d(3, 2).padding(1));
        checkParameterFree("max_pool1d_2", () -> new MaxPool1d(2));
        checkParameterFree("max_pool1d_3_stride2_pad1", () -> new MaxPool1d(3, 2).padding(1));
        checkParameterFree("avg_pool1d_3_stride2_pad1", () -> new AvgPool1d(3, 2).padding(1));
        checkParameterFree("global_avg_pool2d", GlobalAvgPool2d::new);
        checkParameterFree("zero_pad2d", () -> new ZeroPad2d(1, 3, 2, 0));
    }

    private static void checkParameterFree(String name, Supplier<Layer> make) {
        Reference ref = POOL.at(name);
        Tensor x = ref.tensor("x").requiresGrad(true);
        Tensor y = make.get().call(x);
        y.backward(ref.tensor("grad_y"));
        assertClose(ref.tensor("y"), y, name + " y");
        assertClose(ref.tensor("grad_x"), x.grad(), name + " grad x");
    }

    @Test
    void batchNorm2d() {
        checkBatchNorm("batch_norm2d", new BatchNorm2d(), new BatchNorm2d());
    }

    @Test
    void batchNorm1d() {
        checkBatchNorm("batch_norm1d_features", new BatchNorm1d(), new BatchNorm1d());
        checkBatchNorm("batch_norm1d_signals", new BatchNorm1d(0.3, 1e-3), new BatchNorm1d(0.3, 1e-3));
    }

    /** One training step (output, gradients, updated running statistics), then evaluation with those statistics. */
    private static void checkBatchNorm(String name, BatchNorm train, BatchNorm eval) {
        Reference ref = NORM.at(name);
        Reference tr = ref.at("train");
        Tensor x = tr.tensor("x").requiresGrad(true);
        load(train, tr, ref.tensor("running_mean"), ref.tensor("running_var"));
        Tensor y = train.call(x);
        y.backward(tr.tensor("grad_y"));
        assertClose(tr.tensor("y"), y, name + " train y");
        assertClose(tr.tensor("grad_x"), x.grad(), name + " train grad x");
        assertClose(tr.tensor("grad_weight"), train.weight().grad(), name + " train grad weight");
        assertClose(tr.tensor("grad_bias"), train.bias().grad(), name + " train grad bias");
        assertClose(tr.tensor("running_mean_after"), train.runningMean(), name + " running mean");
        assertClose(tr.tensor("running_var_after"), train.runningVar(), name + " running var");

        Reference ev = ref.at("eval");
        Tensor xe = ev.tensor("x").requiresGrad(true);
        load(eval, ev, tr.tensor("running_mean_after"), tr.tensor("running_var_after"));
        eval.eval();
        Tensor ye = eval.call(xe);
        ye.backward(ev.tensor("grad_y"));
        assertClose(ev.tensor("y"), ye, name + " eval y");
        assertClose(ev.tensor("grad_x"), xe.grad(), name + " eval grad x");
        assertClose(ev.tensor("grad_weight"), eval.weight().grad(), name + " eval grad weight");
        assertClose(ev.tensor("grad_bias"), eval.bias().grad(), name + " eval grad bias");
        assertClose(tr.tensor("running_mean_after"), eval.runningMean(), name + " running mean unchanged in eval");
    }

    private static void load(BatchNorm layer, Reference step, Tensor mean, Tensor var) {
        layer.buildFor(step.tensor("x").shape().withoutBatch());
        copy(step.tensor("weight"), layer.weight());
        copy(step.tensor("bias"), layer.bias());
        copy(mean, layer.runningMean());
        copy(var, layer.runningVar());
    }

    static void copy(Tensor from, Tensor to) {
        if (!from.shape().equals(to.shape())) throw new AssertionError("fixture shape " + from.shape() + " vs layer " + to.shape());
        System.arraycopy(from.data(), 0, to.data(), 0, to.size());
    }
}

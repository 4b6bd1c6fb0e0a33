package splot.nn;

import static splot.testing.Reference.assertClose;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import splot.tensor.Shape;
import splot.tensor.Tensor;
import splot.testing.Reference;

/** Linear and the activation layers against PyTorch 1.13 (tools/reference/basic_layers.py). */
class BasicLayersReferenceTest {

    @Test
    void linearMatchesPyTorch() {
        Reference ref = Reference.load("basic/linear.json");
        Linear layer = new Linear(3);
        layer.buildFor(Shape.of(7));
        copy(ref.tensor("weight"), layer.weight());
        copy(ref.tensor("bias"), layer.bias());
        Tensor x = ref.tensor("x").requiresGrad(true);
        Tensor y = layer.call(x);
        y.backward(ref.tensor("grad_y"));
        assertClose(ref.tensor("y"), y, "linear y");
        assertClose(ref.tensor("grad_x"), x.grad(), "linear grad x");
        assertClose(ref.tensor("grad_weight"), layer.weight().grad(), "linear grad weight");
        assertClose(ref.tensor("grad_bias"), layer.bias().grad(), "linear grad bias");
    }

    @Test
    void activationLayersMatchPyTorch() {
        Reference ref = Reference.load("basic/activations.json");
        Map<String, UnaryOperator<Tensor>> layers = Map.of(
                "relu", x -> new ReLU().call(x),
                "leaky_relu", x -> new LeakyReLU(0.1f).call(x),
                "tanh", x -> new Tanh().call(x),
                "sigmoid", x -> new Sigmoid().call(x),
                "gelu", x -> new GELU().call(x),
                "softmax", x -> new Softmax().call(x),
                "log_softmax", x -> x.logSoftmax(1));
        layers.forEach((name, f) -> {
            Tensor x = ref.tensor("x").requiresGrad(true);
            Tensor y = f.apply(x);
            y.backward(ref.tensor("grad_y"));
            assertClose(ref.tensor(name, "y"), y, name + " y");
            assertClose(ref.tensor(name, "grad_x"), x.grad(), name + " grad x");
        });
    }

    static void copy(Tensor from, Tensor to) {
        System.arraycopy(from.data(), 0, to.data(), 0, to.size());
    }
}

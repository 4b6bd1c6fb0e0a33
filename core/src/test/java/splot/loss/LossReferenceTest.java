package splot.loss;

import static splot.testing.Reference.assertClose;

import org.junit.jupiter.api.Test;
import splot.tensor.Tensor;
import splot.testing.Reference;

/** Loss values and gradients against PyTorch (tools/reference/losses_optim.py). */
class LossReferenceTest {
    private static final Reference REF = Reference.load("loss/losses.json");

    @Test
    void crossEntropyWithLabels() {
        check("cross_entropy_labels", Loss.crossEntropy(Reduction.MEAN), Loss.crossEntropy(Reduction.SUM), Loss.crossEntropy(Reduction.NONE));
    }

    @Test
    void crossEntropyWithProbabilities() {
        check("cross_entropy_probabilities", Loss.crossEntropy(), Loss.crossEntropy(Reduction.SUM), Loss.crossEntropy(Reduction.NONE));
    }

    @Test
    void crossEntropyPerPosition() {
        check("cross_entropy_spatial", Loss.crossEntropy(), Loss.crossEntropy(Reduction.SUM), Loss.crossEntropy(Reduction.NONE));
    }

    @Test
    void binaryCrossEntropyWithLogits() {
        check("bce_with_logits", Loss.binaryCrossEntropy(), Loss.binaryCrossEntropy(Reduction.SUM), Loss.binaryCrossEntropy(Reduction.NONE));
    }

    @Test
    void binaryCrossEntropyOnProbabilities() {
        check("bce_on_probabilities", Loss.binaryCrossEntropy(Reduction.MEAN, false), Loss.binaryCrossEntropy(Reduction.SUM, false),
                Loss.binaryCrossEntropy(Reduction.NONE, false));
    }

    @Test
    void meanSquaredError() {
        check("mse", Loss.mse(), Loss.mse(Reduction.SUM), Loss.mse(Reduction.NONE));
    }

    private static void check(String name, Loss mean, Loss sum, Loss none) {
        Reference c = REF.at(name);
        for (Loss loss : new Loss[] {mean, sum}) {
            String r = loss.reduction().name().toLowerCase();
            Tensor output = c.tensor("output").requiresGrad(true);
            Tensor target = c.tensor("target");
            boolean targetGrad = c.node(r).has("target_grad");
            target.requiresGrad(targetGrad);
            Tensor value = loss.compute(output, target);
            value.backward();
            String what = name + " (" + r + ")";
            assertClose(c.tensor(r, "loss"), value, what + " loss");
            assertClose(c.tensor(r, "grad"), output.grad(), what + " gradient");
            if (targetGrad) assertClose(c.tensor(r, "target_grad"), target.grad(), what + " target gradient");
        }
        assertClose(c.tensor("none", "loss"), none.compute(c.tensor("output"), c.tensor("target")), name + " (none)");
    }
}

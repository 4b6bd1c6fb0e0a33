package splot.loss;

import static splot.testing.GradCheck.uniform;

import java.util.function.Function;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import splot.testing.GradCheck;
import splot.tensor.Tensor;

/** Finite-difference checks of every loss's backward, under every reduction. */
class LossGradTest {
    @ParameterizedTest
    @EnumSource(Reduction.class)
    void crossEntropyWithLabels(Reduction r) {
        Tensor labels = Tensor.of(new float[] {0, 3, 1, 2, 3, 0}, 6);
        Loss loss = Loss.crossEntropy(r);
        GradCheck.check(in -> loss.compute(in.get(0), labels), uniform(1, -2, 2, 6, 4));
    }

    @ParameterizedTest
    @EnumSource(Reduction.class)
    void crossEntropyWithProbabilitiesInBothInputs(Reduction r) {
        // Targets that do not sum to one exercise the general form softmax * sum(t) - t.
        Loss loss = Loss.crossEntropy(r);
        GradCheck.check(in -> loss.compute(in.get(0), in.get(1)), uniform(2, -2, 2, 5, 3), uniform(3, 0, 1, 5, 3));
    }

    @ParameterizedTest
    @EnumSource(Reduction.class)
    void crossEntropyPerPosition(Reduction r) {
        Tensor labels = Tensor.of(new float[] {0, 2, 1, 1, 2, 0, 0, 1}, 2, 2, 2);
        Loss loss = Loss.crossEntropy(r);
        GradCheck.check(in -> loss.compute(in.get(0), labels), uniform(4, -2, 2, 2, 3, 2, 2));
    }

    @ParameterizedTest
    @EnumSource(Reduction.class)
    void binaryCrossEntropyWithLogits(Reduction r) {
        Loss loss = Loss.binaryCrossEntropy(r);
        GradCheck.check(pair(loss), uniform(5, -4, 4, 3, 5), uniform(6, 0, 1, 3, 5));
    }

    @ParameterizedTest
    @EnumSource(Reduction.class)
    void binaryCrossEntropyOnProbabilities(Reduction r) {
        Loss loss = Loss.binaryCrossEntropy(r, false);
        GradCheck.check(pair(loss), 1e-3, 2e-2, 2e-3, uniform(7, 0.1f, 0.9f, 3, 5), uniform(8, 0, 1, 3, 5));
    }

    @ParameterizedTest
    @EnumSource(Reduction.class)
    void meanSquaredError(Reduction r) {
        Loss loss = Loss.mse(r);
        GradCheck.check(pair(loss), uniform(9, -2, 2, 4, 3), uniform(10, -2, 2, 4, 3));
    }

    private static Function<List<Tensor>, Tensor> pair(Loss loss) {
        return in -> loss.compute(in.get(0), in.get(1));
    }
}

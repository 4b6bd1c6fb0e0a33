package splot.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import splot.loss.Loss;
import splot.nn.Linear;
import splot.nn.Sequential;
import splot.nn.Tanh;
import splot.optim.Adam;
import splot.optim.AdamW;
import splot.optim.Optimizer;
import splot.optim.RMSprop;
import splot.optim.Rprop;
import splot.optim.SGD;
import splot.tensor.Rng;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * End to end: a 2-8-2 network learns XOR, which no linear model can, through layers, the fused
 * cross-entropy, backward and an optimizer. Full-batch training on 200 points of the four quadrants.
 */
class XorTest {
    private static final int POINTS = 200;

    /**
     * Points uniform in [-1, 1]^2, label 1 where the two coordinates' signs differ; points within 0.1 of an
     * axis are left out so that a perfect classifier exists, but the boundary must still bend at the origin.
     */
    private record Data(Tensor x, Tensor labels) {
        static Data xor(long seed) {
            Rng.seed(seed);
            SplittableRandom r = Rng.split();
            float[] x = new float[POINTS * 2], y = new float[POINTS];
            for (int i = 0; i < POINTS; ) {
                float a = (float) (2 * r.nextDouble() - 1), b = (float) (2 * r.nextDouble() - 1);
                if (Math.abs(a) < 0.1 || Math.abs(b) < 0.1) continue;
                x[2 * i] = a;
                x[2 * i + 1] = b;
                y[i++] = (a > 0) != (b > 0) ? 1 : 0;
            }
            return new Data(Tensor.of(x, POINTS, 2), Tensor.of(y, POINTS));
        }
    }

    @Test
    void adamLearnsXorWithCrossEntropy() {
        Result r = train(p -> new Adam(p, 0.05), Loss.crossEntropy(), 300);
        assertEquals(0, r.errors, "misclassified points after " + r.steps + " steps");
        assertTrue(r.lastLoss < 0.5 * r.firstLoss, "loss " + r.firstLoss + " -> " + r.lastLoss);
    }

    @Test
    void withoutTheHiddenLayerXorCannotBeLearned() {
        // The control: the same training on a linear model stays far from zero error.
        Result r = train(p -> new Adam(p, 0.05), Loss.crossEntropy(), 300, false);
        assertTrue(r.errors >= POINTS / 5, "a linear model misclassified only " + r.errors + " of " + POINTS);
    }

    @Test
    void everyOptimizerLearnsXor() {
        List<Function<List<Tensor>, Optimizer>> optimizers = List.of(
                p -> new SGD(p, 0.5).momentum(0.9),
                p -> new SGD(p, 0.5).momentum(0.9).nesterov(true),
                p -> new RMSprop(p, 0.01),
                p -> new AdamW(p, 0.05),
                p -> new Rprop(p, 0.01));
        for (var make : optimizers) {
            Result r = train(make, Loss.crossEntropy(), 300);
            assertEquals(0, r.errors, r.optimizer + ": misclassified points after " + r.steps + " steps");
        }
    }

    @Test
    void adamLearnsTheFourPointXorWithOneLogitAndBinaryCrossEntropy() {
        Rng.seed(7);
        var model = Sequential.of(Shape.of(2), new Linear(8), new Tanh(), new Linear(1));
        Tensor x = Tensor.of(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
        Tensor y = Tensor.of(new float[] {0, 1, 1, 0}, 4, 1);
        Optimizer adam = new Adam(model.parameters(), 0.05);
        Loss bce = Loss.binaryCrossEntropy();
        for (int step = 0; step < 300; step++) {
            adam.zeroGrad();
            bce.compute(model.call(x), y).backward();
            adam.step();
        }
        float[] logits = model.predict(x).toArray();
        for (int i = 0; i < 4; i++) assertEquals(y.data()[i] == 1, logits[i] > 0, "point " + i + " logit " + logits[i]);
    }

    private record Result(String optimizer, int steps, int errors, float firstLoss, float lastLoss) {
    }

    /** Trains a fresh 2-8-2 tanh network (or a linear 2-2 one) full-batch until no point is misclassified or {@code maxSteps} pass. */
    private static Result train(Function<List<Tensor>, Optimizer> make, Loss loss, int maxSteps) {
        return train(make, loss, maxSteps, true);
    }

    private static Result train(Function<List<Tensor>, Optimizer> make, Loss loss, int maxSteps, boolean hidden) {
        Data data = Data.xor(2024);
        Rng.seed(1);
        var model = hidden ? Sequential.of(Shape.of(2), new Linear(8), new Tanh(), new Linear(2)) : Sequential.of(Shape.of(2), new Linear(2));
        Optimizer opt = make.apply(model.parameters());
        float first = Float.NaN, last = Float.NaN;
        int step = 0, errors = POINTS;
        while (step < maxSteps) {
            opt.zeroGrad();
            Tensor value = loss.compute(model.call(data.x()), data.labels());
            last = value.item();
            if (step == 0) first = last;
            value.backward();
            opt.step();
            step++;
            if (step % 10 == 0 && (errors = errors(model, data)) == 0) break;
        }
        return new Result(opt.toString(), step, errors, first, last);
    }

    private static int errors(Sequential model, Data data) {
        float[] predicted = model.predict(data.x()).argmax(1).toArray();
        int wrong = 0;
        for (int i = 0; i < predicted.length; i++) if (predicted[i] != data.labels().data()[i]) wrong++;
        return wrong;
    }
}

package splot.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import splot.nn.Add;
import splot.nn.Conv2d;
import splot.nn.Dropout;
import splot.nn.Flatten;
import splot.nn.GlobalAvgPool2d;
import splot.nn.GraphModel;
import splot.nn.Input;
import splot.nn.Linear;
import splot.nn.MaxPool2d;
import splot.nn.Node;
import splot.nn.Padding;
import splot.nn.ReLU;
import splot.nn.Sequential;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/** The snippets of README.md's API tour, as written there, so that the README stays true. */
class ReadmeExamplesTest {
    @Test
    void kerasStyle() {
        var model = Sequential.of(Shape.of(1, 28, 28),
                new Conv2d(64, 3), new ReLU(), new MaxPool2d(2), new Dropout(0.25),
                new Conv2d(128, 3), new ReLU(), new MaxPool2d(2), new Dropout(0.25),
                new Flatten(), new Linear(128), new ReLU(), new Linear(10));
        assertTrue(model.summary().contains("Total params: 485,514\n"), model.summary());
        assertEquals(Zoo.create("fashion-cnn").summary().replace("fashion-cnn", "sequential"), model.summary());
    }

    @Test
    void functionalStyle() {
        Node in = Input.of(1, 28, 28);
        Node x = new ReLU().on(new Conv2d(16, 3, Padding.SAME).on(in));
        Node y = new ReLU().on(new Add().on(new Conv2d(16, 3, Padding.SAME).on(x), x));   // out = f(x) + x
        GraphModel model = GraphModel.of(in, new Linear(10).on(new GlobalAvgPool2d().on(y)));
        assertEquals(Shape.of(2, 10), model.call(Tensor.rand(2, 1, 28, 28)).shape());
    }

    @Test
    void pytorchStyle() {
        var w = Tensor.of(new float[] {1, 2, -3}, 3).requiresGrad(true);
        w.mul(w).sum().backward();
        float[] grad = w.grad().toArray();              // {2, 4, -6}
        assertArrayEquals(new float[] {2, 4, -6}, grad, 1e-6f);
    }

    @Test
    void pytorchStyleTrainingStep() {
        var model = Zoo.create("fashion-mlp");
        Tensor images = Tensor.rand(8, 1, 28, 28);
        Tensor labels = Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7}, 8);
        float before = splot.loss.Loss.crossEntropy().compute(model.call(images), labels).item();
        var opt = new splot.optim.Adam(model.parameters(), 1e-3);
        for (int i = 0; i < 20; i++) {
            Tensor loss = splot.loss.Loss.crossEntropy().compute(model.call(images), labels);   // images (N,1,28,28), labels (N)
            opt.zeroGrad();
            loss.backward();
            opt.step();
        }
        float after = splot.loss.Loss.crossEntropy().compute(model.call(images), labels).item();
        assertTrue(after < before, before + " -> " + after);
    }

    @Test
    void pytorchStyleLoopInArenaSteps() {
        var model = Zoo.create("fashion-cnn");
        Tensor images = Tensor.rand(24, 1, 28, 28);
        float[] y = new float[24];
        for (int i = 0; i < y.length; i++) y[i] = i % 10;
        var opt = new splot.optim.Adam(model.parameters(), 1e-3);
        var arena = new splot.tensor.Arena();
        double first = 0, lossSum = 0;
        try (var loader = splot.data.DataLoader.builder(new splot.data.TensorDataset(images, Tensor.of(y, 24))).batchSize(8).build()) {
            for (int e = 0; e < 6; e++) {
                lossSum = 0;
                for (splot.data.Batch b : loader.epoch(e)) {
                    try (var step = arena.step()) {
                        opt.zeroGrad();
                        Tensor l = splot.loss.Loss.crossEntropy().compute(model.call(b.images()), b.labels());
                        l.backward();
                        opt.step();
                        lossSum += l.item();
                    }
                }
                if (e == 0) first = lossSum;
            }
        }
        assertTrue(lossSum < first, "the loss falls over epochs in arena steps: " + first + " -> " + lossSum);
    }
}

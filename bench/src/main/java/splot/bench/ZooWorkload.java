package splot.bench;

import splot.loss.Loss;
import splot.models.Zoo;
import splot.nn.Model;
import splot.optim.Adam;
import splot.tensor.Arena;
import splot.tensor.GradMode;
import splot.tensor.OpProfile;
import splot.tensor.Rng;
import splot.tensor.Tensor;

/**
 * One zoo model on {@code splot bench}'s protocol with random inputs: a training step (Adam, batch 128; 64 for
 * cifar-vgg, labels 0-9 in turn) and an inference batch of 256, each in an arena step as {@code splot train} runs
 * them. The same seed gives the same weights and inputs. Each step marks itself to an open {@link OpProfile}.
 */
final class ZooWorkload {
    final String name;
    final Model model;
    private final Tensor x, y, inferX;
    private final Adam adam;
    private final Loss loss = Loss.crossEntropy();
    private final Arena arena = new Arena();

    ZooWorkload(String name) {
        this.name = name;
        Rng.seed(1);
        model = Zoo.create(name);
        int batch = name.equals("cifar-vgg") ? 64 : 128;
        x = Tensor.rand(model.inputShape().withBatch(batch).dims());
        inferX = Tensor.rand(model.inputShape().withBatch(256).dims());
        float[] labels = new float[batch];
        for (int i = 0; i < batch; i++) labels[i] = i % 10;
        y = Tensor.of(labels, batch);
        adam = new Adam(model.parameters(), 1e-3);
    }

    /** One training step (the model in training mode); milliseconds. */
    double trainStep() {
        model.train();
        long t = System.nanoTime();
        try (var ignored = arena.step()) {
            adam.zeroGrad();
            OpProfile.markStep();
            loss.compute(model.call(x), y).backward();
            adam.step();
        }
        return (System.nanoTime() - t) / 1e6;
    }

    /** One inference batch of 256 (evaluation mode, no gradients); milliseconds. */
    double inferBatch() {
        model.eval();
        try (var ignored = GradMode.off()) {
            long t = System.nanoTime();
            try (var step = arena.step()) {
                OpProfile.markStep();
                model.call(inferX);
            }
            return (System.nanoTime() - t) / 1e6;
        }
    }
}

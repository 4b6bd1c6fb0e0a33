package splot.cli;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import splot.loss.Loss;
import splot.models.Zoo;
import splot.nn.Model;
import splot.optim.Adam;
import splot.tensor.Arena;
import splot.tensor.Rng;
import splot.tensor.Tensor;

/**
 * Run in a JVM of its own by {@link LauncherTest}: fashion-cnn's training steps (Adam, a batch of 32, each step in an
 * arena step, as {@code splot train} runs them), 300 to get them compiled, then prints the bytes all threads allocated
 * a step over 30 more. A kernel that C2 compiled with a Vector API call it could not inline runs on boxed vectors and
 * shows up as megabytes of garbage a step (2.4 MB in session 55, with a softmax on vectors of half the other loops'
 * width, which went through the Vector API's shared float methods before those loops were compiled; not kept).
 */
public final class TrainingStepProbe {
    private TrainingStepProbe() {
    }

    public static void main(String[] args) {
        Rng.seed(1);
        Model model = Zoo.create("fashion-cnn");
        model.train();
        int batch = 32;
        Tensor x = Tensor.rand(model.inputShape().withBatch(batch).dims()), y = BenchCommand.labels(batch);
        Adam adam = new Adam(model.parameters(), 1e-3);
        Loss loss = Loss.crossEntropy();
        Arena arena = new Arena();
        for (int i = 0; i < 300; i++) BenchCommand.step(model, adam, loss, x, y, arena);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getTotalThreadAllocatedBytes();
        for (int i = 0; i < 30; i++) BenchCommand.step(model, adam, loss, x, y, arena);
        System.out.println((threads.getTotalThreadAllocatedBytes() - before) / 30);
    }
}

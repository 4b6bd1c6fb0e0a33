package splot.bench;

import java.util.HashMap;
import java.util.Map;
import splot.kernel.Gemm;
import splot.loss.Loss;
import splot.models.Zoo;
import splot.nn.Model;
import splot.optim.Adam;
import splot.tensor.Arena;
import splot.tensor.GradMode;
import splot.tensor.Rng;
import splot.tensor.Tensor;

/**
 * One turn of a {@link JarAB} comparison: a few training steps, inference batches or GEMMs, timed, on whatever
 * splot-core its class loader links it to. {@link JarAB} defines this class afresh in each version's loader, so it
 * uses only API that old versions of splot-core have too.
 *
 * <p>Tasks: {@code train:MODEL} (Adam, batch 128; 64 for cifar-vgg), {@code infer:MODEL} (batch 256, eval mode, no
 * tape), {@code gemm:N} (N x N x N) or {@code gemm:MxNxK}, all on random inputs. Each task keeps its model, optimizer
 * and arrays between turns, as a training loop does.
 */
public final class ModelProbe {
    private static final Map<String, Runnable> STEPS = new HashMap<>();

    private ModelProbe() {
    }

    /** Runs {@code steps} steps of {@code task} and returns milliseconds per step. */
    public static double run(String task, int steps) {
        Runnable step = STEPS.computeIfAbsent(task, ModelProbe::prepare);
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) step.run();
        return (System.nanoTime() - start) / 1e6 / steps;
    }

    private static Runnable prepare(String task) {
        int colon = task.indexOf(':');
        String kind = colon < 0 ? task : task.substring(0, colon), arg = colon < 0 ? "" : task.substring(colon + 1);
        return switch (kind) {
            case "train" -> training(arg);
            case "infer" -> inference(arg);
            case "gemm" -> gemm(arg);
            default -> throw new IllegalArgumentException("task: expected train:MODEL, infer:MODEL, gemm:N or gemm:MxNxK, got " + task);
        };
    }

    private static Runnable training(String name) {
        Rng.seed(1);
        return trainingStep(Zoo.create(name), batch(name), 1, new Arena());
    }

    private static Runnable inference(String name) {
        Rng.seed(1);
        return inferenceBatch(Zoo.create(name), 1, new Arena());
    }

    /**
     * Distinct batches a phase in {@code splot bench} (its {@code BenchCommand.BATCHES}, the peers'
     * {@code Protocol.POOL}): step i takes batch i mod 8.
     */
    static final int SPLOT_BENCH_BATCHES = 8;

    /**
     * One training step of {@code model} a call, as {@code splot bench} runs it: Adam, cross-entropy, {@code batch}
     * random inputs a step, the i-th call on the (i mod {@code batches})-th of batches made now, each step in an arena
     * step.
     */
    static Runnable trainingStep(Model model, int batch, int batches, Arena arena) {
        Tensor[] x = randomBatches(model, batch, batches);
        float[] labels = new float[batch];
        for (int i = 0; i < batch; i++) labels[i] = i % 10;
        Tensor y = Tensor.of(labels, batch);
        Adam adam = new Adam(model.parameters(), 1e-3);
        Loss loss = Loss.crossEntropy();
        int[] calls = {0};
        return () -> {
            model.train();
            try (var ignored = arena.step()) {
                adam.zeroGrad();
                loss.compute(model.call(x[calls[0]++ % batches]), y).backward();
                adam.step();
            }
        };
    }

    /**
     * One inference batch of 256 a call, eval mode, no tape, the i-th call on the (i mod {@code batches})-th of batches
     * made now.
     */
    static Runnable inferenceBatch(Model model, int batches, Arena arena) {
        Tensor[] x = randomBatches(model, 256, batches);
        int[] calls = {0};
        return () -> {
            model.eval();
            try (var off = GradMode.off(); var step = arena.step()) {
                model.call(x[calls[0]++ % batches]);
            }
        };
    }

    private static Tensor[] randomBatches(Model model, int n, int count) {
        Tensor[] x = new Tensor[count];
        for (int k = 0; k < count; k++) x[k] = Tensor.rand(model.inputShape().withBatch(n).dims());
        return x;
    }

    /** The training batch {@code splot bench} gives a zoo model: 64 for cifar-vgg, 128 for the others. */
    static int batch(String model) {
        return model.equals("cifar-vgg") ? 64 : 128;
    }

    private static Runnable gemm(String size) {
        String[] parts = size.split("x");
        if (parts.length != 1 && parts.length != 3) {
            throw new IllegalArgumentException("gemm: expected N or MxNxK, got " + size);
        }
        int m = Integer.parseInt(parts[0]), n = parts.length == 3 ? Integer.parseInt(parts[1]) : m;
        int k = parts.length == 3 ? Integer.parseInt(parts[2]) : m;
        Rng.seed(m);
        float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
        Rng.uniform(a, -1, 1);
        Rng.uniform(b, -1, 1);
        return () -> Gemm.sgemm(false, false, m, n, k, a, 0, k, b, 0, n, c, 0, n, false);
    }
}

package splot.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import splot.kernel.Parallel;
import splot.loss.Loss;
import splot.models.Zoo;
import splot.nn.Model;
import splot.optim.Adam;
import splot.optim.Optimizer;
import splot.tensor.Rng;
import splot.tensor.Tensor;

/**
 * A quick look at end-to-end speed of zoo models, not a rigorous benchmark: images per second of one
 * training step (forward, cross-entropy, backward, Adam) at batch 128, and of inference ({@code predict})
 * at batch 256, on random inputs, after a warm-up. Reports the median of several timed rounds, in images per
 * second of wall clock and per second of CPU time used by the whole process (on a shared, loaded machine the
 * second is steadier: it counts work done, not time waited for a core).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp core/target/classes:core/target/test-classes \
 *      splot.bench.TrainStep [seconds-per-model] [models...]
 * </pre>
 */
public final class TrainStep {
    private static final int TRAIN_BATCH = 128, INFER_BATCH = 256, ROUNDS = 5;
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    private TrainStep() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 4;
        List<String> models = args.length > 1 ? Arrays.asList(args).subList(1, args.length)
                : List.of("fashion-cnn", "mnist-cnn", "lenet5", "fashion-mlp");
        System.out.printf("threads=%d, train batch %d (Adam), inference batch %d; median of %d rounds%n",
                Parallel.threads(), TRAIN_BATCH, INFER_BATCH, ROUNDS);
        for (String name : models) {
            Rng.seed(1);
            Model model = Zoo.create(name);
            int[] item = model.inputShape().dims();
            Tensor x = random(TRAIN_BATCH, item), xi = random(INFER_BATCH, item);
            Tensor labels = Tensor.zeros(TRAIN_BATCH);
            for (int i = 0; i < TRAIN_BATCH; i++) labels.data()[i] = i % 10;
            Optimizer opt = new Adam(model.parameters(), 1e-3);
            Loss loss = Loss.crossEntropy();
            Runnable train = () -> {
                opt.zeroGrad();
                loss.compute(model.call(x), labels).backward();
                opt.step();
            };
            Runnable infer = () -> model.predict(xi);
            model.train();
            // -Dbench.only=train or =infer times one of the two (for a profile of it alone).
            String only = System.getProperty("bench.only", "");
            double[] trainRate = only.equals("infer") ? new double[2] : rate(train, TRAIN_BATCH, seconds * (only.isEmpty() ? 0.7 : 1));
            double[] inferRate = only.equals("train") ? new double[2] : rate(infer, INFER_BATCH, seconds * (only.isEmpty() ? 0.3 : 1));
            System.out.printf("%-12s train %7.0f img/s (%7.0f per cpu-s)   inference %7.0f img/s (%7.0f per cpu-s)%n",
                    name, trainRate[0], trainRate[1], inferRate[0], inferRate[1]);
        }
    }

    private static Tensor random(int batch, int[] item) {
        int[] shape = new int[item.length + 1];
        shape[0] = batch;
        System.arraycopy(item, 0, shape, 1, item.length);
        return Tensor.rand(shape);
    }

    /**
     * Median images per second of wall clock and of process CPU time over {@link #ROUNDS} rounds of about
     * {@code seconds / ROUNDS} each, after a warm-up.
     */
    private static double[] rate(Runnable step, int batch, double seconds) {
        long warmEnd = System.nanoTime() + (long) (seconds * 0.3e9);
        int warm = 0;
        while (warm < 3 || System.nanoTime() < warmEnd) {
            step.run();
            warm++;
        }
        List<Double> rates = new ArrayList<>(), cpuRates = new ArrayList<>();
        for (int r = 0; r < ROUNDS; r++) {
            long start = System.nanoTime(), end = start + (long) (seconds / ROUNDS * 1e9), cpu = OS.getProcessCpuTime();
            int steps = 0;
            long now;
            do {
                step.run();
                steps++;
                now = System.nanoTime();
            } while (now < end);
            rates.add(steps * (double) batch / ((now - start) / 1e9));
            cpuRates.add(steps * (double) batch / ((OS.getProcessCpuTime() - cpu) / 1e9));
        }
        rates.sort(null);
        cpuRates.sort(null);
        return new double[] {rates.get(ROUNDS / 2), cpuRates.get(ROUNDS / 2)};
    }
}

package splot.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import splot.data.Dataset;
import splot.data.DatasetResolver;
import splot.data.Normalization;
import splot.io.Json;
import splot.kernel.Parallel;
import splot.loss.Loss;
import splot.models.Zoo;
import splot.nn.Model;
import splot.optim.Adam;
import splot.tensor.Arena;
import splot.tensor.FrozenWeights;
import splot.tensor.GradMode;
import splot.tensor.Rng;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * {@code splot bench}: training and inference throughput of the built-in models, with the protocol
 * the peer harness (bench/peers) uses for PyTorch, ONNX Runtime and Deeplearning4j, so the numbers
 * compare: training = images/s over 60 Adam steps after 5 warm-up steps (batch 128, 64 for
 * cifar-vgg); inference = images/s over 20 batches of 256 after 3 warm-up batches, eval mode, no tape, the weights
 * frozen (FrozenWeights: as a server or an evaluation pass infers).
 * Inputs are real Fashion-MNIST images for the 28x28 models, random tensors for cifar-vgg, 8 distinct batches a phase.
 */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measure training and inference images/s of the built-in models (one JSON line each with --json).",
        footer = {"", "Example:", "  splot bench --json --models fashion-cnn,lenet5"})
final class BenchCommand implements Callable<Integer> {
    static final List<String> MODELS = List.of("fashion-mlp", "lenet5", "fashion-cnn", "mnist-cnn", "cifar-vgg");

    /**
     * Distinct batches a phase, step i (warm-up included) on batch i mod 8, batch k the images [k n, (k + 1) n): as the
     * peers take theirs (bench/peers), so that no library reads the same batch from its cache step after step.
     */
    static final int BATCHES = 8;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--models", split = ",", paramLabel = "NAME", description = "Models to measure (default: all five).")
    private List<String> models = MODELS;

    @Option(names = "--threads", description = "Worker threads (default: the machine's cores).")
    private Integer threads;

    @Option(names = "--json", description = "One JSON line per model, the schema the peers print.")
    private boolean json;

    @Option(names = "--train-steps", defaultValue = "60", hidden = true)
    private int trainSteps;

    @Option(names = "--infer-batches", defaultValue = "20", hidden = true)
    private int inferBatches;

    @Override
    public Integer call() throws Exception {
        if (threads != null) {
            // The pool is sized once, when the kernels first run: this sizes it unless it runs already, and a pool
            // that runs narrows its loops to fewer of its threads, not more.
            if (threads < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be 1 or more, got " + threads);
            System.setProperty("splot.threads", Integer.toString(threads));
            if (threads > Parallel.poolSize()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--threads " + threads + " is more than the "
                        + Parallel.poolSize() + " threads of the pool, which runs already (sized when the kernels first ran)");
            }
        }
        int before = Parallel.threads();
        if (threads != null) Parallel.setThreads(threads);
        try {
            measureAll();
        } finally {
            Parallel.setThreads(before);
        }
        return Main.OK;
    }

    private void measureAll() throws IOException {
        Dataset fashion = DatasetResolver.builder().download(false).build().load("fashion-mnist").train();
        PrintWriter out = spec.commandLine().getOut();
        for (String name : models) {
            if (!Zoo.names().contains(name)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Unknown model '" + name + "'. Valid models: " + String.join(", ", Zoo.names()));
            }
            Map<String, Object> r = measure(name, fashion);
            out.println(json ? Json.write(r) : String.format(Locale.US, "%-12s train %,10.0f img/s   infer %,10.0f img/s   (%,d params, batch %d, %d threads)",
                    name, r.get("train_img_per_s"), r.get("infer_img_per_s"), r.get("params"), r.get("batch"), r.get("threads")));
            out.flush();
        }
    }

    private Map<String, Object> measure(String name, Dataset fashion) {
        Rng.seed(1);
        Model model = Zoo.create(name);
        int batch = name.equals("cifar-vgg") ? 64 : 128;
        Tensor[] trainX = new Tensor[BATCHES], inferX = new Tensor[BATCHES];
        for (int k = 0; k < BATCHES; k++) {
            trainX[k] = inputs(model.inputShape(), batch, fashion, k * batch);
            inferX[k] = inputs(model.inputShape(), 256, fashion, k * 256);
        }
        Tensor trainY = labels(batch);
        Adam adam = new Adam(model.parameters(), 1e-3);
        Loss loss = Loss.crossEntropy();
        model.train();
        // As splot train runs: each step in an arena step, reusing the last one's arrays.
        Arena arena = new Arena();
        for (int i = 0; i < 5; i++) step(model, adam, loss, trainX[i % BATCHES], trainY, arena);
        long t0 = System.nanoTime();
        for (int i = 5; i < 5 + trainSteps; i++) step(model, adam, loss, trainX[i % BATCHES], trainY, arena);
        double trainRate = (double) trainSteps * batch / ((System.nanoTime() - t0) / 1e9);
        model.eval();
        double inferRate;
        // As a server or an evaluation pass infers: no tape, the weights fixed (dense layers pack them once).
        try (var ignored = GradMode.off(); var frozen = FrozenWeights.on()) {
            for (int i = 0; i < 3; i++) infer(model, inferX[i % BATCHES], arena);
            long t1 = System.nanoTime();
            for (int i = 3; i < 3 + inferBatches; i++) infer(model, inferX[i % BATCHES], arena);
            inferRate = (double) inferBatches * 256 / ((System.nanoTime() - t1) / 1e9);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("lib", "splot");
        r.put("model", name);
        r.put("params", model.countParams());
        r.put("threads", Parallel.threads());
        r.put("batch", batch);
        r.put("train_img_per_s", Math.round(trainRate * 10) / 10.0);
        r.put("infer_img_per_s", Math.round(inferRate * 10) / 10.0);
        return r;
    }

    /** One training step in an arena step, as {@code splot train} runs it (also LauncherTest's training probe). */
    static void step(Model model, Adam adam, Loss loss, Tensor x, Tensor y, Arena arena) {
        try (var ignored = arena.step()) {
            adam.zeroGrad();
            loss.compute(model.call(x), y).backward();
            adam.step();
        }
    }

    private static void infer(Model model, Tensor x, Arena arena) {
        try (var ignored = arena.step()) {
            model.call(x);
        }
    }

    /** Real Fashion-MNIST images (x / 255) for 28x28 gray models, random numbers otherwise. */
    private static Tensor inputs(Shape item, int n, Dataset fashion, int first) {
        float[] x = new float[n * item.size()];
        if (item.equals(fashion.itemShape())) {
            for (int i = 0; i < n; i++) {
                fashion.copyImage(first + i, x, i * item.size());
                Normalization.unit().apply(x, i * item.size(), item);
            }
        } else {
            Rng.normal(x, 0f, 1f);
        }
        return Tensor.of(x, item.withBatch(n));
    }

    /** Class labels 0 to 9 in turn for n images: what splot bench trains on (also LauncherTest's training probe). */
    static Tensor labels(int n) {
        float[] y = new float[n];
        for (int i = 0; i < n; i++) y[i] = i % 10;
        return Tensor.of(y, n);
    }
}

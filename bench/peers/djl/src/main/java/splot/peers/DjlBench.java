package splot.peers;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;

/**
 * Peer: PyTorch 2.7.1 (libtorch, CPU) driven through DJL 0.35.1's Block and Trainer API.
 *
 * <p>Run with {@code OMP_NUM_THREADS=2 -Dai.djl.pytorch.num_threads=2
 * -Dai.djl.pytorch.num_interop_threads=1 -Dai.djl.offline=true}; libtorch is extracted from the
 * pytorch-native-cpu jar on the class path. Refuses to run on any engine but PyTorch.
 */
public final class DjlBench {
    static final String ENGINE = "PyTorch";

    private DjlBench() {}

    public static void main(String[] args) {
        // Read once when the engine loads; run.sh passes them, this covers a bare `java` call.
        String threads = Integer.toString(Harness.threads());
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", threads);
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        Harness.main("djl-pytorch-2.7.1", args, DjlBench::run);
    }

    static Harness.Measured run(BenchModel spec) throws Exception {
        Engine engine = Engine.getEngine(ENGINE);
        System.err.printf("[djl] engine %s %s, default engine %s%n",
                engine.getEngineName(), engine.getVersion(), Engine.getDefaultEngineName());
        if (!engine.getVersion().startsWith("2.7.1")) {
            throw new IllegalStateException("expected libtorch 2.7.1, got " + engine.getVersion());
        }
        Shape input = new Shape(spec.trainBatch, spec.channels, spec.height, spec.width);
        try (Model model = Model.newInstance(spec.id, Device.cpu(), ENGINE)) {
            model.setBlock(build(spec));
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam()
                            .optLearningRateTracker(Tracker.fixed(Protocol.LEARNING_RATE)).build())
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(input);
                NDManager manager = trainer.getManager();
                if (!manager.getEngine().getEngineName().equals(ENGINE)) {
                    throw new IllegalStateException("running on " + manager.getEngine().getEngineName());
                }
                long params = countParams(model.getBlock());
                double train = train(spec, trainer);
                double infer = infer(spec, model.getBlock(), manager);
                return new Harness.Measured(params, train, infer);
            }
        }
    }

    /** The five architectures in DJL blocks; shapes of Linear inputs are inferred at initialize(). */
    static Block build(BenchModel spec) {
        SequentialBlock net = new SequentialBlock();
        switch (spec) {
            case FASHION_MLP -> net.add(Blocks.batchFlattenBlock())
                    .add(dense(128)).add(Activation.reluBlock())
                    .add(dense(10));
            case LENET5 -> net.add(conv(6, 5, 2)).add(Activation.tanhBlock())
                    .add(Pool.avgPool2dBlock(new Shape(2, 2)))
                    .add(conv(16, 5, 0)).add(Activation.tanhBlock())
                    .add(Pool.avgPool2dBlock(new Shape(2, 2)))
                    .add(Blocks.batchFlattenBlock())
                    .add(dense(120)).add(Activation.tanhBlock())
                    .add(dense(84)).add(Activation.tanhBlock())
                    .add(dense(10));
            case FASHION_CNN -> net.add(conv(64, 3, 0)).add(Activation.reluBlock())
                    .add(Pool.maxPool2dBlock(new Shape(2, 2))).add(dropout(0.25f))
                    .add(conv(128, 3, 0)).add(Activation.reluBlock())
                    .add(Pool.maxPool2dBlock(new Shape(2, 2))).add(dropout(0.25f))
                    .add(Blocks.batchFlattenBlock())
                    .add(dense(128)).add(Activation.reluBlock())
                    .add(dense(10));
            case MNIST_CNN -> net.add(conv(32, 3, 0)).add(Activation.reluBlock())
                    .add(conv(64, 3, 0)).add(Activation.reluBlock())
                    .add(Pool.maxPool2dBlock(new Shape(2, 2))).add(dropout(0.25f))
                    .add(Blocks.batchFlattenBlock())
                    .add(dense(128)).add(Activation.reluBlock()).add(dropout(0.5f))
                    .add(dense(10));
            case CIFAR_VGG -> {
                int[] filters = {32, 64, 128};
                float[] rates = {0.2f, 0.3f, 0.4f};
                for (int b = 0; b < filters.length; b++) {
                    net.add(conv(filters[b], 3, 1)).add(Activation.reluBlock()).add(BatchNorm.builder().build())
                            .add(conv(filters[b], 3, 1)).add(Activation.reluBlock()).add(BatchNorm.builder().build())
                            .add(Pool.maxPool2dBlock(new Shape(2, 2))).add(dropout(rates[b]));
                }
                net.add(Blocks.batchFlattenBlock())
                        .add(dense(512)).add(Activation.reluBlock()).add(BatchNorm.builder().build())
                        .add(dropout(0.5f))
                        .add(dense(10));
            }
        }
        return net;
    }

    private static Block conv(int filters, int kernel, int padding) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel))
                .optPadding(new Shape(padding, padding)).build();
    }

    private static Block dense(int units) {
        return Linear.builder().setUnits(units).build();
    }

    private static Block dropout(float rate) {
        return Dropout.builder().optRate(rate).build();
    }

    /** Every parameter DJL holds, batch-norm running mean and variance included (Keras's count). */
    static long countParams(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) n += p.getValue().getArray().size();
        return n;
    }

    private static double train(BenchModel spec, Trainer trainer) throws Exception {
        HostBatch[] pool = Inputs.train(spec);
        NDManager manager = trainer.getManager();
        float[] losses = new float[Protocol.TRAIN_WARMUP + Protocol.TRAIN_STEPS];
        double rate = Protocol.imagesPerSecond(Protocol.TRAIN_WARMUP, Protocol.TRAIN_STEPS, spec.trainBatch, i -> {
            HostBatch b = pool[i % pool.length];
            // Intermediates are attached to the input's manager: closing it frees the step's memory.
            try (NDManager step = manager.newSubManager()) {
                NDArray x = step.create(b.images(), new Shape(b.n(), spec.channels, spec.height, spec.width));
                NDArray y = step.create(toLong(b.labels()));
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDList logits = trainer.forward(new NDList(x));
                    NDArray loss = trainer.getLoss().evaluate(new NDList(y), logits);
                    collector.backward(loss);
                    losses[i] = loss.getFloat();
                }
                trainer.step();
            }
        });
        System.err.printf("[djl] %s train loss: first %.4f, last %.4f%n", spec.id, losses[0], losses[losses.length - 1]);
        return rate;
    }

    private static double infer(BenchModel spec, Block block, NDManager manager) throws Exception {
        HostBatch[] pool = Inputs.infer(spec);
        ParameterStore store = new ParameterStore(manager, false);
        return Protocol.imagesPerSecond(Protocol.INFER_WARMUP, Protocol.INFER_BATCHES, Protocol.INFER_BATCH, i -> {
            HostBatch b = pool[i % pool.length];
            try (NDManager step = manager.newSubManager()) {
                NDArray x = step.create(b.images(), new Shape(b.n(), spec.channels, spec.height, spec.width));
                NDArray logits = block.forward(store, new NDList(x), false).singletonOrThrow();
                float[] host = logits.toFloatArray();
                if (host.length != b.n() * 10) throw new IllegalStateException("logits " + logits.getShape());
                if (logits.getDataType() != DataType.FLOAT32) throw new IllegalStateException("not float32");
            }
        });
    }

    private static long[] toLong(int[] labels) {
        long[] out = new long[labels.length];
        for (int i = 0; i < labels.length; i++) out[i] = labels[i];
        return out;
    }
}

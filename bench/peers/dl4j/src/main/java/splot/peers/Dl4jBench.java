package splot.peers;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Peer: Deeplearning4j 1.0.0-M2.1 with the nd4j-native CPU backend a Java user gets by default
 * on linux-x86_64 (generic binary, OpenBLAS), MultiLayerNetwork with default workspaces.
 *
 * <p>Another libnd4j build (oneDNN, AVX2/AVX-512) is measured by building with
 * {@code -Dnd4j.extension=-onednn-avx512} and running with the same
 * {@code -Dorg.bytedeco.javacpp.platform.extension}; the lib field then carries the extension.
 *
 * <p>Threads come from {@code OMP_NUM_THREADS} (read by nd4j's OpenMP and by OpenBLAS).
 * DL4J's dropout takes the probability to KEEP an activation: Dropout(p) is {@code keep(1 - p)}.
 * The output layer is Dense + softmax with multi-class cross-entropy: Linear + cross-entropy.
 */
public final class Dl4jBench {

    private Dl4jBench() {}

    public static void main(String[] args) {
        // A non-default libnd4j build (e.g. -onednn-avx512) is named in the lib field.
        String extension = System.getProperty("org.bytedeco.javacpp.platform.extension", "");
        Harness.main("dl4j-1.0.0-M2.1" + extension, args, Dl4jBench::run);
    }

    static Harness.Measured run(BenchModel spec) throws Exception {
        System.err.printf("[dl4j] backend %s, omp threads %d, blas %s%n",
                Nd4j.getBackend().getClass().getSimpleName(), Nd4j.getEnvironment().maxThreads(),
                Nd4j.factory().blas().getBlasVendor());
        MultiLayerNetwork net = new MultiLayerNetwork(build(spec));
        net.init();
        long params = net.numParams();
        return new Harness.Measured(params, train(spec, net), infer(spec, net));
    }

    /** The five architectures; DL4J infers layer input sizes from the input type. */
    static MultiLayerConfiguration build(BenchModel spec) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(Protocol.SEED)
                .dataType(DataType.FLOAT)
                .updater(new Adam(Protocol.LEARNING_RATE))
                .convolutionMode(ConvolutionMode.Truncate)
                .list();
        switch (spec) {
            case FASHION_MLP -> b.layer(dense(128, Activation.RELU));
            case LENET5 -> b.layer(conv(6, 5, 2, Activation.TANH)).layer(pool(PoolingType.AVG))
                    .layer(conv(16, 5, 0, Activation.TANH)).layer(pool(PoolingType.AVG))
                    .layer(dense(120, Activation.TANH)).layer(dense(84, Activation.TANH));
            case FASHION_CNN -> b.layer(conv(64, 3, 0, Activation.RELU)).layer(pool(PoolingType.MAX))
                    .layer(dropout(0.25))
                    .layer(conv(128, 3, 0, Activation.RELU)).layer(pool(PoolingType.MAX))
                    .layer(dropout(0.25))
                    .layer(dense(128, Activation.RELU));
            case MNIST_CNN -> b.layer(conv(32, 3, 0, Activation.RELU)).layer(conv(64, 3, 0, Activation.RELU))
                    .layer(pool(PoolingType.MAX)).layer(dropout(0.25))
                    .layer(dense(128, Activation.RELU)).layer(dropout(0.5));
            case CIFAR_VGG -> {
                int[] filters = {32, 64, 128};
                double[] rates = {0.2, 0.3, 0.4};
                for (int i = 0; i < filters.length; i++) {
                    b.layer(conv(filters[i], 3, 1, Activation.RELU)).layer(new BatchNormalization.Builder().build())
                            .layer(conv(filters[i], 3, 1, Activation.RELU)).layer(new BatchNormalization.Builder().build())
                            .layer(pool(PoolingType.MAX)).layer(dropout(rates[i]));
                }
                b.layer(dense(512, Activation.RELU)).layer(new BatchNormalization.Builder().build())
                        .layer(dropout(0.5));
            }
        }
        b.layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build());
        b.setInputType(InputType.convolutional(spec.height, spec.width, spec.channels));
        return b.build();
    }

    private static ConvolutionLayer conv(int filters, int kernel, int padding, Activation activation) {
        return new ConvolutionLayer.Builder(kernel, kernel).nOut(filters).stride(1, 1)
                .padding(padding, padding).activation(activation).build();
    }

    private static SubsamplingLayer pool(PoolingType type) {
        return new SubsamplingLayer.Builder(type).kernelSize(2, 2).stride(2, 2).build();
    }

    private static DenseLayer dense(int units, Activation activation) {
        return new DenseLayer.Builder().nOut(units).activation(activation).build();
    }

    /** {@code rate} is the probability to drop, as in PyTorch; DL4J wants the one to keep. */
    private static DropoutLayer dropout(double rate) {
        return new DropoutLayer.Builder(1 - rate).build();
    }

    private static double train(BenchModel spec, MultiLayerNetwork net) throws Exception {
        HostBatch[] pool = Inputs.train(spec);
        float[][] oneHot = new float[pool.length][];
        for (int k = 0; k < pool.length; k++) oneHot[k] = oneHot(pool[k].labels());
        double[] scores = new double[Protocol.TRAIN_WARMUP + Protocol.TRAIN_STEPS];
        double rate = Protocol.imagesPerSecond(Protocol.TRAIN_WARMUP, Protocol.TRAIN_STEPS, spec.trainBatch, i -> {
            HostBatch b = pool[i % pool.length];
            INDArray x = Nd4j.create(b.images(), new long[] {b.n(), spec.channels, spec.height, spec.width}, 'c');
            INDArray y = Nd4j.create(oneHot[i % pool.length], new long[] {b.n(), 10}, 'c');
            net.fit(new DataSet(x, y));
            scores[i] = net.score();
        });
        System.err.printf("[dl4j] %s train loss: first %.4f, last %.4f%n", spec.id, scores[0], scores[scores.length - 1]);
        return rate;
    }

    private static double infer(BenchModel spec, MultiLayerNetwork net) throws Exception {
        HostBatch[] pool = Inputs.infer(spec);
        return Protocol.imagesPerSecond(Protocol.INFER_WARMUP, Protocol.INFER_BATCHES, Protocol.INFER_BATCH, i -> {
            HostBatch b = pool[i % pool.length];
            INDArray x = Nd4j.create(b.images(), new long[] {b.n(), spec.channels, spec.height, spec.width}, 'c');
            float[] logits = net.output(x, false).data().asFloat();
            if (logits.length != b.n() * 10) throw new IllegalStateException("outputs " + logits.length);
        });
    }

    private static float[] oneHot(int[] labels) {
        float[] out = new float[labels.length * 10];
        for (int i = 0; i < labels.length; i++) out[i * 10 + labels[i]] = 1f;
        return out;
    }
}

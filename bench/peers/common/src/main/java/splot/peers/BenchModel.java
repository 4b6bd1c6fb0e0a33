package splot.peers;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Splot's five built-in models as the benchmark knows them: name, input item shape (C, H, W),
 * training batch size and the parameter count every peer's build must reach.
 *
 * <p>{@code params} counts what Keras counts: weights, biases and batch-norm running mean and
 * variance (1,920 of them in cifar-vgg); PyTorch's {@code parameters()} leaves the running stats out.
 * A peer whose count differs has built a different architecture, and its numbers are refused.
 */
public enum BenchModel {
    /** Flatten-Linear(784,128)-ReLU-Linear(128,10). */
    FASHION_MLP("fashion-mlp", 1, 28, 28, 128, 101_770),
    /** LeNet-5 with padding 2 in the first convolution, tanh and average pooling. */
    LENET5("lenet5", 1, 28, 28, 128, 61_706),
    /** Two 3x3 conv + max-pool blocks (64, 128 filters) and a 128-unit dense layer. */
    FASHION_CNN("fashion-cnn", 1, 28, 28, 128, 485_514),
    /** The Keras mnist_cnn example: conv 32, conv 64, max-pool, dense 128. */
    MNIST_CNN("mnist-cnn", 1, 28, 28, 128, 1_199_882),
    /** Three VGG blocks (32, 64, 128 filters) with batch norm, dense 512 with batch norm. */
    CIFAR_VGG("cifar-vgg", 3, 32, 32, 64, 1_345_066);

    public final String id;
    public final int channels, height, width;
    public final int trainBatch;
    public final long params;

    BenchModel(String id, int channels, int height, int width, int trainBatch, long params) {
        this.id = id;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.trainBatch = trainBatch;
        this.params = params;
    }

    /** Floats in one input item: C * H * W. */
    public int itemSize() {
        return channels * height * width;
    }

    /** Whether the inputs are real Fashion-MNIST images (the 28x28 models) or random tensors. */
    public boolean usesFashionMnist() {
        return channels == 1 && height == 28 && width == 28;
    }

    /** The model named {@code id}; the error lists the valid names. */
    public static BenchModel of(String id) {
        for (BenchModel m : values()) {
            if (m.id.equals(id)) return m;
        }
        throw new IllegalArgumentException("unknown model '" + id + "'; valid: " + ids());
    }

    /** All model names, comma-separated, in benchmark order. */
    public static String ids() {
        return Arrays.stream(values()).map(m -> m.id).collect(Collectors.joining(","));
    }
}

package splot.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import splot.nn.AvgPool2d;
import splot.nn.BatchNorm1d;
import splot.nn.BatchNorm2d;
import splot.nn.Conv2d;
import splot.nn.Dropout;
import splot.nn.Flatten;
import splot.nn.GlobalAvgPool2d;
import splot.nn.GraphModel;
import splot.nn.Input;
import splot.nn.Layer;
import splot.nn.Linear;
import splot.nn.MaxPool2d;
import splot.nn.Model;
import splot.nn.Node;
import splot.nn.Padding;
import splot.nn.ReLU;
import splot.nn.Sequential;
import splot.nn.Tanh;
import splot.nn.ZeroPad2d;
import splot.tensor.Shape;

/**
 * The built-in models: the networks of the course texts, by name, freshly initialised.
 *
 * <pre>{@code
 * Model model = Zoo.create("fashion-cnn");
 * System.out.print(model.summary());      // Total params: 485,514
 * }</pre>
 * Each call builds a new model with new weights drawn from {@link splot.tensor.Rng}.
 */
public final class Zoo {
    /** One model of the zoo: its name, a one-line description and how to build it. */
    public record Entry(String name, String description, Supplier<Model> factory) {
        /** A new model with fresh weights, named after the entry. */
        public Model create() {
            Model model = factory.get();
            model.named(name);
            return model;
        }
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        add("fashion-mlp", "Fashion-MNIST MLP: Flatten-Dense128-Dense10", Zoo::fashionMlp);
        add("fashion-cnn", "Fashion-MNIST CNN: two conv-pool-dropout stages of 64 and 128 filters, Dense128", Zoo::fashionCnn);
        add("fashion-cnn-deep", "Fashion-MNIST CNN with two 'same' convs before each pool (64,64 / 128,128)", Zoo::fashionCnnDeep);
        add("mnist-mlp", "MNIST MLP 784-512-512-512-10 with dropout 0.2", Zoo::mnistMlp);
        add("mnist-cnn", "MNIST CNN: Conv32-Conv64-MaxPool-Dense128 with dropout", Zoo::mnistCnn);
        add("lenet5", "LeNet-5 (1998): conv 5x5 to 6 and 16 maps, average pooling, tanh, Dense120-Dense84-Dense10", Zoo::lenet5);
        add("lenet5-relu", "LeNet-5 with max pooling and ReLU instead of average pooling and tanh", Zoo::lenet5Relu);
        add("cifar-vgg", "CIFAR-10 VGG-style: 3 blocks [Conv-BN-Conv-BN-MaxPool-Dropout] of 32/64/128 filters, Dense512", Zoo::cifarVgg);
        add("resnet-mini", "Fashion-MNIST ResNet: conv stem, 3 residual blocks (16, 32, 64), global average pool", Zoo::resnetMini);
        add("inception-mini", "Fashion-MNIST GoogLeNet-style: conv stem, one inception block (1x1, 3x3, 5x5, pool)", Zoo::inceptionMini);
    }

    private Zoo() {
    }

    private static void add(String name, String description, Supplier<Model> factory) {
        ENTRIES.put(name, new Entry(name, description, factory));
    }

    /** The names of all models, in the order they are listed. */
    public static List<String> names() {
        return List.copyOf(ENTRIES.keySet());
    }

    /** All entries, in the order they are listed. */
    public static List<Entry> entries() {
        return List.copyOf(ENTRIES.values());
    }

    /** The entry called {@code name}; throws naming the valid names when there is none. */
    public static Entry entry(String name) {
        Entry e = ENTRIES.get(name);
        if (e == null) {
            throw new IllegalArgumentException("Unknown model '" + name + "'. Valid models: " + String.join(", ", names()));
        }
        return e;
    }

    /** A new, built model called {@code name}; see {@link #names()}. */
    public static Model create(String name) {
        return entry(name).create();
    }

    /** Fashion-MNIST: Flatten-Dense128-ReLU-Dense10 on (1, 28, 28). 101,770 params. */
    public static Sequential fashionMlp() {
        return Sequential.of(Shape.of(1, 28, 28),
                new Flatten(), new Linear(128), new ReLU(), new Linear(10));
    }

    /**
     * Fashion-MNIST CNN of the Keras tutorial: Conv64(3)-ReLU-MaxPool2-Dropout.25-Conv128(3)-ReLU-MaxPool2-
     * Dropout.25-Flatten-Dense128-ReLU-Dense10, valid padding (28 -> 26 -> 13 -> 11 -> 5). 485,514 params.
     */
    public static Sequential fashionCnn() {
        return Sequential.of(Shape.of(1, 28, 28),
                new Conv2d(64, 3), new ReLU(), new MaxPool2d(2), new Dropout(0.25),
                new Conv2d(128, 3), new ReLU(), new MaxPool2d(2), new Dropout(0.25),
                new Flatten(), new Linear(128), new ReLU(), new Linear(10));
    }

    /**
     * Fashion-MNIST CNN with two convs before each pool (64,64 / 128,128). Same padding, so the pools
     * see 28 and 14 and the dense layer 128 x 7 x 7 features (valid padding would leave 4 x 4).
     * 1,063,242 params.
     */
    public static Sequential fashionCnnDeep() {
        return Sequential.of(Shape.of(1, 28, 28),
                new Conv2d(64, 3, Padding.SAME), new ReLU(), new Conv2d(64, 3, Padding.SAME), new ReLU(),
                new MaxPool2d(2), new Dropout(0.25),
                new Conv2d(128, 3, Padding.SAME), new ReLU(), new Conv2d(128, 3, Padding.SAME), new ReLU(),
                new MaxPool2d(2), new Dropout(0.25),
                new Flatten(), new Linear(128), new ReLU(), new Linear(10));
    }

    /** MNIST: 784-512-512-512-10, ReLU and Dropout(0.2) after each hidden layer. 932,362 params. */
    public static Sequential mnistMlp() {
        return Sequential.of(Shape.of(1, 28, 28),
                new Flatten(),
                new Linear(512), new ReLU(), new Dropout(0.2),
                new Linear(512), new ReLU(), new Dropout(0.2),
                new Linear(512), new ReLU(), new Dropout(0.2),
                new Linear(10));
    }

    /**
     * The Keras MNIST CNN: Conv32(3)-ReLU-Conv64(3)-ReLU-MaxPool2-Dropout.25-Flatten-Dense128-ReLU-Dropout.5-Dense10.
     * 1,199,882 params.
     */
    public static Sequential mnistCnn() {
        return Sequential.of(Shape.of(1, 28, 28),
                new Conv2d(32, 3), new ReLU(), new Conv2d(64, 3), new ReLU(), new MaxPool2d(2), new Dropout(0.25),
                new Flatten(), new Linear(128), new ReLU(), new Dropout(0.5), new Linear(10));
    }

    /**
     * LeNet-5 on 28 x 28 digits padded to the original 32 x 32: Conv6(5)-Tanh-AvgPool2 (28 -> 14),
     * Conv16(5)-Tanh-AvgPool2 (10 -> 5), Flatten 400, Dense120-Tanh-Dense84-Tanh-Dense10. 61,706 params.
     */
    public static Sequential lenet5() {
        return lenet(Tanh::new, () -> new AvgPool2d(2));
    }

    /** LeNet-5 with max pooling and ReLU, the modern variant. Same shapes, 61,706 params. */
    public static Sequential lenet5Relu() {
        return lenet(ReLU::new, () -> new MaxPool2d(2));
    }

    private static Sequential lenet(Supplier<Layer> activation, Supplier<Layer> pool) {
        return Sequential.of(Shape.of(1, 28, 28),
                new ZeroPad2d(2),
                new Conv2d(6, 5), activation.get(), pool.get(),
                new Conv2d(16, 5), activation.get(), pool.get(),
                new Flatten(),
                new Linear(120), activation.get(), new Linear(84), activation.get(), new Linear(10));
    }

    /**
     * The CIFAR-10 model of the Keras tutorial on (3, 32, 32): three blocks
     * [Conv(f,3,same)-ReLU-BN-Conv(f,3,same)-ReLU-BN-MaxPool2-Dropout] with f = 32, 64, 128 and dropout
     * 0.2, 0.3, 0.4, then Flatten-Dense512-ReLU-BN-Dropout.5-Dense10. 1,345,066 params, of which 1,920
     * are the batch-norms' running means and variances (not trainable).
     */
    public static Sequential cifarVgg() {
        Sequential model = new Sequential();
        int[] filters = {32, 64, 128};
        double[] dropouts = {0.2, 0.3, 0.4};
        for (int b = 0; b < filters.length; b++) {
            model.add(new Conv2d(filters[b], 3, Padding.SAME)).add(new ReLU()).add(new BatchNorm2d())
                    .add(new Conv2d(filters[b], 3, Padding.SAME)).add(new ReLU()).add(new BatchNorm2d())
                    .add(new MaxPool2d(2)).add(new Dropout(dropouts[b]));
        }
        model.add(new Flatten()).add(new Linear(512)).add(new ReLU()).add(new BatchNorm1d()).add(new Dropout(0.5))
                .add(new Linear(10));
        model.buildFor(Shape.of(3, 32, 32));
        return model;
    }

    /**
     * A small ResNet for (1, 28, 28), built with the functional API: conv stem Conv16-BN-ReLU, residual
     * blocks of 16 (28 x 28), 32 (stride 2, 14 x 14) and 64 (stride 2, 7 x 7) channels, global average
     * pooling, Dense10. See {@link Blocks#residual}.
     */
    public static GraphModel resnetMini() {
        Node in = Input.of(1, 28, 28);
        Node x = Blocks.convBnRelu(in, 16, 3, 1);
        x = Blocks.residual(x, 16, 1);
        x = Blocks.residual(x, 32, 2);
        x = Blocks.residual(x, 64, 2);
        return GraphModel.of(in, new Linear(10).on(new GlobalAvgPool2d().on(x)));
    }

    /**
     * A small GoogLeNet for (1, 28, 28): stem Conv32(3,same)-ReLU-MaxPool2 (14 x 14), one inception block
     * (1x1: 16; 1x1 16 then 3x3: 24; 1x1 8 then 5x5: 8; pool then 1x1: 8; 56 channels), MaxPool2 (7 x 7),
     * global average pooling, Dense10. See {@link Blocks#inception}.
     */
    public static GraphModel inceptionMini() {
        Node in = Input.of(1, 28, 28);
        Node x = new MaxPool2d(2).on(new ReLU().on(new Conv2d(32, 3, Padding.SAME).on(in)));
        x = Blocks.inception(x, 16, 16, 24, 8, 8, 8);
        x = new MaxPool2d(2).on(x);
        return GraphModel.of(in, new Linear(10).on(new GlobalAvgPool2d().on(x)));
    }
}

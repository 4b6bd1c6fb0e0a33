package splot.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import splot.nn.Dropout;
import splot.nn.Flatten;
import splot.nn.Linear;
import splot.nn.Model;
import splot.nn.ReLU;
import splot.nn.Sequential;
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
        add("fashion-mlp", "Fashion-MNIST MLP: Flatten-Dense128-Dense10 (about 13% test error)", Zoo::fashionMlp);
        add("mnist-mlp", "MNIST MLP 784-512-512-512-10 with dropout 0.2", Zoo::mnistMlp);
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

    /** MNIST: 784-512-512-512-10, ReLU and Dropout(0.2) after each hidden layer. 932,362 params. */
    public static Sequential mnistMlp() {
        return Sequential.of(Shape.of(1, 28, 28),
                new Flatten(),
                new Linear(512), new ReLU(), new Dropout(0.2),
                new Linear(512), new ReLU(), new Dropout(0.2),
                new Linear(512), new ReLU(), new Dropout(0.2),
                new Linear(10));
    }
}

package splot.nn;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Rebuilds layers from their saved {@link Config}: the type name (the class's simple name) maps to a
 * factory. Every layer that can appear in a model file is registered here.
 */
public final class LayerTypes {
    private static final Map<String, Function<Config, Layer>> FACTORIES = new TreeMap<>();

    static {
        register("Linear", c -> new Linear(c.getInt("units"), c.getBoolean("bias")));
        register("ReLU", c -> new ReLU());
        register("LeakyReLU", c -> new LeakyReLU((float) c.getDouble("slope")));
        register("Tanh", c -> new Tanh());
        register("Sigmoid", c -> new Sigmoid());
        register("GELU", c -> new GELU());
        register("Softmax", c -> new Softmax());
        register("Flatten", c -> new Flatten());
        register("Dropout", c -> new Dropout(c.getDouble("rate")));
        register("Add", c -> new Add());
        register("Concat", c -> new Concat());
        register("Conv1d", Conv1d::fromConfig);
        register("Conv2d", Conv2d::fromConfig);
        register("MaxPool1d", MaxPool1d::fromConfig);
        register("MaxPool2d", MaxPool2d::fromConfig);
        register("AvgPool1d", AvgPool1d::fromConfig);
        register("AvgPool2d", AvgPool2d::fromConfig);
        register("GlobalAvgPool2d", c -> new GlobalAvgPool2d());
        register("ZeroPad2d", ZeroPad2d::fromConfig);
        register("BatchNorm1d", c -> new BatchNorm1d(c.getDouble("momentum"), c.getDouble("eps")));
        register("BatchNorm2d", c -> new BatchNorm2d(c.getDouble("momentum"), c.getDouble("eps")));
    }

    private LayerTypes() {
    }

    /** Makes a layer type loadable from model files (for layers defined outside Splot too). */
    public static synchronized void register(String type, Function<Config, Layer> factory) {
        FACTORIES.put(type, factory);
    }

    /** A new, unbuilt layer of the given type and arguments. */
    public static synchronized Layer create(Config config) {
        Function<Config, Layer> f = FACTORIES.get(config.type());
        if (f == null) {
            throw new IllegalArgumentException("Unknown layer type '" + config.type() + "'; known types: " + FACTORIES.keySet());
        }
        return f.apply(config);
    }
}

package splot.optim;

import java.util.List;
import java.util.Map;
import splot.nn.Config;

/**
 * Optimizers by name, as the CLI and a resumed run ask for them: {@code sgd}, {@code adam},
 * {@code adamw}, {@code rmsprop}, {@code rprop}. {@link #create(String, Map)} rebuilds one from the
 * settings that {@link Optimizer#config()} exported, so a checkpoint resumes with the same hyperparameters.
 */
public final class Optimizers {
    private static final List<String> NAMES = List.of("adam", "adamw", "sgd", "rmsprop", "rprop");

    private Optimizers() {
    }

    public static List<String> names() {
        return NAMES;
    }

    /** A new optimizer of the named kind with default settings and the given learning rate. */
    public static Optimizer create(String name, double learningRate) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "adam" -> new Adam(learningRate);
            case "adamw" -> new AdamW(learningRate);
            case "sgd" -> new SGD(learningRate);
            case "rmsprop" -> new RMSprop(learningRate);
            case "rprop" -> new Rprop(learningRate);
            default -> throw new IllegalArgumentException("Unknown optimizer '" + name + "'; known: " + String.join(", ", NAMES));
        };
    }

    /** A new optimizer of the named kind with the settings of {@link Optimizer#config()} (PyTorch's names). */
    public static Optimizer create(String name, Map<String, Object> settings) {
        Config c = new Config(name, settings);
        double lr = c.getDouble("lr");
        return switch (name) {
            case "adam" -> new Adam(lr).betas(c.getDouble("beta1"), c.getDouble("beta2")).eps(c.getDouble("eps"))
                    .weightDecay(c.getDouble("weight_decay")).amsgrad(c.getBoolean("amsgrad"));
            case "adamw" -> new AdamW(lr).betas(c.getDouble("beta1"), c.getDouble("beta2")).eps(c.getDouble("eps"))
                    .weightDecay(c.getDouble("weight_decay")).amsgrad(c.getBoolean("amsgrad"));
            case "sgd" -> new SGD(lr).momentum(c.getDouble("momentum")).dampening(c.getDouble("dampening"))
                    .nesterov(c.getBoolean("nesterov")).weightDecay(c.getDouble("weight_decay"));
            case "rmsprop" -> new RMSprop(lr).alpha(c.getDouble("alpha")).eps(c.getDouble("eps")).momentum(c.getDouble("momentum"))
                    .centered(c.getBoolean("centered")).weightDecay(c.getDouble("weight_decay"));
            case "rprop" -> new Rprop(lr).etas(c.getDouble("eta_minus"), c.getDouble("eta_plus"))
                    .stepSizes(c.getDouble("step_size_min"), c.getDouble("step_size_max"));
            default -> throw new IllegalArgumentException("Unknown optimizer '" + name + "'; known: " + String.join(", ", NAMES));
        };
    }
}

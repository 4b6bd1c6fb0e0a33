package splot.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An optimizer's state as plain data, for saving a run and resuming it exactly: which optimizer
 * ({@link Optimizer#name()}), its current learning rate, and per parameter (in the order they were bound)
 * the steps taken and the named buffers, each as long as the parameter (PyTorch's names:
 * {@code momentum_buffer}; {@code square_avg}, {@code grad_avg}; {@code exp_avg}, {@code exp_avg_sq},
 * {@code max_exp_avg_sq}; {@code prev}, {@code step_size}). A parameter never stepped has step 0 and no buffers.
 */
public record OptimizerState(String optimizer, double learningRate, List<Param> params) {
    public OptimizerState {
        params = List.copyOf(params);
    }

    /** One parameter's state. */
    public record Param(long step, Map<String, float[]> buffers) {
        public Param {
            buffers = Collections.unmodifiableMap(new LinkedHashMap<>(buffers));  // keeps the buffers' order
        }
    }
}

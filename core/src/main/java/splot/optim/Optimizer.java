package splot.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import splot.tensor.Tensor;

/**
 * Updates parameters from their gradients, PyTorch style:
 * <pre>{@code
 * var optimizer = new Adam(model.parameters(), 1e-3);
 * for (...) {
 *     optimizer.zeroGrad();
 *     Tensor loss = lossFn.compute(model.call(x), y);
 *     loss.backward();
 *     optimizer.step();
 * }
 * }</pre>
 * Parameters are bound at construction or later with {@link #attach(List)} (what a Keras-style fit does).
 * A parameter whose gradient is null (no backward reached it) is skipped by {@link #step()}, and its
 * state does not advance, as in PyTorch.
 *
 * <p>State: per parameter, a step count and named float buffers with PyTorch's names
 * ({@code exp_avg}, {@code momentum_buffer}, ...), created on the parameter's first step.
 * {@link #state()} exports it as plain data and {@link #loadState(OptimizerState)} restores it, so that a
 * saved run resumes exactly. Hyperparameters are in {@link #config()}.
 *
 * <p>An update is one plain loop over the parameter's floats; after a parameter's first step nothing is allocated.
 */
public abstract class Optimizer {
    private List<Tensor> params = List.of();
    private State[] states = new State[0];
    private double learningRate;

    protected Optimizer(double learningRate) {
        checkNonNegative("learning rate", learningRate);
        this.learningRate = learningRate;
    }

    protected Optimizer(List<Tensor> params, double learningRate) {
        this(learningRate);
        bind(params);
    }

    /** Short lowercase name, as in PyTorch's {@code torch.optim} ({@code "adam"}); also tags exported state. */
    public abstract String name();

    /** Hyperparameters by name, learning rate first, for logs and for saving a training setup. */
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("lr", learningRate);
        return c;
    }

    /**
     * Updates one parameter in place from its gradient. {@code state.step()} has already been advanced
     * to count this step (1 on the first).
     */
    protected abstract void update(State state, float[] param, float[] grad);

    // ---------------------------------------------------------------- parameters

    /**
     * Binds the parameters to update. Binding the same tensors again (as a second {@code fit} does)
     * keeps the state; binding others starts over with fresh state. Returns this.
     */
    public Optimizer attach(List<Tensor> parameters) {
        bind(parameters);
        return this;
    }

    // Private and free of overridable calls: the constructor uses it before the subclass is initialised.
    private void bind(List<Tensor> parameters) {
        if (sameTensors(parameters)) return;
        String who = getClass().getSimpleName();
        Map<Tensor, Integer> seen = new IdentityHashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            Tensor p = parameters.get(i);
            if (p == null) throw new IllegalArgumentException(who + ": parameter " + i + " is null");
            if (!p.isLeaf()) {
                throw new IllegalArgumentException(who + ": parameter " + i + " " + p.shape() + " is the output of op '" + p.op()
                        + "'; an optimizer updates leaf tensors (parameters) only");
            }
            Integer before = seen.put(p, i);
            if (before != null) {
                throw new IllegalArgumentException(who + ": parameter " + i + " is the same tensor as parameter " + before
                        + "; each parameter may appear once");
            }
        }
        params = List.copyOf(parameters);
        states = new State[params.size()];
    }

    private boolean sameTensors(List<Tensor> other) {
        if (other.size() != params.size() || params.isEmpty()) return false;
        for (int i = 0; i < other.size(); i++) if (other.get(i) != params.get(i)) return false;
        return true;
    }

    /** The bound parameters, in order (indices match {@link #state()}). */
    public List<Tensor> parameters() {
        return params;
    }

    // ---------------------------------------------------------------- the loop

    /** Updates every bound parameter that has a gradient. */
    public void step() {
        if (params.isEmpty()) {
            throw new IllegalStateException(this + " has no parameters: pass model.parameters() to the constructor or to attach()");
        }
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (!p.hasGrad()) continue;
            State s = states[i];
            if (s == null) s = states[i] = new State(p.size());
            s.step++;
            update(s, p.data(), p.gradBuffer());
        }
    }

    /** Clears the gradient of every bound parameter (PyTorch's {@code zero_grad(set_to_none=True)}). */
    public void zeroGrad() {
        for (Tensor p : params) p.zeroGrad();
    }

    public double learningRate() {
        return learningRate;
    }

    /** Sets the learning rate for the next steps (what a {@link LearningRateSchedule} drives). */
    public void setLearningRate(double learningRate) {
        checkNonNegative("learning rate", learningRate);
        this.learningRate = learningRate;
    }

    // ---------------------------------------------------------------- state

    /** A copy of the learning rate and of every parameter's state, as plain data. */
    public OptimizerState state() {
        List<OptimizerState.Param> out = new ArrayList<>(states.length);
        for (State s : states) {
            Map<String, float[]> buffers = new LinkedHashMap<>();
            if (s != null) s.buffers.forEach((k, v) -> buffers.put(k, v.clone()));
            out.add(new OptimizerState.Param(s == null ? 0 : s.step, buffers));
        }
        return new OptimizerState(name(), learningRate, out);
    }

    /**
     * Restores state exported by {@link #state()} of the same kind of optimizer over parameters of the same
     * sizes (bind them first). The arrays are copied.
     */
    public void loadState(OptimizerState state) {
        if (!state.optimizer().equals(name())) {
            throw new IllegalArgumentException("Optimizer state is from '" + state.optimizer() + "', this optimizer is '" + name() + "'");
        }
        if (state.params().size() != params.size()) {
            throw new IllegalArgumentException(name() + ": state holds " + state.params().size() + " parameters, this optimizer has "
                    + params.size() + (params.isEmpty() ? " (attach the parameters first)" : ""));
        }
        State[] loaded = new State[params.size()];
        for (int i = 0; i < loaded.length; i++) {
            OptimizerState.Param ps = state.params().get(i);
            if (ps.step() == 0 && ps.buffers().isEmpty()) continue;
            int size = params.get(i).size();
            loaded[i] = new State(size);
            loaded[i].step = ps.step();
            for (var e : ps.buffers().entrySet()) {
                if (e.getValue().length != size) {
                    throw new IllegalArgumentException(name() + ": state buffer '" + e.getKey() + "' of parameter " + i + " has "
                            + e.getValue().length + " values, the parameter has " + size);
                }
                loaded[i].buffers.put(e.getKey(), e.getValue().clone());
            }
        }
        setLearningRate(state.learningRate());
        states = loaded;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('(');
        String sep = "";
        for (var e : config().entrySet()) {
            sb.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = ", ";
        }
        return sb.append(')').toString();
    }

    static void checkNonNegative(String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException("Invalid " + what + ": " + v + " (expected a finite value >= 0)");
    }

    static void checkBelowOne(String what, double v) {
        if (!(v >= 0 && v < 1)) throw new IllegalArgumentException("Invalid " + what + ": " + v + " (expected 0 <= value < 1)");
    }

    /**
     * What an optimizer keeps for one parameter between steps (PyTorch's {@code optimizer.state[p]}):
     * the number of steps taken and named buffers of the parameter's size.
     */
    protected static final class State {
        private final int size;
        private long step;
        private final Map<String, float[]> buffers = new LinkedHashMap<>();

        private State(int size) {
            this.size = size;
        }

        /** Steps taken on this parameter, counting the current one. */
        public long step() {
            return step;
        }

        /** Whether the buffer exists yet (PyTorch's {@code 'momentum_buffer' in state}). */
        public boolean has(String name) {
            return buffers.containsKey(name);
        }

        /** The named buffer, created as zeros on first use. */
        public float[] buffer(String name) {
            return buffer(name, 0f);
        }

        /** The named buffer, created filled with {@code initial} on first use. */
        public float[] buffer(String name, float initial) {
            float[] b = buffers.get(name);
            if (b == null) {      // no computeIfAbsent: its capturing lambda would allocate on every call
                b = new float[size];
                if (initial != 0) Arrays.fill(b, initial);
                buffers.put(name, b);
            }
            return b;
        }
    }
}

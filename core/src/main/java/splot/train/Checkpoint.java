package splot.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import splot.data.Normalization;
import splot.io.ModelFile;
import splot.nn.Model;
import splot.optim.Optimizer;
import splot.optim.OptimizerState;
import splot.tensor.Tensor;

/**
 * Saves and loads a run's whole state in a {@code .splot} file: the model and its weights, plus the
 * optimizer state as tensors ({@code "<param index>.<buffer>"}, e.g. {@code "3.exp_avg"}) and, in
 * {@code training.json}, the epochs done, the history and the optimizer's settings and step counts.
 * Writes are atomic, so a run killed mid-save keeps its previous checkpoint.
 */
public final class Checkpoint {
    private Checkpoint() {
    }

    /**
     * A model with its weights, what a resumed run needs (null for a file without training state),
     * how inputs were scaled in training, and the class names (both defaulted for a bare model file).
     */
    public record Loaded(Model model, Resume resume, Normalization normalization, List<String> classNames) {
    }

    /** Saves a running training's state after {@code epochsDone} epochs. */
    public static void save(Path path, Training run, int epochsDone) throws IOException {
        save(path, run.model(), run.optimizer(), run.history(), epochsDone, run.normalization(), run.classNames());
    }

    public static void save(Path path, Model model, Optimizer optimizer, History history, int epochsDone, Normalization normalization,
                            List<String> classNames) throws IOException {
        OptimizerState state = optimizer.state();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        List<Long> steps = new ArrayList<>();
        for (int i = 0; i < state.params().size(); i++) {
            OptimizerState.Param p = state.params().get(i);
            steps.add(p.step());
            for (var b : p.buffers().entrySet()) tensors.put(i + "." + b.getKey(), Tensor.of(b.getValue(), b.getValue().length));
        }
        Map<String, Object> opt = new LinkedHashMap<>();
        opt.put("name", state.optimizer());
        opt.put("lr", state.learningRate());
        opt.put("config", optimizer.config());
        opt.put("steps", steps);
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("epochs_done", epochsDone);
        training.put("history", history.toMap());
        training.put("optimizer", opt);
        training.put("normalization", normalization.toMap());
        training.put("classes", classNames);
        ModelFile.save(model, path, new ModelFile.Extras(tensors, training));
    }

    /** Loads a checkpoint; {@link Loaded#resume()} is null for a file saved without training state. */
    @SuppressWarnings("unchecked")
    public static Loaded load(Path path) throws IOException {
        ModelFile.Contents c = ModelFile.read(path);
        Map<String, Object> training = c.extras().training();
        try {
            Map<String, Object> norm = (Map<String, Object>) training.get("normalization");
            Normalization normalization = norm == null ? Normalization.unit() : Normalization.fromMap(norm);
            List<String> classes = training.containsKey("classes") ? (List<String>) training.get("classes") : List.of();
            if (!training.containsKey("optimizer")) return new Loaded(c.model(), null, normalization, classes);
            Map<String, Object> opt = (Map<String, Object>) training.get("optimizer");
            List<Object> steps = (List<Object>) opt.get("steps");
            List<OptimizerState.Param> params = new ArrayList<>();
            for (int i = 0; i < steps.size(); i++) {
                Map<String, float[]> buffers = new LinkedHashMap<>();
                String prefix = i + ".";
                for (var e : c.extras().optimizerState().entrySet()) {
                    if (e.getKey().startsWith(prefix)) buffers.put(e.getKey().substring(prefix.length()), e.getValue().data());
                }
                params.add(new OptimizerState.Param(((Number) steps.get(i)).longValue(), buffers));
            }
            OptimizerState state = new OptimizerState((String) opt.get("name"), ((Number) opt.get("lr")).doubleValue(), params);
            History history = History.fromMap((Map<String, Object>) training.get("history"));
            int done = ((Number) training.get("epochs_done")).intValue();
            return new Loaded(c.model(), new Resume(state, history, done, (Map<String, Object>) opt.get("config"), normalization),
                    normalization, classes);
        } catch (ClassCastException | NullPointerException e) {
            throw new IOException(path + ": damaged training state in training.json (" + e + ")", e);
        }
    }
}

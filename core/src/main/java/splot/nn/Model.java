package splot.nn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import splot.data.Dataset;
import splot.io.ModelFile;
import splot.loss.Loss;
import splot.tensor.GradMode;
import splot.tensor.Shape;
import splot.tensor.Tensor;
import splot.train.Evaluation;
import splot.train.Fit;
import splot.train.History;
import splot.train.Trainer;

/**
 * A layer made of layers, with a name for each part and a Keras-style {@link #summary()}.
 * {@link Sequential} chains layers; {@link GraphModel} wires them as a graph (residual and inception blocks).
 */
public abstract class Model extends Layer {

    /** The layers that make up the model, in the order their rows appear in the summary. */
    public abstract List<Layer> layers();

    @Override
    public List<Layer> children() {
        return layers();
    }

    /** A model leaves shape checks to its layers, so that an error names the layer that could not take the input. */
    @Override
    protected boolean accepts(Shape built, Shape got) {
        return true;
    }

    /** Inference: evaluation mode, no tape; restores the previous mode afterwards. */
    public Tensor predict(Tensor x) {
        boolean wasTraining = isTraining();
        eval();
        try (var ignored = GradMode.off()) {
            return call(x);
        } finally {
            if (wasTraining) train();
        }
    }

    /** Trains the model (Keras' {@code fit}); see {@link Fit} for the recipe. Returns the per-epoch metrics. */
    public History fit(Dataset train, Fit fit) {
        return Trainer.fit(this, train, fit);
    }

    /** Mean cross-entropy loss and accuracy on a data set, in batches of 256. */
    public Evaluation evaluate(Dataset data) {
        return evaluate(data, Loss.crossEntropy(), 256);
    }

    public Evaluation evaluate(Dataset data, Loss loss, int batchSize) {
        return Trainer.evaluate(this, data, loss, batchSize, data.normalization());
    }

    /** Class probabilities (N, C) for every item of a data set. */
    public Tensor predictProbabilities(Dataset data) {
        return Trainer.predict(this, data, 256, data.normalization());
    }

    /** Saves architecture and weights to a {@code .splot} file, atomically. */
    public void save(Path path) throws IOException {
        ModelFile.save(this, path);
    }

    /** Loads a model saved with {@link #save(Path)} or a checkpoint. */
    public static Model load(Path path) throws IOException {
        return ModelFile.load(path);
    }

    /** Gives every unnamed layer a unique name from its type: {@code conv2d}, {@code conv2d_1}, ... */
    protected void nameLayers() {
        Map<String, Integer> seen = new HashMap<>();
        for (Layer l : layers()) if (l.hasName()) seen.merge(l.name(), 1, Integer::sum);
        for (Layer l : layers()) {
            if (l.hasName()) continue;
            String base = l.defaultName();
            int k = seen.merge(base, 1, Integer::sum) - 1;
            l.named(k == 0 ? base : base + "_" + k);
        }
    }

    /** The Keras-style table: layer (type), output shape, param #, then total / trainable / non-trainable. */
    public String summary() {
        if (!isBuilt()) throw new IllegalStateException("summary() needs a built model: give it an input shape or call it once");
        return Summary.of(this);
    }

    /** Output item shape for a given input item shape, building the model if needed. */
    public Shape outputShapeFor(Shape input) {
        return buildFor(input);
    }
}

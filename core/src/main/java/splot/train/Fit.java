package splot.train;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import splot.data.Dataset;
import splot.data.Normalization;
import splot.data.Transform;
import splot.loss.Loss;
import splot.optim.Adam;
import splot.optim.Optimizer;

/**
 * The recipe of a training run, as the arguments of Keras' {@code fit}: epochs, batch size,
 * validation data or split, loss, optimizer, callbacks, seed, verbosity.
 *
 * <pre>{@code
 * History h = model.fit(train, Fit.epochs(20).batchSize(128).validation(test)
 *         .optimizer(new Adam(1e-3)).loss(Loss.crossEntropy())
 *         .callbacks(new EarlyStopping("val_loss", 5)));
 * }</pre>
 * Defaults: batch size 32, Adam(1e-3), cross-entropy, shuffled, seed 0, verbose.
 */
public final class Fit {
    int epochs;
    int batchSize = 32;
    Dataset validation;
    double validationSplit;
    Optimizer optimizer;
    Loss loss = Loss.crossEntropy();
    final List<Callback> callbacks = new ArrayList<>();
    long seed;
    boolean shuffle = true;
    boolean verbose = true;
    Transform[] augment = new Transform[0];
    Normalization normalization;
    PrintStream out = System.out;
    Resume resume;

    private Fit(int epochs) {
        if (epochs <= 0) throw new IllegalArgumentException("epochs must be > 0, got " + epochs);
        this.epochs = epochs;
    }

    /** A recipe of {@code epochs} epochs (the total, counting epochs a resumed run already did). */
    public static Fit epochs(int epochs) {
        return new Fit(epochs);
    }

    public Fit batchSize(int batchSize) {
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be > 0, got " + batchSize);
        this.batchSize = batchSize;
        return this;
    }

    /** Data to evaluate on after each epoch ({@code val_loss}, {@code val_accuracy}). */
    public Fit validation(Dataset validation) {
        this.validation = validation;
        return this;
    }

    /** Holds out this fraction of the training data (after a seeded shuffle) for validation; 0 holds out none. */
    public Fit validationSplit(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) throw new IllegalArgumentException("validation split must be in [0, 1), got " + fraction);
        this.validationSplit = fraction;
        return this;
    }

    public Fit optimizer(Optimizer optimizer) {
        this.optimizer = optimizer;
        return this;
    }

    public Fit loss(Loss loss) {
        this.loss = loss;
        return this;
    }

    public Fit callbacks(Callback... callbacks) {
        this.callbacks.addAll(List.of(callbacks));
        return this;
    }

    /** Seed of the shuffle, the split and augmentation (weights follow {@code Rng.seed}). */
    public Fit seed(long seed) {
        this.seed = seed;
        return this;
    }

    public Fit shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return this;
    }

    /** Progress bar and per-epoch lines (on by default). */
    public Fit verbose(boolean verbose) {
        this.verbose = verbose;
        return this;
    }

    /** Augmentation applied to training items only, in order ({@code new HorizontalFlip(), new RandomShift(2)}). */
    public Fit augment(Transform... augment) {
        this.augment = augment.clone();
        return this;
    }

    /** How items become inputs; by default the training data set's own ({@code x / 255} for pixels). */
    public Fit normalization(Normalization normalization) {
        this.normalization = normalization;
        return this;
    }

    /** Where progress lines go; standard output by default. */
    public Fit out(PrintStream out) {
        this.out = out;
        return this;
    }

    /** Continues a run saved by {@link ModelCheckpoint}: its optimizer state, history and epoch count. */
    public Fit resume(Resume resume) {
        this.resume = resume;
        return this;
    }

    /** The loss this recipe trains with. */
    public Loss lossFunction() {
        return loss;
    }

    /** The normalization a run of this recipe on {@code train} uses: the one set here, or the data set's own. */
    public Normalization normalizationUsed(Dataset train) {
        return normalization != null ? normalization : resume != null && resume.normalization() != null ? resume.normalization()
                : train.normalization();
    }

    Optimizer optimizerOrDefault() {
        if (optimizer == null) optimizer = new Adam(1e-3);
        return optimizer;
    }
}

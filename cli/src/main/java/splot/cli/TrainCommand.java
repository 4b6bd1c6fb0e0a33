package splot.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import splot.data.Resolved;
import splot.models.Zoo;
import splot.nn.Model;
import splot.optim.Optimizer;
import splot.optim.Optimizers;
import splot.tensor.Rng;
import splot.train.Checkpoint;
import splot.train.EarlyStopping;
import splot.train.Evaluation;
import splot.train.Fit;
import splot.train.History;
import splot.train.HistoryLogger;
import splot.train.ModelCheckpoint;
import splot.train.Trainer;

/**
 * {@code splot train}: trains a built-in model on a named data set with early stopping, saving a
 * checkpoint after every epoch (so an interrupted run keeps its last epoch and can be resumed), then
 * reports the test accuracy. With no arguments it trains {@code fashion-cnn} on Fashion-MNIST.
 */
@Command(name = "train",
        mixinStandardHelpOptions = true,
        description = "Train a model on a data set, with early stopping and a checkpoint after every epoch, then report test accuracy.",
        footer = {"", "Examples:", "  splot train                                   # fashion-cnn on Fashion-MNIST",
                "  splot train --model fashion-mlp --epochs 10 --out mlp.splot",
                "  splot train --resume fashion-cnn.splot --epochs 30"})
final class TrainCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = {"-m", "--model"}, paramLabel = "NAME", defaultValue = "fashion-cnn", completionCandidates = SummaryCommand.ModelNames.class,
            description = "Built-in model: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private String model;

    @Mixin
    private DataOptions data;

    @Option(names = "--epochs", defaultValue = "20", description = "Most epochs to train; early stopping may end sooner (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--batch-size", defaultValue = "128", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    private double lr;

    @Option(names = "--optimizer", defaultValue = "adam", description = "adam, adamw, sgd, rmsprop or rprop (default: ${DEFAULT-VALUE}).")
    private String optimizer;

    @Option(names = "--val-split", defaultValue = "0.1",
            description = "Fraction of the training data held out for validation and early stopping (default: ${DEFAULT-VALUE}); "
                    + "0 trains on all of it and stops early on the training loss.")
    private double valSplit;

    @Option(names = "--patience", defaultValue = "3",
            description = "Epochs without a better val_loss (loss with --val-split 0) before stopping; the best epoch's weights are kept "
                    + "(default: ${DEFAULT-VALUE}).")
    private int patience;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of weights, shuffling and the split (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Model file to write (default: MODEL.splot).")
    private Path out;

    @Option(names = "--resume", paramLabel = "FILE", description = "Continue the run saved in FILE (its model, optimizer state and history).")
    private Path resume;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintStream stdout = new PrintStream(new WriterStream(spec.commandLine().getOut()), true);
        Resolved resolved = data.load(err);
        Rng.seed(seed);
        Model net;
        Optimizer opt;
        Fit fit = Fit.epochs(epochs).batchSize(batchSize).validationSplit(valSplit).seed(seed).out(stdout);
        if (resume != null) {
            Checkpoint.Loaded loaded = Checkpoint.load(resume);
            if (loaded.resume() == null) throw new IllegalArgumentException(resume + " holds no training state to resume");
            net = loaded.model();
            opt = Optimizers.create(loaded.resume().optimizerState().optimizer(), loaded.resume().optimizerConfig());
            fit.resume(loaded.resume());
            if (out == null) out = resume;
            stdout.printf(Locale.US, "Resuming %s after %d epochs%n", resume, loaded.resume().epochsDone());
        } else {
            if (!Zoo.names().contains(model)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Unknown model '" + model + "'. Valid models: " + String.join(", ", Zoo.names()));
            }
            net = Zoo.create(model);
            opt = Optimizers.create(optimizer, lr);
            if (out == null) out = Path.of(model + ".splot");
        }
        checkShapes(net, resolved);
        // Without a validation set (as Keras with validation_split=0) only the training loss is there to watch.
        EarlyStopping early = new EarlyStopping(valSplit > 0 ? "val_loss" : "loss", patience).restoreBestWeights(true);
        Path historyFile = sibling(out, ".history.csv");
        fit.optimizer(opt).callbacks(early, new ModelCheckpoint(out), new HistoryLogger(historyFile));

        stdout.printf(Locale.US, "Training %s (%,d params) on %s: %,d training images, %s, batch %d, up to %d epochs%n",
                net.name(), net.countParams(), resolved.spec().name(), resolved.train().size(), opt, batchSize, epochs);
        long start = System.nanoTime();
        History history = net.fit(resolved.train(), fit);
        double seconds = (System.nanoTime() - start) / 1e9;
        // The last checkpoint holds the last epoch; after early stopping the model holds the best one: save that.
        Checkpoint.save(out, net, opt, history, history.epochs(), fit.normalizationUsed(resolved.train()), resolved.train().classNames());

        Evaluation test = Trainer.evaluate(net, resolved.test(), fit.lossFunction(), 256, fit.normalizationUsed(resolved.train()));
        stdout.printf(Locale.US, "Trained %d epochs in %.1f s. Saved %s (history: %s)%n", history.epochs(), seconds, out, historyFile);
        stdout.printf(Locale.US, "Test accuracy: %.4f (loss %.4f, %,d images)%n", test.accuracy(), test.loss(), test.samples());
        return Main.OK;
    }

    private static void checkShapes(Model net, Resolved data) {
        if (!net.inputShape().equals(data.train().itemShape())) {
            throw new IllegalArgumentException("Model " + net.name() + " takes inputs " + net.inputShape() + " but " + data.spec().name()
                    + " has images " + data.train().itemShape());
        }
        int classes = net.outputShape().dim(0);
        if (classes != data.train().numClasses()) {
            throw new IllegalArgumentException("Model " + net.name() + " has " + classes + " outputs but " + data.spec().name() + " has "
                    + data.train().numClasses() + " classes");
        }
    }

    /** {@code fashion-cnn.splot} -> {@code fashion-cnn.history.csv}, in the same folder. */
    static Path sibling(Path file, String suffix) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        Path sib = Path.of((dot > 0 ? name.substring(0, dot) : name) + suffix);
        Path dir = file.toAbsolutePath().getParent();
        return dir == null || !Files.isDirectory(dir) ? sib : dir.resolve(sib);
    }
}

package splot.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import splot.data.Resolved;
import splot.loss.Loss;
import splot.train.Checkpoint;
import splot.train.Evaluation;
import splot.train.Trainer;

/** {@code splot eval FILE --data NAME}: loss and accuracy of a saved model on a data set's test split. */
@Command(name = "eval",
        mixinStandardHelpOptions = true,
        description = "Evaluate a saved model on the test split of a data set.",
        footer = {"", "Example:", "  splot eval fashion-cnn.splot --data fashion-mnist --json"})
final class EvalCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A .splot model file.")
    private Path file;

    @Mixin
    private DataOptions data;

    @Option(names = "--batch-size", defaultValue = "256", description = "Batch size (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--json", description = "End with one JSON line: {\"loss\":..,\"accuracy\":..,\"samples\":..}.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Checkpoint.Loaded loaded = Checkpoint.load(file);
        Resolved resolved = data.load(spec.commandLine().getErr());
        Evaluation e = Trainer.evaluate(loaded.model(), resolved.test(), Loss.crossEntropy(), batchSize, loaded.normalization());
        if (json) {
            out.println(e.toJson());
        } else {
            out.printf(Locale.US, "%s on %s test: accuracy %.4f, loss %.4f, %,d images%n", file, resolved.spec().name(), e.accuracy(),
                    e.loss(), e.samples());
        }
        out.flush();
        return Main.OK;
    }
}

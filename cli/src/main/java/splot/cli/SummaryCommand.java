package splot.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import splot.models.Zoo;
import splot.nn.Model;

/**
 * {@code splot summary --model NAME | FILE}: the Keras-style table of a built-in model or a saved
 * {@code .splot} file (layers, output shapes, parameter counts).
 */
@Command(name = "summary",
        mixinStandardHelpOptions = true,
        description = "Print a model's layers, output shapes and parameter counts, as Keras' model.summary().",
        footer = {"", "Example:", "  splot summary --model fashion-cnn"})
final class SummaryCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = {"-m", "--model"}, paramLabel = "NAME", completionCandidates = ModelNames.class,
            description = "A built-in model: ${COMPLETION-CANDIDATES}.")
    private String model;

    @CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "A .splot model file, instead of --model.")
    private java.nio.file.Path file;

    @Override
    public Integer call() throws java.io.IOException {
        if ((model == null) == (file == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Give either --model NAME or a model FILE");
        }
        if (model != null && !Zoo.names().contains(model)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Unknown model '" + model + "'. Valid models: " + String.join(", ", Zoo.names()));
        }
        Model m = model != null ? Zoo.create(model) : splot.io.ModelFile.load(file);
        PrintWriter out = spec.commandLine().getOut();
        out.print(m.summary());
        out.flush();
        return Main.OK;
    }

    /** The zoo's names, for the help text and shell completion. */
    static final class ModelNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Zoo.names().iterator();
        }
    }
}

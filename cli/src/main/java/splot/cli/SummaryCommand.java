package splot.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import splot.models.Zoo;
import splot.nn.Model;

/**
 * {@code splot summary --model NAME}: the Keras-style table of a built-in model (layers, output
 * shapes, parameter counts). Model files (.splot) will be accepted once training can write them.
 */
@Command(name = "summary",
        mixinStandardHelpOptions = true,
        description = "Print a model's layers, output shapes and parameter counts, as Keras' model.summary().",
        footer = {"", "Example:", "  splot summary --model fashion-cnn"})
final class SummaryCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "NAME", completionCandidates = ModelNames.class,
            description = "A built-in model: ${COMPLETION-CANDIDATES}.")
    private String model;

    @Override
    public Integer call() {
        if (!Zoo.names().contains(model)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Unknown model '" + model + "'. Valid models: " + String.join(", ", Zoo.names()));
        }
        Model m = Zoo.create(model);
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

package splot.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import splot.models.Zoo;

/** {@code splot models}: the built-in models, one per line with a description. */
@Command(name = "models",
        mixinStandardHelpOptions = true,
        description = "List the built-in models (use a name with --model).")
final class ModelsCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int width = Zoo.names().stream().mapToInt(String::length).max().orElse(0);
        for (Zoo.Entry e : Zoo.entries()) {
            out.println(String.format(Locale.US, "%-" + width + "s  %s", e.name(), e.description()));
        }
        out.flush();
        return Main.OK;
    }
}

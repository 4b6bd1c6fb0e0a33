package splot.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code splot} command: parses the arguments and runs a subcommand.
 *
 * <p>Exit codes: 0 success, 2 usage error (unknown option, bad value), 1 runtime error. Errors
 * print one line; {@code -v/--verbose} adds the stack trace.
 */
@Command(name = "splot",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Convolutional neural networks in pure Java: build, train, inspect and ship CNNs.",
        subcommands = {TrainCommand.class, EvalCommand.class, PredictCommand.class, SummaryCommand.class, FilterCommand.class,
                ShowCommand.class, BenchCommand.class, ModelsCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Run 'splot COMMAND --help' for the options of a command."})
public final class Main implements Runnable {
    static final int OK = 0;
    static final int RUNTIME_ERROR = 1;
    static final int USAGE_ERROR = 2;

    private boolean verbose;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Shared with every subcommand, so {@code splot summary -v ...} works as well as {@code splot -v summary ...}. */
    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Print stack traces of errors.")
    void setVerbose(boolean verbose) {
        this.verbose = verbose;
    }

    boolean verbose() {
        return verbose;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, ready to {@code execute(args)}; tests redirect its out and err. */
    public static CommandLine commandLine() {
        Main main = new Main();
        CommandLine cl = new CommandLine(main);
        cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? USAGE_ERROR : RUNTIME_ERROR);
        cl.setParameterExceptionHandler(Main::usageError);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> runtimeError(main, e, commandLine));
        return cl;
    }

    /** Without a subcommand: the usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A bad argument: the message, then where to find help (not the whole usage, which buries the message). */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println(cl.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return USAGE_ERROR;
    }

    /** A failure while running: one line naming what went wrong, the stack trace only with --verbose. */
    private static int runtimeError(Main main, Exception e, CommandLine cl) {
        PrintWriter err = cl.getErr();
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
        err.println("splot: error: " + message.lines().findFirst().orElse(""));
        if (main.verbose) e.printStackTrace(err);
        err.flush();
        return RUNTIME_ERROR;
    }

    /** {@code splot --version}: the project version and the Java running it. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) p.load(in);
            }
            return new String[] {
                    "splot " + p.getProperty("version", "(unknown version)"),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ", " + System.getProperty("java.vendor") + ")"
            };
        }
    }
}

package splot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import splot.models.Zoo;

/** Runs the command in-process, as the launcher would, and reads what it prints. */
class MainTest {
    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void benchRefusesAThreadCountTheRunningPoolCannotGive() {
        int pool = splot.kernel.Parallel.poolSize();
        try {
            Run zero = run("bench", "--threads", "0", "--models", "fashion-mlp");
            assertEquals(Main.USAGE_ERROR, zero.exit());
            assertTrue(zero.err().contains("--threads must be 1 or more, got 0"), zero.err());
            Run more = run("bench", "--threads", Integer.toString(pool + 1), "--models", "fashion-mlp");
            assertEquals(Main.USAGE_ERROR, more.exit());
            assertTrue(more.err().contains("--threads " + (pool + 1) + " is more than the " + pool + " threads of the pool"), more.err());
        } finally {
            System.clearProperty("splot.threads");   // set by the command, for a pool that runs already
        }
        assertEquals(pool, splot.kernel.Parallel.threads(), "a refused count leaves the loops as they were");
    }

    @Test
    void benchPrintsOneJsonLineAModelInThePeersSchema() {
        // Fewer steps than the protocol's, so that the test is quick; every step still takes its batch in turn.
        Run r = run("bench", "--json", "--models", "fashion-mlp,lenet5", "--train-steps", "11", "--infer-batches", "9");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        int threads = splot.kernel.Parallel.threads();
        String[] names = {"fashion-mlp", "lenet5"};
        long[] params = {101_770, 61_706};
        for (int i = 0; i < 2; i++) {
            String prefix = "{\"lib\":\"splot\",\"model\":\"" + names[i] + "\",\"params\":" + params[i] + ",\"threads\":" + threads
                    + ",\"batch\":128,\"train_img_per_s\":";
            assertTrue(lines.get(i).startsWith(prefix), lines.get(i));
            Matcher rates = Pattern.compile("\"train_img_per_s\":([0-9.E]+),\"infer_img_per_s\":([0-9.E]+)}$").matcher(lines.get(i));
            assertTrue(rates.find(), lines.get(i));
            assertTrue(Double.parseDouble(rates.group(1)) > 0 && Double.parseDouble(rates.group(2)) > 0, lines.get(i));
        }
    }

    @Test
    void summaryOfFashionCnnPrintsTheKerasTable() {
        Run r = run("summary", "--model", "fashion-cnn");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("Model: \"fashion-cnn\"", lines.get(0));
        assertTrue(r.out().contains("Layer (type)"), r.out());
        assertTrue(r.out().contains("(None, 64, 26, 26)"), r.out());
        assertTrue(r.out().contains("(None, 3200)"), r.out());
        assertEquals("Total params: 485,514", lines.get(lines.size() - 3));
        assertEquals("Trainable params: 485,514", lines.get(lines.size() - 2));
        assertEquals("Non-trainable params: 0", lines.get(lines.size() - 1));
        assertEquals("", r.err());
    }

    @Test
    void summaryShowsNonTrainableParams() {
        Run r = run("summary", "--model", "cifar-vgg");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().endsWith("Total params: 1,345,066\nTrainable params: 1,343,146\nNon-trainable params: 1,920\n"), r.out());
    }

    @Test
    void everyZooModelHasASummary() {
        for (String name : Zoo.names()) {
            Run r = run("summary", "-m", name);
            assertEquals(0, r.exit(), name + ": " + r.err());
            assertTrue(r.out().startsWith("Model: \"" + name + "\""), r.out());
        }
    }

    @Test
    void unknownModelIsAUsageErrorListingTheValidNames() {
        Run r = run("summary", "--model", "resnet-1000");
        assertEquals(2, r.exit());
        assertEquals("", r.out());
        String first = r.err().lines().findFirst().orElseThrow();
        assertTrue(first.contains("Unknown model 'resnet-1000'"), r.err());
        for (String name : Zoo.names()) assertTrue(first.contains(name), "missing " + name + " in: " + first);
        assertTrue(r.err().contains("splot summary --help"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void missingModelOptionIsAUsageError() {
        Run r = run("summary");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--model"), r.err());
    }

    @Test
    void unknownCommandIsAUsageError() {
        Run r = run("summarise");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("summarise"), r.err());
    }

    @Test
    void helpListsTheCommands() {
        Run r = run("--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("Usage: splot"), r.out());
        assertTrue(r.out().contains("summary"), r.out());
        assertTrue(r.out().contains("models"), r.out());
        assertTrue(r.out().contains("--version"), r.out());
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : Main.commandLine().getSubcommands().keySet()) {
            if (command.equals("help")) continue;
            Run r = run(command, "--help");
            assertEquals(0, r.exit(), command);
            assertTrue(r.out().startsWith("Usage: splot " + command), r.out());
        }
        Run r = run("help", "summary");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("--model=NAME"), r.out());
        assertTrue(r.out().contains("fashion-mlp"), "valid names in the option's help: " + r.out());
    }

    @Test
    void noArgumentsPrintsTheUsage() {
        Run r = run();
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("Usage: splot"), r.out());
    }

    @Test
    void versionNamesTheProjectVersionAndJava() {
        Run r = run("--version");
        assertEquals(0, r.exit());
        assertTrue(r.out().matches("(?s)splot \\d+\\.\\d+\\.\\d+.*\nJava \\d+.*"), r.out());
    }

    @Test
    void modelsListsEveryNameWithADescription() {
        Run r = run("models");
        assertEquals(0, r.exit());
        List<String> lines = r.out().lines().toList();
        assertEquals(Zoo.names().size(), lines.size());
        for (int i = 0; i < lines.size(); i++) assertTrue(lines.get(i).startsWith(Zoo.names().get(i) + " "), lines.get(i));
    }

    @Test
    void runtimeErrorIsOneLineWithoutVerboseAndATraceWithIt() {
        CommandLine quiet = withFailingCommand();
        StringWriter err = new StringWriter();
        quiet.setErr(new PrintWriter(err, true));
        assertEquals(1, quiet.execute("fail"));
        assertEquals(List.of("splot: error: disk on fire"), err.toString().lines().toList());

        CommandLine loud = withFailingCommand();
        StringWriter err2 = new StringWriter();
        loud.setErr(new PrintWriter(err2, true));
        assertEquals(1, loud.execute("fail", "--verbose"));
        assertTrue(err2.toString().startsWith("splot: error: disk on fire"), err2.toString());
        assertTrue(err2.toString().contains("IllegalStateException"), err2.toString());
        assertTrue(err2.toString().lines().count() > 2, err2.toString());
    }

    @CommandLine.Command(name = "fail")
    static final class Failing implements Runnable {
        @Override
        public void run() {
            throw new IllegalStateException("disk on fire\nsecond line not shown");
        }
    }

    private static CommandLine withFailingCommand() {
        CommandLine cl = Main.commandLine();
        cl.addSubcommand(new Failing());
        return cl;
    }
}

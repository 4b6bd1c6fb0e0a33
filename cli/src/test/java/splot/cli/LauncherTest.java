package splot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code splot} launcher script, run with bash against fake JDKs (a {@code release} file and a
 * {@code bin/java} script that prints its arguments), so it needs no build and takes milliseconds.
 */
class LauncherTest {
    private static final Path SCRIPT = Path.of("..", "splot").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    @Test
    void picksTheNewestJdkOf25OrMoreAndPassesTheArguments() throws Exception {
        Path jvms = Files.createDirectory(tmp.resolve("jvm"));
        fakeJdk(jvms.resolve("jdk-21"), "21.0.5", "echo 21 \"$@\"");
        fakeJdk(jvms.resolve("jdk-25"), "25.0.1", "echo 25 \"$@\"");
        fakeJdk(jvms.resolve("jdk-26"), "26-ea", "echo 26 \"$@\"");
        Run r = launch(Map.of("SPLOT_JVM_DIR", jvms.toString()), "summary", "--model", "a b");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("26 "), r.out());
        assertTrue(r.out().contains("--add-modules jdk.incubator.vector"), r.out());
        Path directives = SCRIPT.getParent().resolve("cli/src/main/jvm/compiler-directives.json");
        assertTrue(Files.isReadable(directives), directives + " ships with the launcher");
        assertTrue(r.out().contains("-XX:CompilerDirectivesFile=" + directives + " -XX:+DisplayVMOutputToStderr"), r.out());
        Path thresholds = SCRIPT.getParent().resolve("cli/src/main/jvm/compile-thresholds.txt");
        assertTrue(Files.isReadable(thresholds), thresholds + " ships with the launcher");
        assertTrue(r.out().contains("-XX:CompileCommandFile=" + thresholds + " "), r.out());
        assertTrue(r.out().strip().endsWith("-jar " + tmp.resolve("splot.jar") + " summary --model a b"), r.out());
    }

    @Test
    void everyDirectiveNamesAMethodThatExists() throws Exception {
        // A renamed kernel would silently lose its directive: the JVM ignores patterns that match nothing.
        int named = 0;
        for (Directive directive : directives()) {
            for (String pattern : directive.patterns()) {
                int dot = pattern.lastIndexOf('.');
                if (assertNamesAMethod(pattern.substring(0, dot).replace('/', '.'), pattern.substring(dot + 1), pattern)) named++;
            }
        }
        assertTrue(named > 0, "the directives name at least one of Splot's methods");
    }

    @Test
    void everyCompileThresholdNamesAMethodThatExists() throws Exception {
        int named = 0;
        for (Threshold threshold : thresholds()) {
            if (assertNamesAMethod(threshold.type(), threshold.method(), threshold.pattern())) named++;
        }
        assertTrue(named > 0, "the thresholds name at least one of Splot's methods");
    }

    /**
     * Thresholds below the kernels' 0.01 only for methods that the directives keep from C2: a loop that C2 compiles,
     * given a threshold that low, is compiled on stack inside its first long call, before its priming has run
     * (session 40 tried 0.001 for all of splot.kernel, and Transpose.blocks was).
     */
    @Test
    void thresholdsBelowTheKernelsOnlyForMethodsC2NeverCompiles() throws Exception {
        List<Directive> directives = directives();
        List<Threshold> thresholds = thresholds();
        int checked = 0;
        for (String typeName : thresholds.stream().map(Threshold::type).filter(t -> !t.contains("*")).distinct().toList()) {
            for (var method : Class.forName(typeName, false, getClass().getClassLoader()).getDeclaredMethods()) {
                String name = typeName.replace('.', '/') + "." + method.getName();
                // The last threshold line that matches a method counts; the first directive that matches it applies.
                Threshold last = thresholds.reversed().stream()
                        .filter(t -> matchesMethod(t.type().replace('.', '/') + "." + t.method(), name)).findFirst().orElse(null);
                if (last == null || last.scale() >= 0.01) continue;
                Directive first = directives.stream().filter(d -> d.patterns().stream().anyMatch(p -> matchesMethod(p, name)))
                        .findFirst().orElse(null);
                assertTrue(first != null && first.keepsFromC2(), last.pattern() + " scales " + name + ", which C2 compiles");
                checked++;
            }
        }
        assertTrue(checked > 0, "no threshold below 0.01 was checked");
    }

    /** One block of the directives file: its match patterns (HotSpot's "pkg/Class.method"), and whether it excludes C2. */
    record Directive(List<String> patterns, boolean keepsFromC2) {
    }

    /** One line of the thresholds file: "CompileThresholdScaling,pkg.Class::method,scale". */
    record Threshold(String pattern, String type, String method, double scale) {
    }

    private static List<Directive> directives() throws IOException {
        String text = Files.readString(SCRIPT.getParent().resolve("cli/src/main/jvm/compiler-directives.json"))
                .lines().filter(l -> !l.strip().startsWith("//")).collect(Collectors.joining("\n"));
        List<Directive> all = new ArrayList<>();
        Matcher match = Pattern.compile("match: (\\[[^\\]]*\\]|\"[^\"]+\")").matcher(text);
        List<Integer> starts = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        while (match.find()) {
            starts.add(match.end());
            groups.add(match.group(1));
        }
        for (int i = 0; i < starts.size(); i++) {
            String rest = text.substring(starts.get(i), i + 1 < starts.size() ? starts.get(i + 1) : text.length());
            List<String> patterns = Pattern.compile("\"([^\"]+)\"").matcher(groups.get(i)).results().map(r -> r.group(1)).toList();
            all.add(new Directive(patterns, rest.matches("(?s).*c2: \\{ Exclude: true \\}.*")));
        }
        return all;
    }

    private static List<Threshold> thresholds() throws IOException {
        Path file = SCRIPT.getParent().resolve("cli/src/main/jvm/compile-thresholds.txt");
        List<Threshold> all = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.startsWith("CompileThresholdScaling,")) continue;
            String[] parts = line.split(",");
            assertEquals(3, parts.length, line);
            String[] typeAndMethod = parts[1].split("::");
            all.add(new Threshold(parts[1], typeAndMethod[0], typeAndMethod[1], Double.parseDouble(parts[2])));
        }
        return all;
    }

    /**
     * Asserts that a concrete class (dotted) has a method that {@code method} matches; patterns with a * in the class
     * (packages, lambda classes) are skipped. Returns whether a method was checked.
     */
    private boolean assertNamesAMethod(String typeName, String method, String pattern) throws ClassNotFoundException {
        if (typeName.contains("*")) return false;
        Class<?> type = Class.forName(typeName, false, getClass().getClassLoader());
        if (method.equals("*")) return false;   // a class's every method: that the class exists is enough
        assertTrue(Arrays.stream(type.getDeclaredMethods()).anyMatch(m -> matches(method, m.getName())), pattern + " names no method");
        return true;
    }

    /** HotSpot's "pkg/Class.method" pattern against a method's "pkg/Class.method". */
    private static boolean matchesMethod(String pattern, String name) {
        int dot = pattern.lastIndexOf('.'), nameDot = name.lastIndexOf('.');
        return matches(pattern.substring(0, dot), name.substring(0, nameDot)) && matches(pattern.substring(dot + 1), name.substring(nameDot + 1));
    }

    /** A name pattern as HotSpot reads it: * alone matches all, a trailing * names that begin with the rest. */
    private static boolean matches(String pattern, String name) {
        if (pattern.equals("*")) return true;
        return pattern.endsWith("*") ? name.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(name);
    }

    /**
     * The kernels under the launcher's own JVM options (the real JDK this test runs on, given what the launcher passes
     * its java): batch normalisation's statistics ran boxed in some JVMs, 14 MB of garbage a call and 8 times slower,
     * when C2 compiled a vector op on a loop's running sum without the type profile that the directives leave the
     * Vector API's own methods without (session 26). Five JVMs: it came in about two of five.
     */
    @Test
    void batchNormStatisticsAllocateNothingUnderTheLaunchersOptions() throws Exception {
        List<String> options = launcherOptions();
        for (int jvm = 0; jvm < 5; jvm++) {
            long bytes = probeNumber(options, BoxingProbe.class);
            assertTrue(bytes < 4096, "JVM " + jvm + ": " + bytes + " bytes a call (launcher options " + options + ")");
        }
    }

    /**
     * A whole training step under the launcher's own options (fashion-cnn: convolutions, ReLUs, pools, dropout, dense
     * layers, the cross-entropy and Adam) allocates tens of kilobytes, the tape's small objects, not the megabytes of a
     * kernel on boxed vectors: in session 55 a float vector of a second width, first used by a cross-entropy on
     * vectors (tried, not kept), left loops that C2 compiled after it with Vector API calls it could not inline (2.4 MB
     * a step in six of seven JVMs).
     */
    @Test
    void trainingStepsAllocateLittleUnderTheLaunchersOptions() throws Exception {
        List<String> options = launcherOptions();
        for (int jvm = 0; jvm < 3; jvm++) {
            long bytes = probeNumber(options, TrainingStepProbe.class);
            assertTrue(bytes < 256 * 1024, "JVM " + jvm + ": " + bytes + " bytes a training step (launcher options " + options + ")");
        }
    }

    /** Runs {@code probe}'s main in a JVM of its own with {@code options} and two threads, and returns the number it prints. */
    private long probeNumber(List<String> options, Class<?> probe) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.command().addAll(options);
        pb.command().addAll(List.of("-Dsplot.threads=2", "-cp", System.getProperty("java.class.path"), probe.getName()));
        pb.redirectOutput(tmp.resolve("probe").toFile()).redirectError(tmp.resolve("probe-err").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the probe did not finish");
        String out = Files.readString(tmp.resolve("probe")).strip();
        assertEquals(0, p.exitValue(), out + Files.readString(tmp.resolve("probe-err")));
        return Long.parseLong(out);
    }

    /**
     * The loops that {@code ElementwisePriming}, {@code LoopPriming.Transposes} and {@code Conv5x5} prime, under the launcher's own
     * options: C2 compiles them while the priming waits, so the long calls that follow run compiled code and never ask
     * for an on-stack compile ({@code PrintCompilation} marks one with {@code %}). Without the priming each of them
     * was compiled on stack first.
     */
    @Test
    void primedLoopsAreNotCompiledOnStack() throws Exception {
        List<String> options = launcherOptions();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.command().addAll(options);
        pb.command().addAll(List.of("-Dsplot.threads=2", "-XX:+PrintCompilation", "-cp", System.getProperty("java.class.path"),
                PrimingProbe.class.getName()));
        pb.redirectErrorStream(true).redirectOutput(tmp.resolve("probe").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the probe did not finish");
        String out = Files.readString(tmp.resolve("probe"));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("done"), out);
        List<String> primed = List.of("VectorElementwise::relu ", "VectorElementwise::reluBackward ", "VectorElementwise::tanh ",
                "VectorElementwise::tanhBackward ", "VectorElementwise::adam ", "Transpose::blocks ", "VectorConv5x5::forward ",
                "VectorConv5x5::addWeightGradient ", "PackedGemm::packBTransposed ", "PackedGemm::packBRows ",
                "PackedGemm::packAColumns ", "PackedGemm::packARows ", "PackedGemm::addEdge ", "VectorElementwise::addTo ",
                "Softmax::softmax ", "Softmax::softmaxRows ", "Softmax::gradient ", "VectorElementwise::reluGradient ");
        // C2's on-stack compile (level 4, marked %) names the loop's bytecode index: "Class::method @ 12 (239 bytes)".
        // C1's (level 3) may come while the priming itself runs, and costs little.
        List<String> onStack = out.lines().filter(l -> l.matches(".*\\s%.*\\s4\\s+splot\\..*")
                && primed.stream().anyMatch(m -> l.contains(m.strip() + " @"))).toList();
        assertEquals(List.of(), onStack, "launcher options " + options);
        for (String method : primed) {
            assertTrue(out.lines().anyMatch(l -> l.contains(method + "(") && l.matches(".*\\s4\\s+splot.*")), method + " was compiled by C2");
        }
    }

    /** The JVM options the launcher passes its java, asked of the launcher itself with a fake JDK that prints them. */
    private List<String> launcherOptions() throws Exception {
        Path jvms = Files.createDirectory(tmp.resolve("jvm-options"));
        fakeJdk(jvms.resolve("jdk-25"), "25", "printf '%s\\n' \"$@\"");
        Run r = launch(Map.of("SPLOT_JVM_DIR", jvms.toString()));
        assertEquals(0, r.exit(), r.err());
        List<String> args = r.out().lines().toList();
        return args.subList(0, args.indexOf("-jar"));
    }

    @Test
    void javaHomeOf25IsUsedFirst() throws Exception {
        Path home = fakeJdk(tmp.resolve("home25"), "25", "echo home");
        Path jvms = Files.createDirectory(tmp.resolve("jvm"));
        fakeJdk(jvms.resolve("jdk-27"), "27", "echo newer");
        Run r = launch(Map.of("SPLOT_JVM_DIR", jvms.toString(), "JAVA_HOME", home.toString()));
        assertEquals("home", r.out().strip());
    }

    @Test
    void withoutJdk25ItSaysWhatItFound() throws Exception {
        Path old = fakeJdk(tmp.resolve("old"), "1.8.0_402", "echo old");
        Path jvms = Files.createDirectory(tmp.resolve("jvm"));
        fakeJdk(jvms.resolve("jdk-17"), "17.0.15", "echo 17");
        Run r = launch(Map.of("SPLOT_JVM_DIR", jvms.toString(), "JAVA_HOME", old.toString()), "models");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("Splot needs a JDK 25 or newer; found: JAVA_HOME=" + old + " (8)"), r.err());
        assertTrue(r.err().contains(jvms.resolve("jdk-17") + " (17)"), r.err());
    }

    @Test
    void dropsOnlyTheStartupNoticesAndKeepsTheExitCode() throws Exception {
        Path jvms = Files.createDirectory(tmp.resolve("jvm"));
        fakeJdk(jvms.resolve("jdk-25"), "25", """
                echo '2 compiler directives added' >&2
                echo 'WARNING: Using incubator modules: jdk.incubator.vector' >&2
                echo 'splot: error: something real' >&2
                echo out
                exit 3""");
        Run r = launch(Map.of("SPLOT_JVM_DIR", jvms.toString()));
        assertEquals(3, r.exit());
        assertEquals("out\n", r.out());
        assertEquals("splot: error: something real\n", r.err());
    }

    /** A JDK home with a release file and a bin/java running {@code body}. */
    private static Path fakeJdk(Path home, String version, String body) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = home.resolve("bin/java");
        Files.writeString(java, "#!/bin/bash\n" + body + "\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    /** Runs the launcher with no java on PATH (only the basic tools) and a given jar, so nothing is built. */
    private Run launch(Map<String, String> env, String... args) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("tools"));
        for (String tool : List.of("bash", "dirname", "readlink", "sed", "find", "cat", "head", "env")) {
            Path target = which(tool);
            if (!Files.exists(bin.resolve(tool))) Files.createSymbolicLink(bin.resolve(tool), target);
        }
        Files.writeString(tmp.resolve("splot.jar"), "");
        ProcessBuilder pb = new ProcessBuilder(which("bash").toString(), SCRIPT.toString());
        pb.command().addAll(List.of(args));
        pb.environment().clear();
        pb.environment().put("PATH", bin.toString());
        pb.environment().put("SPLOT_JAR", tmp.resolve("splot.jar").toString());
        pb.environment().putAll(env);
        pb.redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "launcher did not finish");
        return new Run(p.exitValue(), Files.readString(tmp.resolve("out")), Files.readString(tmp.resolve("err")));
    }

    private static Path which(String tool) {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) return p;
        }
        throw new IllegalStateException("no " + tool + " on this machine");
    }
}

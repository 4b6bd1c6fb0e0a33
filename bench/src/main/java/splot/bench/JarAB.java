package splot.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Two or more versions of splot-core compared in one JVM: each loaded by a class loader of its own, taking turns
 * every few steps of the same task ({@link ModelProbe}), and the medians compared. On the noisy 2-core VMs of
 * BENCHMARKS.md the same step moved by 1.5-3x between phases of tens of seconds, so whole benchmark runs, or JVMs
 * taking turns, could not resolve a 5-10% change; turns of a fraction of a second see both versions in the same
 * phase, and the median of each turn's ratio to the first version cancels the phases out.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector [the launcher's JVM options] -cp bench/target/benchmarks.jar \
 *   splot.bench.JarAB --rounds 40 --steps 5 /tmp/old/splot-core.jar core/target/classes train:fashion-cnn infer:fashion-cnn
 * </pre>
 *
 * Arguments: {@code [--rounds R] [--steps S] [--warmup W] VERSION VERSION... TASK...}; a version is a jar or class
 * folder of splot-core (or a class path of several, joined by ':'), after {@code LABEL=} to name it in the report; a task is {@code train:MODEL}, {@code infer:MODEL} or {@code gemm:...}
 * (see {@link ModelProbe}). Each round runs S steps of a task on every version in turn, every other round in the
 * reverse order; the first W rounds (default 3)
 * are the JIT's and are not counted. {@code bench/ab.sh} builds the versions from git commits and runs this.
 */
public final class JarAB {
    private static final String PROBE = ModelProbe.class.getName();

    private JarAB() {
    }

    /** One task's times, ms per step: {@code ms[v][r]} for version v in counted round r. */
    record Result(String task, double[][] ms) {
        double median(int version) {
            return JarAB.median(ms[version]);
        }

        /** The median over rounds of version v's time over version 0's in the same round. */
        double pairedRatio(int version) {
            double[] ratios = new double[ms[0].length];
            for (int r = 0; r < ratios.length; r++) ratios[r] = ms[version][r] / ms[0][r];
            return JarAB.median(ratios);
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = 30, steps = 5, warmup = 3;
        List<String> versions = new ArrayList<>(), tasks = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                default -> (args[i].matches("(train|infer|gemm):.*") ? tasks : versions).add(args[i]);
            }
        }
        if (versions.size() < 2 || tasks.isEmpty()) {
            System.err.println("usage: JarAB [--rounds R] [--steps S] [--warmup W] VERSION VERSION... TASK...");
            System.err.println("  VERSION: a splot-core jar or class folder; TASK: train:MODEL, infer:MODEL, gemm:N or gemm:MxNxK");
            System.exit(2);
        }
        List<Method> probes = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (String version : versions) {
            int eq = version.indexOf('=');
            labels.add(eq < 0 ? version : version.substring(0, eq));
            probes.add(probe(version.substring(eq + 1)));
        }
        for (String task : tasks) print(labels, run(probes, task, rounds, steps, warmup));
    }

    /** {@link ModelProbe#run} as defined in a fresh loader over {@code classPath} (entries joined by ':'). */
    static Method probe(String classPath) throws IOException, ReflectiveOperationException {
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath.split(":")) {
            Path path = Path.of(entry);
            if (!Files.exists(path)) throw new IllegalArgumentException("JarAB: no such jar or class folder: " + entry);
            urls.add(path.toUri().toURL());
        }
        return new ProbeLoader(urls.toArray(URL[]::new)).loadClass(PROBE).getMethod("run", String.class, int.class);
    }

    static Result run(List<Method> probes, String task, int rounds, int steps, int warmup) throws ReflectiveOperationException {
        double[][] ms = new double[probes.size()][Math.max(0, rounds - warmup)];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < probes.size(); i++) {
                int v = versionAt(r, i, probes.size());
                double t = invoke(probes.get(v), task, steps);
                if (r >= warmup) ms[v][r - warmup] = t;
            }
        }
        return new Result(task, ms);
    }

    /**
     * The version that runs {@code i}-th in round r: every other round in the reverse order, since a version that
     * always ran after another (its threads still spinning down, its caches just used) would carry that in each ratio.
     */
    static int versionAt(int round, int i, int versions) {
        return round % 2 == 0 ? i : versions - 1 - i;
    }

    private static double invoke(Method probe, String task, int steps) throws IllegalAccessException {
        try {
            return (double) probe.invoke(null, task, steps);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
    }

    private static void print(List<String> labels, Result result) {
        System.out.printf(Locale.US, "%s, %d rounds counted, ms per step:%n", result.task, result.ms[0].length);
        for (int v = 0; v < labels.size(); v++) {
            double[] sorted = result.ms[v].clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.US, "  %-24s median %9.4g  fastest %9.4g  paired ratio to the first %.3f%n",
                    labels.get(v), result.median(v), sorted.length == 0 ? Double.NaN : sorted[0], result.pairedRatio(v));
        }
    }

    static double median(double[] xs) {
        if (xs.length == 0) return Double.NaN;
        double[] sorted = xs.clone();
        Arrays.sort(sorted);
        int h = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
    }

    /**
     * Loads splot-core from its own URLs, and {@link ModelProbe} from the harness's bytes, so a version built before
     * the probe existed can be compared as well. The parent is the platform loader: the JDK (and the Vector API
     * module) are shared, nothing of the application's class path is.
     */
    static final class ProbeLoader extends URLClassLoader {
        ProbeLoader(URL[] urls) throws MalformedURLException {
            super(urls, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (!name.equals(PROBE)) return super.findClass(name);
            String resource = "/" + PROBE.replace('.', '/') + ".class";
            try (InputStream in = JarAB.class.getResourceAsStream(resource)) {
                if (in == null) throw new ClassNotFoundException(name + ": " + resource + " is not on the harness's class path");
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }
}

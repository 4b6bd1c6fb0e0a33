package splot.peers;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The main loop every peer shares: parse {@code --models a,b,...}, measure each model, check its
 * parameter count, print one JSON line per model on stdout.
 *
 * <p>Stdout carries the JSON lines and nothing else: the real stdout is kept aside and
 * {@code System.out} is pointed at stderr, so a library that prints goes to the log.
 */
public final class Harness {

    /** What a peer implements: build {@code model}, measure it, return the numbers. */
    @FunctionalInterface
    public interface Bench {
        Measured run(BenchModel model) throws Exception;
    }

    /**
     * A peer's numbers for one model: {@code params} counted by the library itself;
     * {@code trainImgPerS} NaN if the peer does not train.
     */
    public record Measured(long params, double trainImgPerS, double inferImgPerS) {}

    private Harness() {}

    /**
     * The thread count of this run: {@code OMP_NUM_THREADS} (which the OpenMP runtimes inside
     * libtorch and nd4j read themselves, so it must be set in the environment), else
     * {@link Protocol#THREADS} with a warning. Peers set their own knobs from it.
     */
    public static int threads() {
        String env = System.getenv("OMP_NUM_THREADS");
        if (env == null) {
            System.err.println("warning: OMP_NUM_THREADS is not set; OpenMP may use every core");
            return Protocol.THREADS;
        }
        return Integer.parseInt(env.trim());
    }

    /** Runs {@code bench} on the models named in {@code args}; exits 1 if any model failed. */
    public static void main(String lib, String[] args, Bench bench) {
        PrintStream json = System.out;
        System.setOut(System.err);
        List<BenchModel> models;
        try {
            models = parseModels(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: --models " + BenchModel.ids());
            System.exit(2);
            return;
        }
        boolean failed = false;
        for (BenchModel model : models) {
            try {
                long start = System.nanoTime();
                Measured m = bench.run(model);
                if (m.params() != model.params) {
                    throw new IllegalStateException(lib + " built " + model.id + " with " + m.params()
                            + " parameters, expected " + model.params + ": the architecture differs");
                }
                Result r = new Result(lib, model.id, m.params(), threads(), model.trainBatch,
                        m.trainImgPerS(), m.inferImgPerS());
                json.println(r.toJson());
                json.flush();
                System.err.printf("[%s] %s done in %.1f s%n", lib, model.id, (System.nanoTime() - start) / 1e9);
            } catch (Exception | Error e) {
                failed = true;
                System.err.println("[" + lib + "] " + model.id + " FAILED");
                e.printStackTrace(System.err);
            }
        }
        System.exit(failed ? 1 : 0);
    }

    static List<BenchModel> parseModels(String[] args) {
        String names = BenchModel.ids();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--models") && i + 1 < args.length) {
                names = args[++i];
            } else if (args[i].startsWith("--models=")) {
                names = args[i].substring("--models=".length());
            } else {
                throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
        }
        List<BenchModel> models = new ArrayList<>();
        for (String name : names.split(",")) {
            if (!name.isBlank()) models.add(BenchModel.of(name.trim()));
        }
        return models;
    }
}

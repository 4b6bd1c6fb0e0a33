package splot.bench;

import java.util.Arrays;
import java.util.Locale;
import splot.models.Zoo;

/**
 * The time of every training step (Adam, batch 128; 64 for cifar-vgg) and then of every inference batch (256) of
 * one zoo model, on random inputs, in milliseconds: how long the JIT takes to reach full speed, and what a step
 * costs after that. For same-harness A/Bs of two jars (BENCHMARKS.md, session 5), run with the launcher's JVM
 * options (all of them in bench/jdk.sh's {@code launcher_opts}):
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xms1g -Xmn512m \
 *   -XX:CompileCommandFile=cli/src/main/jvm/compile-thresholds.txt ... \
 *   -cp bench/target/benchmarks.jar splot.bench.StepTimes lenet5 400 400
 * </pre>
 *
 * Arguments: model, training steps (default 400), inference batches (default 400). Prints each phase's times, then
 * the median and the fastest of its second half, and the bytes all threads allocated a step in it.
 */
public final class StepTimes {
    private StepTimes() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: StepTimes MODEL [TRAIN_STEPS] [INFER_BATCHES]; models: " + String.join(", ", Zoo.names()));
            System.exit(2);
        }
        String name = args[0];
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 400, batches = args.length > 2 ? Integer.parseInt(args[2]) : 400;
        ZooWorkload work = new ZooWorkload(name);
        double[] train = new double[steps];
        long halfway = 0;
        for (int i = 0; i < steps; i++) {
            if (i == steps / 2) halfway = ALLOCATION.getTotalThreadAllocatedBytes();
            train[i] = work.trainStep();
        }
        report(name + " training step (ms)", train, ALLOCATION.getTotalThreadAllocatedBytes() - halfway, steps - steps / 2);
        double[] infer = new double[batches];
        for (int i = 0; i < batches; i++) {
            if (i == batches / 2) halfway = ALLOCATION.getTotalThreadAllocatedBytes();
            infer[i] = work.inferBatch();
        }
        report(name + " inference batch of 256 (ms)", infer, ALLOCATION.getTotalThreadAllocatedBytes() - halfway, batches - batches / 2);
    }

    /**
     * Bytes allocated by all threads: in the second half a steady step should allocate next to nothing (the arena
     * reuses its arrays). A vector that C2 cannot keep in registers shows here first, as megabytes a step: session 25
     * found one through a training run's resident memory.
     */
    private static final com.sun.management.ThreadMXBean ALLOCATION =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

    /** Prints the times, their second half's median and fastest, and {@code bytes} allocated over its {@code counted} steps. */
    private static void report(String what, double[] ms, long bytes, int counted) {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < ms.length; i++) all.append(String.format(Locale.US, i % 20 == 19 ? "%.2f%n" : "%.2f ", ms[i]));
        double[] late = Arrays.copyOfRange(ms, ms.length / 2, ms.length);
        Arrays.sort(late);
        System.out.printf(Locale.US, "%s:%n%s%nsecond half: median %.2f, fastest %.2f, allocated %,d bytes a step%n", what,
                all.toString().strip(), late.length == 0 ? Double.NaN : late[late.length / 2], late.length == 0 ? Double.NaN : late[0],
                counted == 0 ? 0 : bytes / counted);
    }
}

package splot.peers;

import java.lang.management.ManagementFactory;

/**
 * The measurement protocol shared by every peer (and by {@code splot bench}).
 *
 * <p>Training: {@value #TRAIN_WARMUP} untimed steps, then {@value #TRAIN_STEPS} timed steps of
 * Adam(lr {@value #LEARNING_RATE}) on softmax cross-entropy at the model's training batch size, in
 * training mode (dropout on, batch-norm on batch statistics). A step is: copy a prepared host batch
 * into the library's tensor, forward, loss, backward, optimizer update, read the loss back as a
 * number. Inference: {@value #INFER_WARMUP} untimed batches, then {@value #INFER_BATCHES} timed batches
 * of {@value #INFER_BATCH} in evaluation mode without gradients; a batch is: copy in, forward, copy
 * the logits back to a host array. Throughput = images / wall seconds of the timed part.
 */
public final class Protocol {
    public static final int THREADS = 2;
    public static final int TRAIN_WARMUP = 5;
    public static final int TRAIN_STEPS = 60;
    public static final int INFER_WARMUP = 3;
    public static final int INFER_BATCHES = 20;
    public static final int INFER_BATCH = 256;
    public static final float LEARNING_RATE = 1e-3f;
    /** Distinct prepared batches per phase; steps cycle through them. */
    public static final int POOL = 8;
    public static final long SEED = 42;

    private Protocol() {}

    /** One step or batch of a phase; {@code i} counts from 0 over warm-up and timed steps. */
    @FunctionalInterface
    public interface Step {
        void run(int i) throws Exception;
    }

    /**
     * Runs {@code warmup} untimed then {@code timed} timed steps; returns images per second.
     * Logs the timed part's wall and process CPU seconds to stderr: on a quiet machine CPU/wall is
     * close to the thread count; far below it, the run was starved by other processes.
     */
    public static double imagesPerSecond(int warmup, int timed, int batch, Step step) throws Exception {
        for (int i = 0; i < warmup; i++) step.run(i);
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        for (int i = warmup; i < warmup + timed; i++) step.run(i);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (processCpuNanos() - cpuStart) / 1e9;
        System.err.printf("  timed %d x %d images: wall %.2f s, cpu %.2f s (cpu/wall %.2f)%n",
                timed, batch, seconds, cpu, cpu / seconds);
        return (double) timed * batch / seconds;
    }

    /** CPU time of the whole process (all threads, native ones included), or -1 if unknown. */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}

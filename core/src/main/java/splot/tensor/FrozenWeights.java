package splot.tensor;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A scope in which this thread only infers and the weights it multiplies by do not change, as in a server or an
 * evaluation pass: dense layers run with the tape off ({@link GradMode#off}) then keep their weights packed for the
 * GEMM from one call to the next, as ONNX Runtime packs a model's weights once, instead of packing them at every call.
 * Each scope packs afresh at its first call, so a weight written before the scope opens is seen; one written while it
 * is open may not be, until the next scope. With the tape on (a training step) the scope changes nothing.
 * <pre>{@code
 * try (var ignored = GradMode.off(); var frozen = FrozenWeights.on()) {
 *     for (Tensor batch : batches) model.call(batch);
 * }
 * }</pre>
 * {@link splot.nn.Model#evaluate} and {@link splot.nn.Model#predictProbabilities} open one for their passes. The scope
 * is per thread; the floats are the same with it or without.
 */
public final class FrozenWeights {
    /** Epochs handed out so far: each scope has its own, never 0. */
    private static final AtomicLong EPOCHS = new AtomicLong();
    private static final ThreadLocal<long[]> EPOCH = ThreadLocal.withInitial(() -> new long[1]);

    private FrozenWeights() {
    }

    /** Opens a scope (nested ones too), closed by the returned scope's {@code close}, which restores the one before. */
    public static GradMode.Scope on() {
        long[] epoch = EPOCH.get();
        Restore restore = new Restore(epoch, epoch[0]);
        epoch[0] = EPOCHS.incrementAndGet();
        return restore;
    }

    /** A class, not a lambda, for the reason {@link GradMode}'s scope is one: no class made at the first inference. */
    private record Restore(long[] epoch, long previous) implements GradMode.Scope {
        @Override
        public void close() {
            epoch[0] = previous;
        }
    }

    /**
     * The epoch of this thread's open scope, 0 outside any or with the tape on (a training step run in a scope by
     * mistake): kernels that see the same epoch twice may reuse what they derived from a weight the first time.
     */
    public static long epoch() {
        return GradMode.isEnabled() ? 0 : EPOCH.get()[0];
    }
}

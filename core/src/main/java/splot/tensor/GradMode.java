package splot.tensor;

/**
 * Whether ops record the tape for backward. Recording is on by default; inference turns it off
 * for a scope, as PyTorch's {@code torch.no_grad()}:
 * <pre>{@code try (var ignored = GradMode.off()) { y = model.forward(x); } }</pre>
 * The mode is per thread.
 */
public final class GradMode {
    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> true);

    private GradMode() {
    }

    public static boolean isEnabled() {
        return ENABLED.get();
    }

    /** Turns recording off until the returned scope is closed, then restores the previous mode. */
    public static Scope off() {
        boolean previous = ENABLED.get();
        ENABLED.set(false);
        return previous ? Restore.ENABLED_AGAIN : Restore.DISABLED_AGAIN;
    }

    /**
     * The scope {@link #off} returns: a class of its own, not a lambda, whose class the JDK would generate (through its
     * class-file API) at a run's first {@code off()}, the start of its first inference: that first call took 1.0-1.3 ms
     * instead of 0.3 in a fresh JVM, and in fashion-mlp's benchmark C2 then compiled the class-file API's methods
     * during the inference warm-up (BENCHMARKS.md, session 40).
     */
    private record Restore(boolean previous) implements Scope {
        static final Restore ENABLED_AGAIN = new Restore(true), DISABLED_AGAIN = new Restore(false);

        @Override
        public void close() {
            ENABLED.set(previous);
        }
    }

    /** A scope that restores the previous mode on close and throws nothing. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}

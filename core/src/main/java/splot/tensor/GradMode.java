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
        return () -> ENABLED.set(previous);
    }

    /** A scope that restores the previous mode on close and throws nothing. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}

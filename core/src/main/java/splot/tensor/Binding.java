package splot.tensor;

/**
 * Something bound to the calling thread until closed ({@link Arena#join}, {@link LocalGradients#bind}, {@link
 * OpProfile#hidden}); closing it puts back what the thread had before. Closes without a checked exception, for
 * try-with-resources.
 */
public interface Binding extends AutoCloseable {
    @Override
    void close();

    /** Sets {@code slot} to {@code value} on this thread until the returned binding closes, then puts back what it held. */
    static <T> Binding set(ThreadLocal<T> slot, T value) {
        T before = slot.get();
        slot.set(value);
        return before == null ? slot::remove : () -> slot.set(before);
    }
}

package splot.tensor;

/**
 * Something bound to the calling thread until closed ({@link Arena#join}, {@link LocalGradients#bind}, {@link
 * OpProfile#hidden}); closing it puts back what the thread had before. Closes without a checked exception, for
 * try-with-resources.
 */
public interface Binding extends AutoCloseable {
    @Override
    void close();
}

package splot.data;

/**
 * A named data set as found: its training and test parts, where they came from ({@code location}: a folder, or
 * the classpath folder of the shipped sample) and, when it is not the full data set, a one-line {@code note} for
 * the user saying so and how to get the full set (null otherwise).
 */
public record Resolved(DatasetSpec spec, Dataset train, Dataset test, Source source, String location, String note) {

    /** Where a named data set was found, in the order {@link DatasetResolver} looks. */
    public enum Source {
        /** The folder the caller named. */
        EXPLICIT_DIR,
        /** Splot's cache, {@code $SPLOT_HOME/datasets/<name>} or {@code ~/.splot/datasets/<name>}. */
        CACHE,
        /** A system-wide installation, e.g. Debian's {@code /usr/share/datasets/fashion-mnist}. */
        SYSTEM,
        /** Downloaded into the cache just now. */
        DOWNLOAD,
        /** The small sample shipped inside Splot, because no full copy could be found or fetched. */
        SAMPLE
    }

    /** True when this is the shipped sample rather than the full data set. */
    public boolean usedSample() {
        return source == Source.SAMPLE;
    }
}

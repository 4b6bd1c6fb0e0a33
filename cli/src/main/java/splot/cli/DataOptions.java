package splot.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;
import splot.data.DatasetResolver;
import splot.data.Resolved;

/** The options that name a data set, shared by {@code train} and {@code eval}, and how they are resolved. */
final class DataOptions {
    @Option(names = "--data", paramLabel = "NAME", defaultValue = "fashion-mnist",
            description = "Data set: fashion-mnist, mnist or cifar-10 (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Folder holding the data set's files; by default the cache (~/.splot/datasets or $SPLOT_HOME), "
                    + "the system copy, a download, or the shipped Fashion-MNIST sample, in that order.")
    Path dir;

    /** Loads the data set, telling the user in one line where it came from when that is worth knowing. */
    Resolved load(PrintWriter err) throws java.io.IOException {
        DatasetResolver resolver = DatasetResolver.builder().progress(new DownloadBar(err)).build();
        Resolved r = resolver.load(name, dir);
        if (r.usedSample() || r.note() != null && !r.note().isBlank()) err.println("splot: " + r.note());
        err.flush();
        return r;
    }

    /** One line per file being downloaded, redrawn with the percentage done. */
    private record DownloadBar(PrintWriter err) implements splot.data.DownloadProgress {
        @Override
        public void update(String url, long bytesSoFar, long totalBytes) {
            String name = url.substring(url.lastIndexOf('/') + 1);
            String done = totalBytes > 0 ? String.format(Locale.US, "%3.0f%%", 100.0 * bytesSoFar / totalBytes)
                    : String.format(Locale.US, "%,d bytes", bytesSoFar);
            err.print("\rdownloading " + name + " " + done + (bytesSoFar == totalBytes ? "\n" : ""));
            err.flush();
        }
    }
}

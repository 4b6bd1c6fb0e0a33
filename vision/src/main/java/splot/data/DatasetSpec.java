package splot.data;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import splot.tensor.Shape;

/**
 * What a named data set is and where to find it: its files' format, item shape and class names, the mirror it
 * downloads from and the files there, folders where a system package may have installed it, and the shipped
 * sample (a classpath folder, or null when there is none). {@link Catalog} has the known ones; the
 * {@code with...} methods make variants (another mirror, other system folders), e.g. for tests.
 */
public record DatasetSpec(String name, Format format, Shape itemShape, List<String> classNames, URI mirror,
                          List<RemoteFile> files, List<Path> systemDirs, String sampleResource) {

    /** How the files of a data set are laid out on disk. */
    public enum Format {
        /** Four IDX files (gzipped or not): train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-... */
        IDX,
        /** The CIFAR-10 binary batches: data_batch_1..5.bin and test_batch.bin (in cifar-10-batches-bin/ or not). */
        CIFAR_BINARY
    }

    public DatasetSpec {
        classNames = List.copyOf(classNames);
        files = List.copyOf(files);
        systemDirs = List.copyOf(systemDirs);
    }

    /** This data set downloaded from {@code mirror} (a base URL ending in '/'), where the files are {@code files}. */
    public DatasetSpec withMirror(URI mirror, List<RemoteFile> files) {
        return new DatasetSpec(name, format, itemShape, classNames, mirror, files, systemDirs, sampleResource);
    }

    /** This data set with other folders searched as system-wide installations. */
    public DatasetSpec withSystemDirs(List<Path> systemDirs) {
        return new DatasetSpec(name, format, itemShape, classNames, mirror, files, systemDirs, sampleResource);
    }

    /** This data set without a shipped sample. */
    public DatasetSpec withoutSample() {
        return new DatasetSpec(name, format, itemShape, classNames, mirror, files, systemDirs, null);
    }

    /** The download URL of {@code file}. */
    public URI url(RemoteFile file) {
        return mirror.resolve(file.name());
    }
}

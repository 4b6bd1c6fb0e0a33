package splot.data;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import splot.tensor.Shape;

/**
 * The named data sets Splot knows how to find and download.
 *
 * <p>Digests. Fashion-MNIST: the SHA-256 of the files the Zalando mirror serves (their MD5s are the ones the
 * Fashion-MNIST README publishes). Debian's {@code dataset-fashion-mnist} ships the same data re-gzipped without
 * the stored file name (each file exactly name-length + 1 bytes shorter), so its files have other digests; that
 * does not matter, because local copies are checked by format, not digest. MNIST: the SHA-256 of the original
 * files, as TensorFlow's and PyTorch's downloaders pin them. CIFAR-10: the SHA-256 of the binary archive whose
 * MD5 {@code c32a1d4ab5d03f1284b67883e8d87530} the CIFAR page publishes.
 */
public final class Catalog {
    private Catalog() {
    }

    private static final Shape GRAY_28 = Shape.of(1, 28, 28);

    /** Zalando's Fashion-MNIST: 60,000 + 10,000 gray 28x28 clothing images, 10 classes (MIT licence). */
    public static final DatasetSpec FASHION_MNIST = new DatasetSpec("fashion-mnist", DatasetSpec.Format.IDX, GRAY_28,
            List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
            URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
            List.of(new RemoteFile("train-images-idx3-ubyte.gz", "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84", 26_421_880),
                    new RemoteFile("train-labels-idx1-ubyte.gz", "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845", 29_515),
                    new RemoteFile("t10k-images-idx3-ubyte.gz", "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073", 4_422_102),
                    new RemoteFile("t10k-labels-idx1-ubyte.gz", "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5", 5_148)),
            List.of(Path.of("/usr/share/datasets/fashion-mnist")),
            "/splot/data/fashion-mnist-sample/");

    /** LeCun's MNIST digits: 60,000 + 10,000 gray 28x28 images, 10 classes. */
    public static final DatasetSpec MNIST = new DatasetSpec("mnist", DatasetSpec.Format.IDX, GRAY_28,
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
            URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            List.of(new RemoteFile("train-images-idx3-ubyte.gz", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609", 9_912_422),
                    new RemoteFile("train-labels-idx1-ubyte.gz", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c", 28_881),
                    new RemoteFile("t10k-images-idx3-ubyte.gz", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6", 1_648_877),
                    new RemoteFile("t10k-labels-idx1-ubyte.gz", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6", 4_542)),
            List.of(Path.of("/usr/share/datasets/mnist")),
            null);

    /** Krizhevsky's CIFAR-10: 50,000 + 10,000 colour 32x32 images, 10 classes; downloaded as one tar.gz. */
    public static final DatasetSpec CIFAR_10 = new DatasetSpec("cifar-10", DatasetSpec.Format.CIFAR_BINARY, Cifar10.ITEM_SHAPE,
            Cifar10.CLASS_NAMES,
            URI.create("https://www.cs.toronto.edu/~kriz/"),
            List.of(new RemoteFile("cifar-10-binary.tar.gz", "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd", 170_052_171)),
            List.of(Path.of("/usr/share/datasets/cifar-10")),
            null);

    public static List<DatasetSpec> all() {
        return List.of(FASHION_MNIST, MNIST, CIFAR_10);
    }

    /** The data set called {@code name} (ignoring case; '_' and '-' alike, so "fashion_mnist" works). */
    public static DatasetSpec byName(String name) {
        String key = name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (DatasetSpec spec : all()) {
            if (spec.name().equals(key) || spec.name().replace("-", "").equals(key)) return spec;
        }
        throw new IllegalArgumentException("Unknown data set '" + name + "'. Known data sets: "
                + all().stream().map(DatasetSpec::name).collect(Collectors.joining(", ")));
    }
}

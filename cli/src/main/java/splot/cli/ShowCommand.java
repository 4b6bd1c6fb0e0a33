package splot.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import splot.data.Resolved;
import splot.image.Image;
import splot.io.ModelFile;
import splot.models.Zoo;
import splot.nn.Model;
import splot.tensor.Tensor;
import splot.train.Checkpoint;
import splot.viz.Confusion;
import splot.viz.FeatureMaps;
import splot.viz.FilterGrid;
import splot.viz.ImageInput;
import splot.viz.LearningCurves;
import splot.viz.NetworkDiagram;
import splot.viz.Saliency;
import splot.viz.TopPatches;

/**
 * {@code splot show ...}: pictures of what a network learned, each written as a PNG (the diagram
 * also as SVG): learning curves, first-layer filters, feature maps, top patches, the confusion
 * matrix, saliency and the network diagram.
 */
@Command(name = "show",
        mixinStandardHelpOptions = true,
        description = "Draw what a model learned: curves, filters, features, top-patches, confusion, saliency, network.",
        subcommands = {ShowCommand.Curves.class, ShowCommand.Filters.class, ShowCommand.Features.class, ShowCommand.TopPatchesCommand.class,
                ShowCommand.ConfusionCommand.class, ShowCommand.SaliencyCommand.class, ShowCommand.Network.class},
        footer = {"", "Examples:", "  splot show curves fashion-cnn.splot --out curves.png",
                "  splot show features fashion-cnn.splot shoe.png --out features.png",
                "  splot show confusion fashion-cnn.splot --data fashion-mnist --out confusion.png"})
final class ShowCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Name a picture: curves, filters, features, top-patches, confusion, saliency or network");
    }

    /** What every picture command takes: the model file and where the picture goes. */
    abstract static class Picture implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "A .splot model file.")
        Path file;

        @Option(names = {"-o", "--out"}, required = true, paramLabel = "OUT", description = "Picture to write (.png).")
        Path out;

        Checkpoint.Loaded load() throws IOException {
            return Checkpoint.load(file);
        }

        Integer wrote() {
            spec.commandLine().getOut().println("wrote " + out);
            spec.commandLine().getOut().flush();
            return Main.OK;
        }

        /** A picture file as the model's input, scaled as in training. */
        static Tensor input(Checkpoint.Loaded loaded, Path picture) throws IOException {
            return ImageInput.of(Image.read(picture), loaded.model().inputShape(), loaded.normalization());
        }
    }

    @Command(name = "curves", mixinStandardHelpOptions = true, description = "Training and validation loss and accuracy per epoch.")
    static final class Curves extends Picture {
        @Override
        public Integer call() throws IOException {
            Checkpoint.Loaded loaded = load();
            if (loaded.resume() == null) throw new IllegalArgumentException(file + " holds no training history (save it with splot train)");
            LearningCurves.write(out, loaded.resume().history(), LearningCurves.Options.DEFAULT.withTitle(loaded.model().name()));
            return wrote();
        }
    }

    @Command(name = "filters", mixinStandardHelpOptions = true, description = "A conv layer's kernels as a grid of small images.")
    static final class Filters extends Picture {
        @Option(names = "--layer", description = "Conv layer name (default: the first conv layer).")
        String layer;

        @Override
        public Integer call() throws IOException {
            FilterGrid.write(out, load().model(), FilterGrid.Options.DEFAULT.withLayer(layer));
            return wrote();
        }
    }

    @Command(name = "features", mixinStandardHelpOptions = true, description = "Feature maps of every layer (or one) for a picture.")
    static final class Features extends Picture {
        @Parameters(index = "1", paramLabel = "IMAGE", description = "PNG/JPEG/BMP input picture.")
        Path image;

        @Option(names = "--layer", description = "Only this layer.")
        String layer;

        @Override
        public Integer call() throws IOException {
            Checkpoint.Loaded loaded = load();
            FeatureMaps.write(out, loaded.model(), input(loaded, image), FeatureMaps.Options.DEFAULT.withLayer(layer));
            return wrote();
        }
    }

    @Command(name = "saliency", mixinStandardHelpOptions = true, description = "Gradient of the top class with respect to the input, over the picture.")
    static final class SaliencyCommand extends Picture {
        @Parameters(index = "1", paramLabel = "IMAGE", description = "PNG/JPEG/BMP input picture.")
        Path image;

        @Override
        public Integer call() throws IOException {
            Checkpoint.Loaded loaded = load();
            Saliency.write(out, loaded.model(), input(loaded, image), Saliency.Options.DEFAULT.withClassNames(loaded.classNames()));
            return wrote();
        }
    }

    @Command(name = "top-patches", mixinStandardHelpOptions = true, description = "For each filter of a conv layer, the 9 input patches that excite it most.")
    static final class TopPatchesCommand extends Picture {
        @Mixin
        DataOptions data;

        @Option(names = "--layer", description = "Conv layer name (default: the first conv layer).")
        String layer;

        @Option(names = "--max-items", defaultValue = "2000", description = "Test items to scan (default: ${DEFAULT-VALUE}; 0 = all).")
        int maxItems;

        @Override
        public Integer call() throws IOException {
            Checkpoint.Loaded loaded = load();
            Resolved r = data.load(spec.commandLine().getErr());
            TopPatches.Options o = TopPatches.Options.DEFAULT.withLayer(layer);
            o = new TopPatches.Options(o.layer(), o.perFilter(), o.maxFilters(), o.tileSize(), maxItems, o.batchSize());
            TopPatches.write(out, loaded.model(), r.test(), loaded.normalization(), o);
            return wrote();
        }
    }

    @Command(name = "confusion", mixinStandardHelpOptions = true,
            description = "Confusion matrix on the test split, above a grid of the misclassified examples.")
    static final class ConfusionCommand extends Picture {
        @Mixin
        DataOptions data;

        @Override
        public Integer call() throws IOException {
            Checkpoint.Loaded loaded = load();
            Resolved r = data.load(spec.commandLine().getErr());
            Confusion.write(out, loaded.model(), r.test(), loaded.normalization(), Confusion.Options.DEFAULT);
            return wrote();
        }
    }

    @Command(name = "network", mixinStandardHelpOptions = true, description = "A diagram of the model: layers, output shapes and parameters (.svg or .png).")
    static final class Network extends Picture {
        @Override
        public Integer call() throws IOException {
            // A built-in model name works too: the diagram needs no weights.
            Model m = Zoo.names().contains(file.toString()) ? Zoo.create(file.toString()) : ModelFile.load(file);
            NetworkDiagram.write(out, m, NetworkDiagram.Options.DEFAULT);
            return wrote();
        }
    }
}

package splot.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import splot.data.ImageFolder;
import splot.nn.Model;
import splot.nn.Softmax;
import splot.tensor.Shape;
import splot.tensor.Tensor;
import splot.train.Checkpoint;

/**
 * {@code splot predict FILE IMAGE...}: the most likely classes of pictures, each resized and
 * converted (gray or RGB) to the model's input and scaled as in training.
 */
@Command(name = "predict",
        mixinStandardHelpOptions = true,
        description = "Classify PNG/JPEG/BMP pictures with a saved model.",
        footer = {"", "Fashion-MNIST items are light on black: photograph a shoe on a light background and pass --invert.",
                "", "Example:", "  splot predict fashion-cnn.splot shoe.png --invert --top 3"})
final class PredictCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A .splot model file.")
    private Path file;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "IMAGE", description = "Pictures to classify.")
    private List<Path> images;

    @Option(names = "--top", defaultValue = "1", description = "How many classes to list per picture (default: ${DEFAULT-VALUE}).")
    private int top;

    @Option(names = "--invert", description = "Invert brightness (255 - x) before predicting, for dark-on-light pictures.")
    private boolean invert;

    @Override
    public Integer call() throws Exception {
        Checkpoint.Loaded loaded = Checkpoint.load(file);
        Model model = loaded.model();
        Shape item = model.inputShape();
        if (item.rank() != 3 || item.dim(0) != 1 && item.dim(0) != 3) {
            throw new IllegalArgumentException("predict needs a model that takes images (1 or 3, H, W); " + file + " takes " + item);
        }
        int n = images.size(), size = item.size();
        float[] batch = new float[n * size];
        ImageFolder.Color color = item.dim(0) == 1 ? ImageFolder.Color.GRAY : ImageFolder.Color.RGB;
        for (int i = 0; i < n; i++) {
            float[] pixels = ImageFolder.readImage(images.get(i), item.dim(1), item.dim(2), color);
            if (invert) for (int k = 0; k < size; k++) pixels[k] = 255 - pixels[k];
            loaded.normalization().apply(pixels, 0, item);
            System.arraycopy(pixels, 0, batch, i * size, size);
        }
        Tensor out = model.predict(Tensor.of(batch, item.withBatch(n)));
        Tensor probs = model.layers().getLast() instanceof Softmax ? out : out.softmax(1);
        print(probs, loaded.classNames());
        return Main.OK;
    }

    private void print(Tensor probs, List<String> classNames) {
        PrintWriter out = spec.commandLine().getOut();
        int classes = probs.dim(1);
        float[] p = probs.data();
        for (int i = 0; i < images.size(); i++) {
            Integer[] order = new Integer[classes];
            for (int c = 0; c < classes; c++) order[c] = c;
            int row = i * classes;
            java.util.Arrays.sort(order, (a, b) -> Float.compare(p[row + b], p[row + a]));
            StringBuilder sb = new StringBuilder(images.get(i).toString()).append(':');
            for (int k = 0; k < Math.min(top, classes); k++) {
                int c = order[k];
                String name = c < classNames.size() ? classNames.get(c) : "class " + c;
                sb.append(String.format(Locale.US, "%s %s (%.3f)", k == 0 ? "" : ",", name, p[row + c]));
            }
            out.println(sb);
        }
        out.flush();
    }
}

package splot.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import splot.image.Convolve2d;
import splot.image.Downsampling;
import splot.image.FilterPipeline;
import splot.image.FilterRequest;
import splot.image.Kernels;
import splot.image.OutputMapping;

/**
 * {@code splot filter IN --kernel NAME --out OUT}: a classic image filter, the 2-D convolution of a
 * picture with a small kernel, with scipy's output modes and boundary rules.
 */
@Command(name = "filter",
        mixinStandardHelpOptions = true,
        description = "Convolve a picture with a kernel (true convolution, as scipy.signal.convolve2d) and save the result.",
        footer = {"", "Kernels: outline, sharpen, blur, blur-light, sobel-left, sobel-right, sobel-top, sobel-bottom, negative,",
                "identity, gaussian[:SIZE[:SIGMA]], an inline matrix \"[[0,-1,0],[-1,5,-1],[0,-1,0]]\", or a file holding one.",
                "", "Examples:", "  splot filter photo.jpg --kernel outline --gray --out edges.png",
                "  splot filter photo.jpg --kernel gaussian:7:2 --compare --out soft.png",
                "  splot filter photo.png --kernel sobel-left --mode valid --out gx.npy"})
final class FilterCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN", description = "PNG, JPEG or BMP picture.")
    private Path input;

    @Option(names = {"-k", "--kernel"}, required = true, paramLabel = "KERNEL", description = "Kernel name, matrix or file (see below).")
    private String kernel;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "OUT", description = "Result: .png, or .npy for the raw float32 values.")
    private Path out;

    @Option(names = "--mode", defaultValue = "same", description = "Output size: full, same or valid (default: ${DEFAULT-VALUE}).")
    private String mode;

    @Option(names = "--boundary", description = "Outside the picture: fill, symm (mirror) or wrap (default: symm; fill when --fill is given).")
    private String boundary;

    @Option(names = "--fill", description = "Value outside the picture for the fill boundary (default: 0).")
    private Float fill;

    @Option(names = "--gray", description = "Filter the gray picture (0.299 R + 0.587 G + 0.114 B) instead of each colour channel.")
    private boolean gray;

    @Option(names = "--downsample", defaultValue = "1", description = "Shrink the picture by this factor first (block mean; default: ${DEFAULT-VALUE}).")
    private int downsample;

    @Option(names = "--normalize", paramLabel = "MAPPING",
            description = "Mapping to 0..255 for PNG: clip, minmax or abs (default: abs for edge kernels, minmax for negative sums, else clip).")
    private String normalize;

    @Option(names = "--compare", description = "Also write OUT-compare.png: the input beside the result, titled with the kernel.")
    private boolean compare;

    @Override
    public Integer call() throws Exception {
        FilterRequest r = FilterRequest.of(input, Kernels.resolve(kernel), out)
                .withMode(Convolve2d.Mode.parse(mode))
                .withBoundary(Convolve2d.Boundary.parse(boundary != null ? boundary : fill != null ? "fill" : "symm"))
                .withFill(fill != null ? fill : 0f)
                .withGray(gray)
                .withCompare(compare);
        if (downsample != 1) r = r.withDownsample(downsample, Downsampling.MEAN);
        if (normalize != null) r = r.withMapping(OutputMapping.parse(normalize));
        var result = FilterPipeline.run(r);
        spec.commandLine().getOut().println(result.summary());
        spec.commandLine().getOut().flush();
        return Main.OK;
    }
}

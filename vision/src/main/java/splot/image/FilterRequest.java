package splot.image;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import splot.image.Convolve2d.Boundary;
import splot.image.Convolve2d.Mode;

/**
 * Everything {@link FilterPipeline#run} needs to filter one image file: what a {@code splot filter}
 * command line says. Start from {@link #of} (the defaults) and change what the user gave:
 *
 * <pre>{@code
 * FilterRequest r = FilterRequest.of(Path.of("photo.jpg"), "outline", Path.of("edges.png"))
 *         .withGray(true).withDownsample(2).withCompare(true);
 * FilterResult done = FilterPipeline.run(r);
 * }</pre>
 *
 * @param input        the image file (PNG, JPEG, BMP)
 * @param output       where the result goes: {@code .png} (8-bit, mapped by {@code mapping}) or {@code .npy} (raw float32)
 * @param kernel       the kernel; {@link Kernels#resolve} turns a user's text into one
 * @param mode         output size rule; default {@code SAME}, so the result has the input's size
 * @param boundary     what lies outside the image; default {@code SYMM}, so edges of the photo make no false edges
 * @param fill         the value outside the image for {@code FILL}; default 0
 * @param gray         convert to one gray plane before filtering; otherwise each channel is filtered alone
 * @param downsample   shrink the input by this integer factor before filtering; default 1 (no change)
 * @param downsampling how to shrink; default {@link Downsampling#MEAN}
 * @param mapping      how a PNG maps values to 0..255; {@code null} picks {@link OutputMapping#forKernel}
 * @param compare      where to write the input-beside-result picture, or {@code null} for none
 */
public record FilterRequest(Path input, Path output, Kernel kernel, Mode mode, Boundary boundary, float fill,
                            boolean gray, int downsample, Downsampling downsampling, OutputMapping mapping, Path compare) {

    /** The kinds of file {@link FilterPipeline} writes, chosen by the output's extension. */
    public enum Format { PNG, NPY }

    public FilterRequest {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(boundary, "boundary");
        Objects.requireNonNull(downsampling, "downsampling");
        if (downsample < 1) throw new IllegalArgumentException("Downsample factor must be >= 1, got " + downsample);
        if (!Float.isFinite(fill)) throw new IllegalArgumentException("Fill value must be a finite number, got " + fill);
        formatOf(output);
        if (compare != null && formatOf(compare) != Format.PNG) {
            throw new IllegalArgumentException("The compare picture is a PNG; its file must end in .png, got " + compare);
        }
    }

    /**
     * A request with the defaults: mode same, boundary symm, fill 0, colour kept, no downsampling, mapping
     * chosen by the kernel, no compare picture. {@code kernel} is anything {@link Kernels#resolve} accepts.
     */
    public static FilterRequest of(Path input, String kernel, Path output) {
        return of(input, Kernels.resolve(kernel), output);
    }

    public static FilterRequest of(Path input, Kernel kernel, Path output) {
        return new FilterRequest(input, output, kernel, Mode.SAME, Boundary.SYMM, 0f, false, 1, Downsampling.MEAN, null, null);
    }

    public FilterRequest withMode(Mode m) {
        return new FilterRequest(input, output, kernel, m, boundary, fill, gray, downsample, downsampling, mapping, compare);
    }

    public FilterRequest withBoundary(Boundary b) {
        return new FilterRequest(input, output, kernel, mode, b, fill, gray, downsample, downsampling, mapping, compare);
    }

    /** Sets the fill value (used with boundary {@code FILL}). */
    public FilterRequest withFill(float value) {
        return new FilterRequest(input, output, kernel, mode, boundary, value, gray, downsample, downsampling, mapping, compare);
    }

    public FilterRequest withGray(boolean g) {
        return new FilterRequest(input, output, kernel, mode, boundary, fill, g, downsample, downsampling, mapping, compare);
    }

    public FilterRequest withDownsample(int factor) {
        return new FilterRequest(input, output, kernel, mode, boundary, fill, gray, factor, downsampling, mapping, compare);
    }

    public FilterRequest withDownsample(int factor, Downsampling how) {
        return new FilterRequest(input, output, kernel, mode, boundary, fill, gray, factor, how, mapping, compare);
    }

    /** The PNG mapping; {@code null} means "pick one for the kernel". */
    public FilterRequest withMapping(OutputMapping m) {
        return new FilterRequest(input, output, kernel, mode, boundary, fill, gray, downsample, downsampling, m, compare);
    }

    /** Writes the compare picture to {@code file} ({@code null}: none). */
    public FilterRequest withCompare(Path file) {
        return new FilterRequest(input, output, kernel, mode, boundary, fill, gray, downsample, downsampling, mapping, file);
    }

    /** Writes the compare picture beside the output, as {@link #comparePathFor}, or writes none. */
    public FilterRequest withCompare(boolean on) {
        return withCompare(on ? comparePathFor(output) : null);
    }

    /** {@code edges.png} -> {@code edges-compare.png}, in the same folder ({@code .npy} output gets a PNG too). */
    public static Path comparePathFor(Path output) {
        String name = String.valueOf(output.getFileName());
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return output.resolveSibling(stem + "-compare.png");
    }

    /** The mapping that will be used: the one given, or the kernel's. */
    public OutputMapping effectiveMapping() {
        return mapping != null ? mapping : OutputMapping.forKernel(kernel);
    }

    public Format format() {
        return formatOf(output);
    }

    /** {@code outline 3x3, same, symm}, with the fill value when the boundary is fill. */
    public String describeFilter() {
        String s = kernel.name() + " " + kernel.height() + "x" + kernel.width() + ", mode " + mode + ", boundary " + boundary;
        if (boundary == Boundary.FILL) s += " " + (fill == Math.rint(fill) ? String.valueOf((long) fill) : String.valueOf(fill));
        return s;
    }

    static Format formatOf(Path file) {
        String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) return Format.PNG;
        if (name.endsWith(".npy")) return Format.NPY;
        throw new IllegalArgumentException("Output file must end in .png (a picture) or .npy (raw float32 values), got " + file);
    }
}

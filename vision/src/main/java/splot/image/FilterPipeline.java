package splot.image;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Filters one image file from start to end, as {@code splot filter} does: read, shrink (optional),
 * gray or per channel, convolve, write PNG or .npy, and the compare picture when asked.
 */
public final class FilterPipeline {
    private FilterPipeline() {
    }

    /**
     * What one run did.
     *
     * @param request  the request it ran
     * @param input    the image that was filtered (after downsampling and gray conversion)
     * @param filtered the convolution's float result, one plane per channel of {@code input}
     * @param mapping  the PNG mapping used (also for the compare picture)
     */
    public record Result(FilterRequest request, Image input, Image filtered, OutputMapping mapping) {
        /** The file written. */
        public Path output() {
            return request.output();
        }

        /** The compare picture written, or {@code null}. */
        public Path compare() {
            return request.compare();
        }

        /** One line for a command to print: {@code outline 3x3: Image 480x640 gray -> 480x640 edges.png (abs); compare edges-compare.png}. */
        public String summary() {
            String s = request.kernel() + ": " + input + " -> " + filtered.height() + "x" + filtered.width() + " " + output();
            if (request.format() == FilterRequest.Format.PNG) s += " (" + mapping + ")";
            if (compare() != null) s += "; compare " + compare();
            return s;
        }
    }

    /** Runs the request. Files are written atomically; on any error nothing is left half-written. */
    public static Result run(FilterRequest r) throws IOException {
        Image image = Image.read(r.input());
        if (r.downsample() > 1) image = image.downsample(r.downsample(), r.downsampling());
        if (r.gray()) image = image.gray();
        Image filtered = filter(image, r);
        OutputMapping mapping = r.effectiveMapping();
        switch (r.format()) {
            case PNG -> filtered.writePng(r.output(), mapping);
            case NPY -> filtered.writeNpy(r.output());
        }
        if (r.compare() != null) ComparePicture.write(r.compare(), image, filtered, mapping, r.describeFilter());
        return new Result(r, image, filtered, mapping);
    }

    /** Just the convolution step of {@link #run}, on an image already in memory. */
    public static Image filter(Image image, FilterRequest r) {
        return image.convolve(r.kernel(), r.mode(), r.boundary(), r.fill());
    }
}

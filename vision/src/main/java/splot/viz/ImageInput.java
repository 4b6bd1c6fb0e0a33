package splot.viz;

import splot.data.Normalization;
import splot.image.Image;
import splot.image.Plane;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * A picture (a PNG a user drew or photographed) as one input item for a model: the feature-map and
 * saliency pictures of {@code splot show ... IMAGE.png}.
 *
 * <pre>{@code
 * Tensor x = ImageInput.of(Image.read(Path.of("digit.png")), Shape.of(1, 28, 28), Normalization.unit());
 * FeatureMaps.write(Path.of("features.png"), model, x, FeatureMaps.Options.DEFAULT);
 * }</pre>
 */
public final class ImageInput {
    private ImageInput() {
    }

    /**
     * The image as an item of shape {@code item} (C, H, W): colour becomes gray by luma when C is 1, gray is
     * repeated when C is 3; a picture of another size is resized to H x W (averaging the covered pixels when
     * shrinking, bilinear when enlarging); then pixel units (0..255) become inputs by {@code normalization},
     * as in training.
     */
    public static Tensor of(Image image, Shape item, Normalization normalization) {
        if (item.rank() != 3) throw new IllegalArgumentException("A picture can only feed a model that takes images (C, H, W), not " + item);
        int c = item.dim(0), h = item.dim(1), w = item.dim(2);
        Image source = switch (c) {
            case 1 -> image.gray();
            case 3 -> image.isGray() ? Image.of(image.channel(0), image.channel(0), image.channel(0)) : image;
            default -> {
                if (image.channels() != c) {
                    throw new IllegalArgumentException("The model takes " + c + " channels; a picture has 1 (gray) or 3 (RGB)");
                }
                yield image;
            }
        };
        float[] data = new float[c * h * w];
        for (int k = 0; k < c; k++) {
            Plane p = resize(source.channel(k), h, w);
            System.arraycopy(p.data(), 0, data, k * h * w, h * w);
        }
        normalization.apply(data, 0, item);
        return Tensor.of(data, item);
    }

    /** The plane at h x w: the mean of the covered source pixels where it shrinks, bilinear where it grows. */
    static Plane resize(Plane p, int h, int w) {
        if (p.height() == h && p.width() == w) return p.copy();
        float[] out = new float[h * w];
        double sy = (double) p.height() / h, sx = (double) p.width() / w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) out[y * w + x] = (float) sample(p, y, x, sy, sx);
        }
        return new Plane(h, w, out);
    }

    private static double sample(Plane p, int y, int x, double sy, double sx) {
        if (sy >= 1 && sx >= 1) {
            int y0 = (int) Math.floor(y * sy), y1 = Math.max(y0 + 1, (int) Math.floor((y + 1) * sy));
            int x0 = (int) Math.floor(x * sx), x1 = Math.max(x0 + 1, (int) Math.floor((x + 1) * sx));
            double s = 0;
            for (int yy = y0; yy < Math.min(y1, p.height()); yy++) for (int xx = x0; xx < Math.min(x1, p.width()); xx++) s += p.get(yy, xx);
            return s / ((Math.min(y1, p.height()) - y0) * (Math.min(x1, p.width()) - x0));
        }
        // Pixel centres: output (y + 0.5) sits at source (y + 0.5) * s - 0.5.
        double fy = Math.max(0, Math.min(p.height() - 1, (y + 0.5) * sy - 0.5)), fx = Math.max(0, Math.min(p.width() - 1, (x + 0.5) * sx - 0.5));
        int y0 = (int) fy, x0 = (int) fx, y1 = Math.min(y0 + 1, p.height() - 1), x1 = Math.min(x0 + 1, p.width() - 1);
        double ty = fy - y0, tx = fx - x0;
        return (1 - ty) * ((1 - tx) * p.get(y0, x0) + tx * p.get(y0, x1)) + ty * ((1 - tx) * p.get(y1, x0) + tx * p.get(y1, x1));
    }
}

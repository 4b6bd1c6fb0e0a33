package splot.image;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Two-dimensional convolution and cross-correlation of a plane with a small kernel, giving the same
 * numbers as {@code scipy.signal.convolve2d} and {@code scipy.signal.correlate2d}.
 *
 * <p><b>Convolution</b> flips the kernel (turns it by 180 degrees) before sliding it over the image:
 * {@code full[m][n] = sum_{j,k} kernel[j][k] * image[m - j][n - k]}. <b>Cross-correlation</b> slides it as
 * it is: {@code full[m][n] = sum_{j,k} kernel[j][k] * image[m - P + 1 + j][n - Q + 1 + k]}. Deep-learning
 * "convolution" layers compute cross-correlation; classic image filters are written as convolutions.
 * For a kernel that is symmetric under a half turn (blur, outline, sharpen) the two agree.
 *
 * <p>For an H x W image and a P x Q kernel, the output size per {@link Mode}:
 * <ul>
 *   <li>{@code FULL}: (H + P - 1) x (W + Q - 1), every position where the two overlap at all;</li>
 *   <li>{@code SAME}: H x W, the full output cropped about its centre. For an even kernel size the crop
 *       starts at {@code (P - 1) / 2} (rounded down) for convolution and ends there for correlation,
 *       exactly as scipy does it;</li>
 *   <li>{@code VALID}: (H - P + 1) x (W - Q + 1), only where the kernel lies wholly inside the image.
 *       As in scipy, when the kernel is at least as large as the image in every dimension the two swap
 *       roles; when neither contains the other the call fails.</li>
 * </ul>
 * Pixels outside the image, which {@code FULL} and {@code SAME} reach, come from the {@link Boundary} rule.
 *
 * <pre>{@code
 * Plane edges = Convolve2d.convolve2d(gray, Kernels.named("outline").weights(), Mode.SAME, Boundary.SYMM, 0f);
 * }</pre>
 *
 * Sums are accumulated in double and rounded to float once, so the result is within float rounding of
 * scipy's float64 result.
 */
public final class Convolve2d {
    /** Below this many multiply-adds one thread is faster than starting a parallel stream. */
    private static final long PARALLEL_WORK = 1L << 20;

    private Convolve2d() {
    }

    /** Which part of the full output to return (scipy's {@code mode}). */
    public enum Mode {
        FULL, SAME, VALID;

        /** Parses {@code full}, {@code same} or {@code valid} (any case); the error lists these names. */
        public static Mode parse(String name) {
            for (Mode m : values()) if (m.name().equalsIgnoreCase(name.strip())) return m;
            throw new IllegalArgumentException("Unknown convolution mode '" + name + "'. Valid modes: full, same, valid");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What lies outside the image (scipy's {@code boundary}). */
    public enum Boundary {
        /** A constant: the fill value (zero unless given). */
        FILL,
        /** The image mirrored at its edges, edge pixel repeated: ... 1 0 | 0 1 2 3 | 3 2 ... */
        SYMM,
        /** The image repeated periodically: ... 2 3 | 0 1 2 3 | 0 1 ... */
        WRAP;

        /** Parses {@code fill}, {@code symm}, {@code wrap} and scipy's aliases {@code pad}, {@code symmetric}, {@code circular}. */
        public static Boundary parse(String name) {
            return switch (name.strip().toLowerCase(Locale.ROOT)) {
                case "fill", "pad" -> FILL;
                case "symm", "symmetric" -> SYMM;
                case "wrap", "circular" -> WRAP;
                default -> throw new IllegalArgumentException("Unknown boundary '" + name
                        + "'. Valid boundaries: fill, symm, wrap (scipy's aliases pad, symmetric, circular also work)");
            };
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** True convolution (kernel flipped), as {@code scipy.signal.convolve2d(image, kernel, mode, boundary, fill)}. */
    public static Plane convolve2d(Plane image, Plane kernel, Mode mode, Boundary boundary, float fill) {
        return apply(image, kernel, mode, boundary, fill, true);
    }

    /** {@link #convolve2d(Plane, Plane, Mode, Boundary, float)} with fill value 0. */
    public static Plane convolve2d(Plane image, Plane kernel, Mode mode, Boundary boundary) {
        return convolve2d(image, kernel, mode, boundary, 0f);
    }

    /** {@link #convolve2d(Plane, Plane, Mode, Boundary, float)} with scipy's defaults: full, fill, 0. */
    public static Plane convolve2d(Plane image, Plane kernel) {
        return convolve2d(image, kernel, Mode.FULL, Boundary.FILL, 0f);
    }

    /** Convolution on row arrays ({@code image[y][x]}); ragged or empty arrays are rejected. */
    public static float[][] convolve2d(float[][] image, float[][] kernel, Mode mode, Boundary boundary, float fill) {
        return convolve2d(plane(image, "image", "convolve2d"), plane(kernel, "kernel", "convolve2d"), mode, boundary, fill).toArray();
    }

    /** Cross-correlation (kernel not flipped), as {@code scipy.signal.correlate2d(image, kernel, mode, boundary, fill)}. */
    public static Plane correlate2d(Plane image, Plane kernel, Mode mode, Boundary boundary, float fill) {
        return apply(image, kernel, mode, boundary, fill, false);
    }

    /** {@link #correlate2d(Plane, Plane, Mode, Boundary, float)} with fill value 0. */
    public static Plane correlate2d(Plane image, Plane kernel, Mode mode, Boundary boundary) {
        return correlate2d(image, kernel, mode, boundary, 0f);
    }

    /** {@link #correlate2d(Plane, Plane, Mode, Boundary, float)} with scipy's defaults: full, fill, 0. */
    public static Plane correlate2d(Plane image, Plane kernel) {
        return correlate2d(image, kernel, Mode.FULL, Boundary.FILL, 0f);
    }

    /** Cross-correlation on row arrays ({@code image[y][x]}); ragged or empty arrays are rejected. */
    public static float[][] correlate2d(float[][] image, float[][] kernel, Mode mode, Boundary boundary, float fill) {
        return correlate2d(plane(image, "image", "correlate2d"), plane(kernel, "kernel", "correlate2d"), mode, boundary, fill).toArray();
    }

    /**
     * Output {height, width} for an image and kernel of these sizes, after the {@code VALID} swap; throws
     * what {@link #convolve2d} would throw for an impossible {@code VALID} pairing.
     */
    public static int[] outputSize(int imageH, int imageW, int kernelH, int kernelW, Mode mode) {
        return switch (mode) {
            case FULL -> new int[] {imageH + kernelH - 1, imageW + kernelW - 1};
            case SAME -> new int[] {imageH, imageW};
            case VALID -> {
                checkValidPairing(imageH, imageW, kernelH, kernelW);
                yield new int[] {Math.abs(imageH - kernelH) + 1, Math.abs(imageW - kernelW) + 1};
            }
        };
    }

    private static Plane apply(Plane image, Plane kernel, Mode mode, Boundary boundary, float fill, boolean convolve) {
        String op = convolve ? "convolve2d" : "correlate2d";
        if (image.isEmpty()) throw new IllegalArgumentException(op + ": the image is empty (" + image.height() + "x" + image.width() + ")");
        if (kernel.isEmpty()) throw new IllegalArgumentException(op + ": the kernel is empty (" + kernel.height() + "x" + kernel.width() + ")");
        if (mode == Mode.VALID && !checkValidPairing(image.height(), image.width(), kernel.height(), kernel.width())) {
            // scipy swaps the two when the kernel contains the image. Convolution commutes; correlation of the
            // swapped pair is the wanted result turned by 180 degrees, which scipy turns back.
            Plane swapped = apply(kernel, image, mode, boundary, fill, convolve);
            return convolve ? swapped : swapped.flipped();
        }
        return slide(image, convolve ? kernel.flipped() : kernel, mode, boundary, fill, convolve);
    }

    /**
     * True when the image is at least as large as the kernel in both dimensions, false when the kernel is
     * at least as large as the image in both (scipy then swaps them); otherwise fails with scipy's message.
     */
    private static boolean checkValidPairing(int imageH, int imageW, int kernelH, int kernelW) {
        boolean imageContains = imageH >= kernelH && imageW >= kernelW;
        boolean kernelContains = kernelH >= imageH && kernelW >= imageW;
        if (!imageContains && !kernelContains) {
            throw new IllegalArgumentException("For 'valid' mode, one must be at least as large as the other in every dimension: image "
                    + imageH + "x" + imageW + ", kernel " + kernelH + "x" + kernelW
                    + ". Use mode 'same' or 'full', or a kernel no larger than the image");
        }
        return imageContains;
    }

    /**
     * out[m][n] = sum_{j,k} w[j][k] * ext[m + j][n + k], where ext is the image extended by the boundary rule
     * and shifted so that the mode's crop starts at ext[0][0]. Built once, ext removes every bounds test
     * from the inner loop, which runs along an output row so the JIT can vectorise it.
     */
    private static Plane slide(Plane image, Plane w, Mode mode, Boundary boundary, float fill, boolean convolve) {
        int h = image.height(), wd = image.width(), p = w.height(), q = w.width();
        int[] size = outputSize(h, wd, p, q, mode);
        int outH = size[0], outW = size[1];
        // Where ext's first row and column lie in image coordinates (scipy's new_m - m, less P - 1 when flipped).
        int r0 = switch (mode) {
            case FULL -> -(p - 1);
            case SAME -> convolve ? ((p - 1) >> 1) - (p - 1) : -((p - 1) >> 1);
            case VALID -> 0;
        };
        int c0 = switch (mode) {
            case FULL -> -(q - 1);
            case SAME -> convolve ? ((q - 1) >> 1) - (q - 1) : -((q - 1) >> 1);
            case VALID -> 0;
        };
        int extH = outH + p - 1, extW = outW + q - 1;
        float[] ext = extend(image, r0, c0, extH, extW, boundary, fill);
        float[] out = new float[Math.multiplyExact(outH, outW)];
        float[] wv = w.data();
        IntStream rows = IntStream.range(0, outH);
        if ((long) outH * outW * p * q >= PARALLEL_WORK) rows = rows.parallel();
        rows.forEach(m -> {
            double[] acc = new double[outW];
            for (int j = 0; j < p; j++) {
                for (int k = 0; k < q; k++) {
                    double c = wv[j * q + k];
                    int base = (m + j) * extW + k;
                    for (int n = 0; n < outW; n++) acc[n] += c * ext[base + n];
                }
            }
            for (int n = 0; n < outW; n++) out[m * outW + n] = (float) acc[n];
        });
        return new Plane(outH, outW, out);
    }

    /** The extH x extW window of the boundary-extended image whose top-left is image pixel (r0, c0). */
    private static float[] extend(Plane image, int r0, int c0, int extH, int extW, Boundary boundary, float fill) {
        int h = image.height(), w = image.width();
        float[] src = image.data();
        if (r0 == 0 && c0 == 0 && extH == h && extW == w) return src;
        int[] cols = new int[extW];
        for (int c = 0; c < extW; c++) cols[c] = sourceIndex(c0 + c, w, boundary);
        float[] ext = new float[Math.multiplyExact(extH, extW)];
        for (int r = 0; r < extH; r++) {
            int y = sourceIndex(r0 + r, h, boundary);
            if (y < 0) {
                Arrays.fill(ext, r * extW, (r + 1) * extW, fill);
                continue;
            }
            for (int c = 0; c < extW; c++) ext[r * extW + c] = cols[c] < 0 ? fill : src[y * w + cols[c]];
        }
        return ext;
    }

    /** The image index that supplies index i of a dimension of size n, or -1 for the fill value. */
    static int sourceIndex(int i, int n, Boundary boundary) {
        if (i >= 0 && i < n) return i;
        return switch (boundary) {
            case FILL -> -1;
            case WRAP -> Math.floorMod(i, n);
            case SYMM -> {
                // Mirror with the edge repeated, as often as needed when the kernel is larger than the image:
                // period 2n, and the second half of each period runs backwards.
                int k = Math.floorMod(i >= 0 ? i : -i - 1, 2 * n);
                yield k >= n ? 2 * n - 1 - k : k;
            }
        };
    }

    private static Plane plane(float[][] rows, String what, String op) {
        try {
            return Plane.of(rows);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + " " + what + ": " + e.getMessage(), e);
        }
    }
}

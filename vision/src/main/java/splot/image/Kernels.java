package splot.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The classic image-filter kernels of the lecture texts, a Gaussian, and kernels a user writes as text.
 *
 * <p>{@link #resolve(String)} is the single entry point for a user's {@code --kernel} value: a name from
 * {@link Named}, {@code gaussian[:SIZE[:SIGMA]]}, a matrix such as {@code [[0,-1,0],[-1,5,-1],[0,-1,0]]},
 * or the path of a file holding such a matrix.
 */
public final class Kernels {
    /** Size and sigma of a plain {@code gaussian}. */
    public static final int GAUSSIAN_SIZE = 5;
    public static final double GAUSSIAN_SIGMA = 1.0;

    private Kernels() {
    }

    /** The kernels of the texts. Each is written as the texts write it; convolution flips it when applied. */
    public enum Named {
        /** Edge detector: 8 times the pixel minus its 8 neighbours. Sums to 0, so flat colour becomes 0. */
        OUTLINE("outline", "edges: zero on flat colour", new double[][] {{-1, -1, -1}, {-1, 8, -1}, {-1, -1, -1}}),
        /** The pixel boosted against its 4 neighbours; sums to 1, so flat colour is kept. */
        SHARPEN("sharpen", "sharpen: boosts a pixel against its 4 neighbours", new double[][] {{0, -1, 0}, {-1, 5, -1}, {0, -1, 0}}),
        /** Box blur: the mean of the 3x3 neighbourhood ({@code ones(3,3)/9}). */
        BLUR("blur", "box blur: mean of the 3x3 neighbourhood", fill(1.0 / 9)),
        /**
         * The texts' "0.01 blur", {@code ones(3,3) * 0.01}: a box blur scaled by 0.09, so a clipped picture is
         * nearly black and a min-max normalised one looks like {@code blur}.
         */
        BLUR_LIGHT("blur-light", "the 0.01 blur: 3x3 sum times 0.01 (dark unless min-max normalised)", fill(0.01)),
        /**
         * Horizontal gradient. Convolution flips it, so it computes (right column) - (left column), weighted
         * 1-2-1: positive where the image gets brighter to the right, negative where it gets darker.
         */
        SOBEL_LEFT("sobel-left", "Sobel, vertical edges", new double[][] {{1, 0, -1}, {2, 0, -2}, {1, 0, -1}}),
        /** {@code sobel-left} mirrored left to right. */
        SOBEL_RIGHT("sobel-right", "Sobel, vertical edges (mirrored)", new double[][] {{-1, 0, 1}, {-2, 0, 2}, {-1, 0, 1}}),
        /** Vertical gradient: after the flip, (row below) - (row above), positive where the image gets brighter downwards. */
        SOBEL_TOP("sobel-top", "Sobel, horizontal edges", new double[][] {{1, 2, 1}, {0, 0, 0}, {-1, -2, -1}}),
        /** {@code sobel-top} mirrored top to bottom. */
        SOBEL_BOTTOM("sobel-bottom", "Sobel, horizontal edges (mirrored)", new double[][] {{-1, -2, -1}, {0, 0, 0}, {1, 2, 1}}),
        /**
         * The texts' "negative", {@code -ones(3,3)}: minus the sum of the 3x3 neighbourhood. Every output is
         * negative, so clipped to 0..255 the picture is black; min-max normalised it is a blurred photographic
         * negative (dark where the input was bright), which is how the texts show it.
         */
        NEGATIVE("negative", "minus the 3x3 sum: a blurred negative once min-max normalised", fill(-1)),
        /** Leaves the image as it is. */
        IDENTITY("identity", "leaves the image unchanged", new double[][] {{0, 0, 0}, {0, 1, 0}, {0, 0, 0}});

        private final String id;
        private final String description;
        private final double[][] values;

        Named(String id, String description, double[][] values) {
            this.id = id;
            this.description = description;
            this.values = values;
        }

        /** The name a user types, e.g. {@code sobel-left}. */
        public String id() {
            return id;
        }

        /** One line on what the kernel does, for help texts. */
        public String description() {
            return description;
        }

        /** A fresh kernel (its own copy of the weights). */
        public Kernel kernel() {
            return new Kernel(id, Plane.of(values));
        }

        private static double[][] fill(double v) {
            double[][] m = new double[3][3];
            for (double[] row : m) Arrays.fill(row, v);
            return m;
        }
    }

    /** The named kernel, e.g. {@code named("outline")} (case-insensitive; {@code _} may stand for {@code -}). */
    public static Kernel named(String name) {
        String key = name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Named n : Named.values()) if (n.id.equals(key)) return n.kernel();
        throw new IllegalArgumentException("Unknown kernel '" + name + "'. Valid names: " + String.join(", ", names()));
    }

    /** The names {@link #named} accepts, plus {@code gaussian}. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Named n : Named.values()) names.add(n.id);
        names.add("gaussian");
        return names;
    }

    /**
     * A size x size Gaussian, {@code exp(-(dy^2 + dx^2) / (2 sigma^2))} about the centre {@code (size - 1) / 2},
     * normalised to sum 1. An even size centres it between pixels.
     */
    public static Kernel gaussian(int size, double sigma) {
        if (size < 1) throw new IllegalArgumentException("Gaussian size must be >= 1, got " + size);
        if (!(sigma > 0) || Double.isInfinite(sigma)) throw new IllegalArgumentException("Gaussian sigma must be > 0, got " + sigma);
        double centre = (size - 1) / 2.0;
        double[][] g = new double[size][size];
        double total = 0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double dy = y - centre, dx = x - centre;
                g[y][x] = Math.exp(-(dy * dy + dx * dx) / (2 * sigma * sigma));
                total += g[y][x];
            }
        }
        for (double[] row : g) for (int x = 0; x < size; x++) row[x] /= total;
        return new Kernel("gaussian " + size + "x" + size + " sigma " + trim(sigma), Plane.of(g));
    }

    /**
     * The kernel a user means by {@code spec}, tried in this order: a {@linkplain Named name};
     * {@code gaussian}, {@code gaussian:SIZE} or {@code gaussian:SIZE:SIGMA} (default 5 and 1.0);
     * an existing file holding a matrix; a matrix written inline ({@link #parse}). The error for anything
     * else lists all of these.
     */
    public static Kernel resolve(String spec) {
        if (spec == null || spec.isBlank()) throw new IllegalArgumentException("No kernel given. " + choices());
        String s = spec.strip();
        String key = s.toLowerCase(Locale.ROOT).replace('_', '-');
        for (Named n : Named.values()) if (n.id.equals(key)) return n.kernel();
        if (key.equals("gaussian") || key.startsWith("gaussian:")) return parseGaussian(s);
        Path file = asFile(s);
        if (file != null) return read(file);
        if (looksLikeMatrix(s)) return new Kernel("custom " + compact(s), parse(s));
        throw new IllegalArgumentException("Unknown kernel '" + spec + "'. " + choices());
    }

    /**
     * A kernel from text: either nested lists {@code [[0,-1,0],[-1,5,-1],[0,-1,0]]} (commas or spaces between
     * values) or plain rows, one per line or separated by {@code ;}, values separated by spaces or commas.
     * Fails on an empty matrix, rows of different lengths and values that are not finite numbers.
     */
    public static Plane parse(String text) {
        List<List<String>> rows = text.strip().startsWith("[") ? nestedRows(text) : plainRows(text);
        if (rows.isEmpty()) throw new IllegalArgumentException("Kernel is empty: no rows in '" + compact(text) + "'");
        int w = rows.get(0).size();
        for (int y = 0; y < rows.size(); y++) {
            if (rows.get(y).isEmpty()) throw new IllegalArgumentException("Kernel is empty: row " + y + " has no values in '" + compact(text) + "'");
            if (rows.get(y).size() != w) {
                throw new IllegalArgumentException("Kernel is ragged: row 0 has " + w + " values but row " + y + " has "
                        + rows.get(y).size() + " in '" + compact(text) + "'");
            }
        }
        float[][] m = new float[rows.size()][w];
        for (int y = 0; y < m.length; y++) {
            for (int x = 0; x < w; x++) m[y][x] = number(rows.get(y).get(x), y, x);
        }
        return Plane.of(m);
    }

    /** A kernel from a file holding a matrix in either form {@link #parse} accepts; named after the file. */
    public static Kernel read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read kernel file " + file + ": " + e.getMessage(), e);
        }
        try {
            return new Kernel(String.valueOf(file.getFileName()), parse(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Kernel file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Kernel parseGaussian(String s) {
        String[] parts = s.split(":", -1);
        if (parts.length > 3) throw new IllegalArgumentException("Expected gaussian[:SIZE[:SIGMA]], got '" + s + "'");
        try {
            int size = parts.length > 1 ? Integer.parseInt(parts[1].strip()) : GAUSSIAN_SIZE;
            double sigma = parts.length > 2 ? Double.parseDouble(parts[2].strip()) : GAUSSIAN_SIGMA;
            return gaussian(size, sigma);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Expected gaussian[:SIZE[:SIGMA]] with an integer size and a number sigma, got '" + s + "'", e);
        }
    }

    /** Rows of {@code [[a,b],[c,d]]}: strict about brackets, so a typo gets an error, not a wrong kernel. */
    private static List<List<String>> nestedRows(String text) {
        String s = text.strip();
        if (!s.endsWith("]")) throw new IllegalArgumentException("Kernel '" + compact(text) + "' starts with '[' but does not end with ']'");
        String inner = s.substring(1, s.length() - 1).strip();
        List<List<String>> rows = new ArrayList<>();
        int i = 0;
        while (i < inner.length()) {
            char c = inner.charAt(i);
            if (Character.isWhitespace(c) || c == ',') {
                i++;
            } else if (c == '[') {
                int close = inner.indexOf(']', i);
                if (close < 0) throw new IllegalArgumentException("Kernel '" + compact(text) + "': row " + rows.size() + " has no closing ']'");
                String row = inner.substring(i + 1, close);
                if (row.indexOf('[') >= 0) throw new IllegalArgumentException("Kernel '" + compact(text) + "' is nested deeper than rows of numbers");
                rows.add(values(row));
                i = close + 1;
            } else {
                throw new IllegalArgumentException("Kernel '" + compact(text) + "': expected a row '[...]' at '"
                        + inner.substring(i, Math.min(inner.length(), i + 12)) + "'");
            }
        }
        return rows;
    }

    private static List<List<String>> plainRows(String text) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : text.split("[;\\n\\r]+")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            rows.add(values(l));
        }
        return rows;
    }

    private static List<String> values(String row) {
        return Arrays.stream(row.strip().split("[,\\s]+")).filter(v -> !v.isEmpty()).collect(Collectors.toList());
    }

    private static float number(String v, int row, int col) {
        try {
            double d = Double.parseDouble(v);
            if (Double.isFinite(d)) return (float) d;
        } catch (NumberFormatException ignored) {
            // reported below with the position
        }
        throw new IllegalArgumentException("Kernel value '" + v + "' in row " + row + ", column " + col + " is not a finite number");
    }

    private static Path asFile(String s) {
        if (s.startsWith("[") || s.indexOf('\n') >= 0) return null;
        try {
            Path p = Path.of(s);
            return Files.isRegularFile(p) ? p : null;
        } catch (RuntimeException e) {
            return null;   // not a valid path on this system: it may still be a matrix
        }
    }

    private static boolean looksLikeMatrix(String s) {
        char c = s.charAt(0);
        return c == '[' || c == '-' || c == '+' || c == '.' || Character.isDigit(c);
    }

    private static String choices() {
        return "Valid names: " + String.join(", ", names()) + " (as gaussian[:SIZE[:SIGMA]]); or a matrix such as "
                + "[[0,-1,0],[-1,5,-1],[0,-1,0]], or the path of a file holding one";
    }

    private static String compact(String s) {
        String c = s.strip().replaceAll("\\s+", " ");
        return c.length() > 60 ? c.substring(0, 57) + "..." : c;
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}

package splot.nn;

import java.util.Objects;

/**
 * The zero padding of a convolution layer:
 * <ul>
 * <li>{@link #VALID}: none; the kernel stays inside the input (Keras' default).</li>
 * <li>{@link #SAME}: output size ceil(size / stride), Keras/TensorFlow's rule; the total padding
 *     max((ceil(size / s) - 1) * s + (k - 1) * d + 1 - size, 0) is split with the odd one on the
 *     bottom/right. With stride 1 the output has the input's size, as PyTorch's {@code padding='same'}.</li>
 * <li>{@link #of(int)}, {@link #of(int, int)}: p (or ph rows, pw columns) on each side, as PyTorch's {@code padding=p}.</li>
 * </ul>
 * SAME depends on the input size when the stride is above 1, so layers resolve it per call with
 * {@link #along(int, int, int, int, int)}.
 */
public final class Padding {
    private enum Kind { VALID, SAME, EXPLICIT }

    /** No padding. */
    public static final Padding VALID = new Padding(Kind.VALID, 0, 0);
    /** Output size ceil(input / stride), padding split evenly with the extra on the bottom/right. */
    public static final Padding SAME = new Padding(Kind.SAME, 0, 0);

    private final Kind kind;
    private final int height, width;

    private Padding(Kind kind, int height, int width) {
        this.kind = kind;
        this.height = height;
        this.width = width;
    }

    /** p zeros on every side. */
    public static Padding of(int p) {
        return of(p, p);
    }

    /** ph zero rows above and below, pw zero columns left and right. */
    public static Padding of(int ph, int pw) {
        if (ph < 0 || pw < 0) throw new IllegalArgumentException("Padding must be >= 0, got (" + ph + ", " + pw + ")");
        return new Padding(Kind.EXPLICIT, ph, pw);
    }

    /**
     * The padding {before, after} along one axis.
     *
     * @param axis 0 for height, 1 for width (a 1-D layer's length counts as a width)
     */
    public int[] along(int axis, int size, int kernel, int stride, int dilation) {
        return switch (kind) {
            case VALID -> new int[] {0, 0};
            case EXPLICIT -> axis == 0 ? new int[] {height, height} : new int[] {width, width};
            case SAME -> {
                int out = Math.ceilDiv(size, stride);
                int total = Math.max((out - 1) * stride + (kernel - 1) * dilation + 1 - size, 0);
                yield new int[] {total / 2, total - total / 2};
            }
        };
    }

    /** Reads {@link #toString()} back: {@code valid}, {@code same}, {@code 1} or {@code (1, 2)} (as stored in model files). */
    public static Padding parse(String text) {
        String s = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("valid")) return VALID;
        if (s.equals("same")) return SAME;
        try {
            if (s.startsWith("(") && s.endsWith(")")) {
                String[] parts = s.substring(1, s.length() - 1).split(",");
                if (parts.length == 2) return of(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
            } else {
                return of(Integer.parseInt(s));
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("Unknown padding '" + text + "'; expected valid, same, p or (ph, pw)");
    }

    public boolean isSame() {
        return kind == Kind.SAME;
    }

    public boolean isValid() {
        return kind == Kind.VALID;
    }

    /** Explicit rows above and below (0 for VALID and SAME). */
    public int height() {
        return height;
    }

    /** Explicit columns left and right (0 for VALID and SAME). */
    public int width() {
        return width;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Padding p && p.kind == kind && p.height == height && p.width == width;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, height, width);
    }

    /** {@code valid}, {@code same}, {@code 1} or {@code (1, 2)}. */
    @Override
    public String toString() {
        return switch (kind) {
            case VALID -> "valid";
            case SAME -> "same";
            case EXPLICIT -> height == width ? String.valueOf(height) : "(" + height + ", " + width + ")";
        };
    }
}

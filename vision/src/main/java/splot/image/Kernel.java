package splot.image;

/**
 * A named convolution kernel: the weights (P x Q) and the name a user gave or chose, shown in titles.
 * Built by {@link Kernels}.
 */
public record Kernel(String name, Plane weights) {

    public Kernel {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("A kernel needs a name");
        if (weights == null || weights.isEmpty()) throw new IllegalArgumentException("Kernel '" + name + "' is empty");
    }

    public int height() {
        return weights.height();
    }

    public int width() {
        return weights.width();
    }

    /** The sum of the weights: 1 keeps the mean brightness (blur, sharpen), 0 marks an edge detector. */
    public double sum() {
        return weights.sum();
    }

    /** {@code outline 3x3}. */
    @Override
    public String toString() {
        return name + " " + weights.height() + "x" + weights.width();
    }
}

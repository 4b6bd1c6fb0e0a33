package splot.image;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * One channel of an image, or a convolution kernel: an H x W matrix of floats stored row-major
 * ({@code data[y * width + x]}). Pixel values are brightness 0..255 unless an operation says otherwise.
 * The array is shared, not copied, so a plane is as cheap to pass as the array itself; methods that
 * return a plane always return a new one.
 */
public record Plane(int height, int width, float[] data) {

    public Plane {
        if (height < 0 || width < 0) throw new IllegalArgumentException("Plane size must be >= 0, got " + height + "x" + width);
        if (data == null || data.length != (long) height * width) {
            throw new IllegalArgumentException("A " + height + "x" + width + " plane needs " + (long) height * width
                    + " values, got " + (data == null ? "null" : data.length));
        }
    }

    /** A height x width plane of zeros. */
    public static Plane zeros(int height, int width) {
        return new Plane(height, width, new float[height * width]);
    }

    /** A height x width plane filled with {@code value}. */
    public static Plane full(int height, int width, float value) {
        float[] d = new float[height * width];
        Arrays.fill(d, value);
        return new Plane(height, width, d);
    }

    /**
     * A plane from rows ({@code rows[y][x]}), copied. Rejects an empty matrix and rows of different lengths,
     * naming the first row that differs.
     */
    public static Plane of(float[][] rows) {
        if (rows == null || rows.length == 0) throw new IllegalArgumentException("Matrix is empty: it has no rows");
        int w = rows[0].length;
        if (w == 0) throw new IllegalArgumentException("Matrix is empty: row 0 has no values");
        for (int y = 1; y < rows.length; y++) {
            if (rows[y].length != w) {
                throw new IllegalArgumentException("Matrix is ragged: row 0 has " + w + " values but row " + y
                        + " has " + rows[y].length);
            }
        }
        float[] d = new float[rows.length * w];
        for (int y = 0; y < rows.length; y++) System.arraycopy(rows[y], 0, d, y * w, w);
        return new Plane(rows.length, w, d);
    }

    /** {@link #of(float[][])} for double rows (values rounded to float). */
    public static Plane of(double[][] rows) {
        float[][] f = new float[rows == null ? 0 : rows.length][];
        for (int y = 0; y < f.length; y++) {
            f[y] = new float[rows[y].length];
            for (int x = 0; x < f[y].length; x++) f[y][x] = (float) rows[y][x];
        }
        return of(f);
    }

    public float get(int y, int x) {
        return data[index(y, x)];
    }

    public void set(int y, int x, float value) {
        data[index(y, x)] = value;
    }

    private int index(int y, int x) {
        if (y < 0 || y >= height || x < 0 || x >= width) {
            throw new IndexOutOfBoundsException("Pixel (y=" + y + ", x=" + x + ") is outside a " + height + "x" + width + " plane");
        }
        return y * width + x;
    }

    public int size() {
        return data.length;
    }

    public boolean isEmpty() {
        return data.length == 0;
    }

    /** The rows as a new {@code float[height][width]}. */
    public float[][] toArray() {
        float[][] rows = new float[height][width];
        for (int y = 0; y < height; y++) System.arraycopy(data, y * width, rows[y], 0, width);
        return rows;
    }

    public Plane copy() {
        return new Plane(height, width, data.clone());
    }

    /** A new plane with {@code f} applied to every value. */
    public Plane map(DoubleUnaryOperator f) {
        float[] d = new float[data.length];
        for (int i = 0; i < d.length; i++) d[i] = (float) f.applyAsDouble(data[i]);
        return new Plane(height, width, d);
    }

    /** The plane turned by 180 degrees ({@code p[::-1, ::-1]}): what convolution does to its kernel. */
    public Plane flipped() {
        float[] d = new float[data.length];
        for (int i = 0; i < d.length; i++) d[i] = data[d.length - 1 - i];
        return new Plane(height, width, d);
    }

    /** The {@code h x w} region whose top-left pixel is (y, x). */
    public Plane crop(int y, int x, int h, int w) {
        if (y < 0 || x < 0 || h < 0 || w < 0 || y + h > height || x + w > width) {
            throw new IndexOutOfBoundsException("Crop " + h + "x" + w + " at (y=" + y + ", x=" + x + ") does not fit a "
                    + height + "x" + width + " plane");
        }
        float[] d = new float[h * w];
        for (int r = 0; r < h; r++) System.arraycopy(data, (y + r) * width + x, d, r * w, w);
        return new Plane(h, w, d);
    }

    public double sum() {
        double s = 0;
        for (float v : data) s += v;
        return s;
    }

    /** The smallest value; +infinity for an empty plane. */
    public float min() {
        float m = Float.POSITIVE_INFINITY;
        for (float v : data) m = Math.min(m, v);
        return m;
    }

    /** The largest value; -infinity for an empty plane. */
    public float max() {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : data) m = Math.max(m, v);
        return m;
    }

    /** Same size and the same values (records compare arrays by identity; planes compare contents). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Plane p && p.height == height && p.width == width && Arrays.equals(p.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * height + width) + Arrays.hashCode(data);
    }

    /** {@code Plane 3x3 [[0.0, -1.0, 0.0], ...]}, the values only when there are few. */
    @Override
    public String toString() {
        if (data.length > 64) return "Plane " + height + "x" + width;
        StringBuilder s = new StringBuilder("Plane " + height + "x" + width + " [");
        for (int y = 0; y < height; y++) {
            if (y > 0) s.append(", ");
            s.append(Arrays.toString(Arrays.copyOfRange(data, y * width, (y + 1) * width)));
        }
        return s.append(']').toString();
    }
}

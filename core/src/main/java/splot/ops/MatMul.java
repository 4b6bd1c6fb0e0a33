package splot.ops;

import splot.kernel.Elementwise;
import splot.kernel.Gemm;
import splot.tensor.Arena;
import splot.tensor.FrozenWeights;
import splot.tensor.GradTarget;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/** Matrix products: (M, K) x (K, N), and batched (B, M, K) x (B, K, N). */
public final class MatMul {
    /**
     * Batch rows from which linear transposes its weight first: below, the copy (or, on AVX-512, the packing of the whole
     * weight into panels) costs more than the product, and rows of x and W are multiplied as stored: the line below
     * which {@code Gemm} itself takes dot products for a product with B transposed. With the line at 8 (until session
     * 41) the zoo's dense layers at 8 and 12 rows took 1.4-2.0 times as long (784 -> 128: 41.5 against 28.6 us at 8
     * rows; 9216 -> 128: 343.5 against 198.3); fashion-mlp's whole forward pass at 16 rows takes 63-65 us both ways
     * (BENCHMARKS.md, session 41).
     */
    static final int TRANSPOSE_ROWS = Gemm.DIRECT_TRANSPOSED_ROWS;
    /** Per-thread buffer for a transposed weight, kept between calls (only the forward product reads it). */
    private static final ThreadLocal<float[][]> TRANSPOSED = ThreadLocal.withInitial(() -> new float[1][0]);

    private MatMul() {
    }

    private static float[] transposedWeight(int size) {
        float[][] ws = TRANSPOSED.get();
        if (ws[0].length < size) ws[0] = new float[size];
        return ws[0];
    }

    public static Tensor matmul(Tensor a, Tensor b) {
        boolean batched = a.rank() == 3 && b.rank() == 3;
        if (!(a.rank() == 2 && b.rank() == 2) && !batched || a.dim(-1) != b.dim(-2) || batched && a.dim(0) != b.dim(0)) {
            throw new IllegalArgumentException("matmul: expected (M, K) x (K, N) or (B, M, K) x (B, K, N), got " + a.shape() + " x " + b.shape());
        }
        int batch = batched ? a.dim(0) : 1, m = a.dim(-2), k = a.dim(-1), n = b.dim(-1);
        float[] x = a.data(), y = b.data();
        float[] z = Arena.floats(batch * m * n);
        for (int i = 0; i < batch; i++) {
            Gemm.sgemm(false, false, m, n, k, x, i * m * k, k, y, i * k * n, n, z, i * m * n, n, false);
        }
        Shape out = batched ? Shape.of(batch, m, n) : Shape.of(m, n);
        return Tensor.fromOp("matmul", z, out, g -> {
            // dA = dC * B^T, dB = A^T * dC, each stored where there is no gradient yet. A and b may be one
            // tensor: the second target then adds to the first's.
            if (a.requiresGrad()) {
                GradTarget ga = a.gradTarget();
                for (int i = 0; i < batch; i++) {
                    Gemm.sgemm(false, true, m, k, n, g, i * m * n, n, y, i * k * n, n, ga.data(), i * m * k, k, ga.add());
                }
            }
            if (b.requiresGrad()) {
                GradTarget gb = b.gradTarget();
                for (int i = 0; i < batch; i++) {
                    Gemm.sgemm(true, false, k, n, m, x, i * m * k, k, g, i * m * n, n, gb.data(), i * k * n, n, gb.add());
                }
            }
        }, a, b);
    }

    /**
     * The affine map of a dense layer: x (N, in) times weight (out, in) transposed, plus bias (out).
     * Bias may be null. Output (N, out).
     */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        return affine(x, weight, bias, false);
    }

    /**
     * {@code relu(linear(x, weight, bias))} as one op, values and gradients: the ReLU runs on the product while it is
     * in cache, and the backward pass keeps only the output. Output (N, out).
     */
    public static Tensor linearRelu(Tensor x, Tensor weight, Tensor bias) {
        return affine(x, weight, bias, true);
    }

    private static Tensor affine(Tensor x, Tensor weight, Tensor bias, boolean relu) {
        int n = x.dim(0), in = x.dim(1), out = weight.dim(0);
        if (x.rank() != 2 || weight.dim(1) != in) {
            throw new IllegalArgumentException((relu ? "linearRelu" : "linear") + ": input " + x.shape() + " does not fit weight " + weight.shape());
        }
        float[] xd = x.data(), w = weight.data();
        float[] y = Arena.floats(n * out);
        if (bias != null) {
            float[] b = bias.data();
            for (int r = 0; r < n; r++) System.arraycopy(b, 0, y, r * out, out);
        }
        if (n >= TRANSPOSE_ROWS) {
            // x W^T on W^T written out: GEMM's plain-B path beats its transposed-B one (see Transpose).
            // Inside a FrozenWeights scope the weight's panels are packed once for the scope.
            Gemm.sgemmTransposingB(n, out, in, xd, 0, in, w, 0, transposedWeight(in * out), y, 0, out, bias != null, relu,
                    FrozenWeights.epoch());
        } else {
            Gemm.sgemm(false, true, n, out, in, xd, 0, in, w, 0, in, y, 0, out, bias != null);
            if (relu) Elementwise.relu(y, y, n * out);
        }
        return Tensor.fromOp(relu ? "linear_relu" : "linear", y, Shape.of(n, out), g -> {
            float[] gz = g;
            if (relu) {
                // Through the ReLU first: y > 0 exactly where its input was.
                gz = Arena.floats(n * out);
                Elementwise.reluBackward(y, g, gz, n * out, false);
            }
            affineBackward(x, weight, bias, gz, n, in, out);
        }, x, weight, bias);
    }

    /** dx = g W, dW = g^T x, db = column sums of g; each stored where there is no gradient yet, rather than added to zeros. */
    private static void affineBackward(Tensor x, Tensor weight, Tensor bias, float[] g, int n, int in, int out) {
        float[] xd = x.data(), w = weight.data();
        if (x.requiresGrad()) {
            GradTarget gx = x.gradTarget();
            Gemm.sgemm(false, false, n, in, out, g, 0, out, w, 0, in, gx.data(), 0, in, gx.add());
        }
        if (weight.requiresGrad()) {
            GradTarget gw = weight.gradTarget();
            Gemm.sgemm(true, false, out, in, n, g, 0, out, xd, 0, in, gw.data(), 0, in, gw.add());
        }
        if (bias != null && bias.requiresGrad()) {
            float[] gb = bias.gradBuffer();
            for (int r = 0; r < n; r++) Elementwise.addRun(g, r * out, gb, 0, out);
        }
    }
}

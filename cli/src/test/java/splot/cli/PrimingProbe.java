package splot.cli;

import splot.kernel.AdamStep;
import splot.kernel.Conv5x5;
import splot.kernel.Elementwise;
import splot.kernel.Gemm;
import splot.kernel.Softmax;
import splot.kernel.Transpose;
import splot.kernel.Window2d;

/**
 * Run in a JVM of its own by {@link LauncherTest}, with {@code -XX:+PrintCompilation}: the primed loops (the
 * activations, their gradients, the Adam step, the transposes, {@link Conv5x5}'s y and dW on LeNet-5's second layer,
 * the GEMM's packing of whole and partial panels, transposed and not, and its edge tiles) on arrays long enough for a
 * loop of thousands of steps a call, as a model's first steps run them, and a cross-entropy's softmax row by row and
 * its gradient.
 * Unprimed, each call's loop asked C2 for an on-stack compile.
 */
public final class PrimingProbe {
    private PrimingProbe() {
    }

    public static void main(String[] args) {
        int n = 1 << 17;
        float[] a = new float[n], b = new float[n], c = new float[n], d = new float[n];
        for (int i = 0; i < n; i++) a[i] = i % 7 - 3;
        AdamStep step = new AdamStep(1e-3f, 1f, 0.9f, 0.999f, 0.1f, 0.001f, 1e-8f, 0f, false, 1f);
        int maps = Conv5x5.maps(), images = 16;
        Window2d lenet = new Window2d(6, 14, 14, 5, 5, 1, 1, 0, 0, 1, 1, 10, 10);
        float[] x = new float[images * 6 * 196], wT = new float[150 * maps], yT = new float[images * 100 * maps];
        float[] gwT = new float[150 * maps];
        float[] ga = new float[203 * 784], gb = new float[203 * 784];
        int[] labels = new int[128];
        for (int i = 0; i < labels.length; i++) labels[i] = i % 10;
        for (int call = 0; call < 20; call++) {
            for (int image = 0; image < images; image++) Conv5x5.forward(x, image * 6 * 196, lenet, wT, yT, image * 100 * maps);
            for (int ch = 0; ch < 6; ch++) Conv5x5.addWeightGradient(x, ch * 196, 6 * 196, images, lenet, yT, gwT, ch * 25 * maps);
            Elementwise.relu(a, b, n);
            Elementwise.reluBackward(a, b, c, n, true);
            Elementwise.reluBackward(a, b, c, n, false);
            Elementwise.tanh(a, b, n);
            Elementwise.tanhBackward(b, a, c, n);
            Elementwise.adam(step, d, a, b, c);
            Transpose.transpose(a, 0, 128, 784, b, 0);
            Transpose.addTransposed(a, 0, 784, 128, b, 0);
            // 203 rows and columns: whole panels and a partial one each way, and edge tiles; depth 784 (fashion-mlp's).
            for (int t = 0; t < 4; t++) {
                boolean transA = (t & 1) == 1, transB = (t & 2) == 2;
                Gemm.sgemm(transA, transB, 203, 203, 784, ga, 0, transA ? 203 : 784, gb, 0, transB ? 784 : 203, c, 0, 203, false);
            }
            for (int row = 0; row < 128; row++) Softmax.row(a, row * 10, 1, 10, d);
            Softmax.labelGradient(d, labels, a, false, 1f / 128, c, call % 2 == 0, 128, 10);
            for (int row = 0; row < 128; row++) Elementwise.addRun(a, row * 128, d, 0, 128);
        }
        System.out.println("done");
    }
}

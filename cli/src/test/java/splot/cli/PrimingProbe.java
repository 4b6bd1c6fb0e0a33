package splot.cli;

import splot.kernel.AdamStep;
import splot.kernel.Elementwise;
import splot.kernel.Transpose;

/**
 * Run in a JVM of its own by {@link LauncherTest}, with {@code -XX:+PrintCompilation}: the primed loops (the
 * activations, their gradients, the Adam step, the transposes) on arrays long enough for a loop of thousands of steps
 * a call, as a model's first steps run them. Unprimed, each call's loop asked C2 for an on-stack compile.
 */
public final class PrimingProbe {
    private PrimingProbe() {
    }

    public static void main(String[] args) {
        int n = 1 << 17;
        float[] a = new float[n], b = new float[n], c = new float[n], d = new float[n];
        for (int i = 0; i < n; i++) a[i] = i % 7 - 3;
        AdamStep step = new AdamStep(1e-3f, 1f, 0.9f, 0.999f, 0.1f, 0.001f, 1e-8f, 0f, false, 1f);
        for (int call = 0; call < 20; call++) {
            Elementwise.relu(a, b, n);
            Elementwise.reluBackward(a, b, c, n);
            Elementwise.tanh(a, b, n);
            Elementwise.tanhBackward(b, a, c, n);
            Elementwise.adam(step, d, a, b, c);
            Transpose.transpose(a, 0, 128, 784, b, 0);
            Transpose.addTransposed(a, 0, 784, 128, b, 0);
        }
        System.out.println("done");
    }
}

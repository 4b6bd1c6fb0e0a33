package splot.kernel;

/**
 * Runs {@link Elementwise}'s vector loops for activations and the Adam step on short arrays when this class is first
 * used, so that the JIT's C2 compiles each of them once, the ordinary way, before the first real call.
 *
 * <p>Why: a real call runs thousands of loop steps (fashion-mlp's first layer has 100,352 weights for Adam, and
 * 16,384 activations a step for the ReLU). Left to those calls, C2 first compiled each loop on stack while it ran,
 * and then the ordinary way: in fashion-mlp's first steps 15 + 18 ms of C2 for Adam, 8 + 8 for the ReLU and 11 + 10
 * for its gradient, queued ahead of the GEMM's packing loops and still compiling in the timed window (BENCHMARKS.md,
 * session 27). The launcher's compiler directives have the priming call that asks for each compile
 * wait for it, as {@link LoopPriming} does for the GEMM's tiles. Without the launcher's options the thresholds are
 * 100 times higher and the priming only runs the loops in the interpreter and C1, some tens of milliseconds once a JVM.
 *
 * <p>The lengths go round three cases so that C2's profile has every path in it: several vector steps, the same with
 * a scalar tail, and an array shorter than one vector that skips the vector loop.
 */
final class ElementwisePriming {
    /** Four vectors of up to 16 lanes, and one float more. */
    private static final int LONG = 64;
    /** Shorter than a vector of 8 or 16 lanes. */
    private static final int SHORT = 5;

    static {
        ElementwiseKernels k = Elementwise.KERNELS;
        float[] a = new float[LONG + 1], b = new float[LONG + 1], c = new float[LONG + 1], p = new float[LONG + 1], v = new float[LONG + 1];
        for (int i = 0; i < a.length; i++) a[i] = i % 3 - 1;   // negative, zero and positive, for the ReLU's branches
        for (int i = 0; i < LoopPriming.CALLS; i++) {
            int n = switch (i % 3) {
                case 0 -> LONG;
                case 1 -> LONG + 1;
                default -> SHORT;
            };
            k.relu(a, b, 0, n);
            k.reluBackward(a, b, c, 0, n);
            k.reluGradient(a, 0, b, 0, c, 0, n);
            k.tanh(a, b, 0, n);
            k.tanhBackward(a, b, c, 0, n);
            k.dropout(DropoutMask.of(i, 0.25), a, b, 0, n, (i & 1) == 0);
            k.addTo(a, 0, c, 0, n);
            // AdamW's decoupled weight decay and Adam's.
            k.adam(new AdamStep(1e-3f, 1f, 0.9f, 0.999f, 0.1f, 0.001f, 1e-8f, 0f, (i & 1) == 0, 1f), p, b, c, v, 0, n);
        }
    }

    private ElementwisePriming() {
    }

    /** Returns once the loops are primed. */
    static void ready() {
    }
}

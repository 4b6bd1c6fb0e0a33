package splot.kernel;

/**
 * Runs the kernels that finish a convolution's output once with every epilogue a model gives them, on small planes:
 * the Winograd output transforms ({@link Winograd#transformOutput}, {@link Winograd4#transformOutput},
 * {@link Winograd4#addOutput}) with the plain store and the sum into dx, bias and ReLU, the pool with its winners
 * (training), the pool without them and a batch norm's affine map (inference); and the 2x2 max pools of the im2col
 * path, with winners (training) and without, bias and ReLU after (inference). A convolution calls {@link #ready} when
 * it first records a forward pass for training.
 *
 * <p>Why: C2 compiles a method for the branches its profile has seen taken and traps on the others. A run that trains
 * first had the transforms, and the kernels inlined into them, compiled for the training epilogues alone; the first
 * inference batch then trapped in each of them ({@code unstable_if}, {@code -Xlog:deoptimization=debug}) and ran in
 * the interpreter and C1, on boxed vectors, until C2 had compiled them again, while the pool-first kernels that only
 * inference calls were compiled from nothing. fashion-cnn's first inference batches after 65 training steps took
 * 150-300, 65-100, 30-50, 25-30 and 20-25 ms against 12.5 steady (BENCHMARKS.md, session 24), the last two inside
 * {@code splot bench}'s timed window. Primed, the compiles that training asks for have every branch, and the
 * inference-only kernels are compiled while training runs. Once a JVM; ten calls of each take some 200 ms of the
 * first training step, mostly in the interpreter, which a JVM that only infers (a prediction, a server) does not pay.
 */
public final class EpiloguePriming {
    /** Calls of each epilogue: 4 left cifar-vgg's inference trapping in the transforms in some runs, 10 did not. */
    private static final int ROUNDS = 10;
    private static final int SIDE = 8;

    static {
        primeTransforms();
        primePools();
    }

    private EpiloguePriming() {
    }

    /** Returns once the epilogue kernels are primed (at the first call in this JVM). */
    public static void ready() {
    }

    private static void primeTransforms() {
        int pooled = SIDE / 2 * (SIDE / 2);
        float[] bias = {0.25f}, scale = {1.5f}, shift = {0.1f};
        Winograd.Epilogue[] epilogues = {
                new Winograd.Epilogue(bias, false, null, null, false, null),
                new Winograd.Epilogue(bias, true, null, null, false, null),
                new Winograd.Epilogue(bias, true, null, null, true, new int[Winograd4.group() * pooled]),
                new Winograd.Epilogue(bias, true, null, null, true, null),
                new Winograd.Epilogue(bias, true, scale, shift, false, null),
                new Winograd.Epilogue(bias, true, scale, shift, true, null),
        };
        float[] y = new float[Winograd4.group() * SIDE * SIDE];
        int ld = Winograd.columns(SIDE, SIDE), stride = ld + 16;
        float[] m = values(Winograd.POINTS * stride), s = new float[Winograd.scratchSize(SIDE, SIDE)];
        // A whole group of images and one short of it (the masked stores of the last lanes).
        int[] images = {Winograd4.group(), 3};
        for (int round = 0; round < ROUNDS; round++) {
            for (Winograd.Epilogue e : epilogues) {
                Winograd.transformOutput(m, 0, ld, stride, 1, e, 0, y, 0, e.pool() ? pooled : SIDE * SIDE, SIDE, SIDE, s);
                for (int n : images) winograd4(n, e, y);
            }
            Winograd.transformOutput(m, 0, ld, stride, 1, y, 0, SIDE * SIDE, SIDE, SIDE, round % 2 == 0, s);
            for (int n : images) winograd4(n, null, y);
        }
    }

    /** One F(4x4) output transform of {@code n} images of one channel: stored with epilogue e, or (e null) added as dx. */
    private static void winograd4(int n, Winograd.Epilogue e, float[] y) {
        int ld = Winograd4.columns(n, SIDE, SIDE), stride = ld + 16;
        float[] m = values(Winograd4.POINTS * stride), s = new float[Winograd4.scratchSize(SIDE, SIDE)];
        int q = e != null && e.pool() ? SIDE / 2 * (SIDE / 2) : SIDE * SIDE;
        if (e == null) Winograd4.addOutput(m, ld, stride, 1, n, y, 0, q, q, SIDE, SIDE, s);
        else Winograd4.transformOutput(m, ld, stride, 1, n, e, 0, y, 0, q, q, SIDE, SIDE, s);
    }

    /** The im2col path's pools of one plane, even and odd sides: with winners, without, and bias and ReLU after. */
    private static void primePools() {
        for (int side : new int[] {SIDE, SIDE + 3}) {
            Window2d w = new Window2d(1, side, side, 2, 2, 2, 2, 0, 0, 1, 1, side / 2, side / 2);
            float[] x = values(side * side), y = new float[side * side];
            int[] winners = new int[side * side];
            for (int round = 0; round < ROUNDS; round++) {
                Pool2d.maxPlane(x, 0, w, y, winners, 0);
                Pool2d.maxPlane(x, 0, w, y, null, 0);
                Pool2d.maxHalvingBiasRelu(x, 0, w, 0.25f, y, 0);
            }
        }
    }

    /** Values of both signs, so that the ReLU and the pool see winners in every place. */
    private static float[] values(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) Math.sin(i * 0.7);
        return v;
    }
}

package splot.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static splot.testing.GradCheck.check;
import static splot.testing.GradCheck.uniform;
import static splot.testing.Reference.assertClose;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import splot.kernel.Winograd4;
import splot.tensor.GradMode;
import splot.tensor.Tensor;

/**
 * conv2d with a fused ReLU (and max pool), or tanh (and average pool), against the same ops run one after the other:
 * equal outputs and gradients over random settings, finite-difference checks, and the op names and shapes it reports.
 */
class ConvEpilogueTest {

    @Test
    void fusedEqualsTheOpsInSequenceForRandomSettings() {
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 40; trial++) {
            Setting s = Setting.random(r, 3, 8);
            ConvEpilogue epilogue = r.nextBoolean() ? ConvEpilogue.reluMaxPool(s.pool()) : ConvEpilogue.RELU;
            String what = s.describe(trial, epilogue);

            Tensor[] fused = s.inputs(trial), plain = s.inputs(trial);
            Tensor yf = Convolution.conv2d(fused[0], fused[1], fused[2], s.spec(), epilogue);
            Tensor yp = Activations.relu(Convolution.conv2d(plain[0], plain[1], plain[2], s.spec()));
            if (epilogue.maxPool() != null) yp = Pooling.maxPool2d(yp, epilogue.maxPool());

            assertEquals(yp.shape(), yf.shape(), what);
            assertArrayEquals(yp.data(), yf.data(), what + ": the same sums, so the same floats");
            assertSameGradients(fused, yf, plain, yp, 500 + trial, what);
        }
    }

    /** A random convolution and pool for the fused-against-sequence tests. */
    private record Setting(int groups, int cinG, int coutG, int k, Conv2dSpec spec, Pool2dSpec pool, int n, int h, int w,
                           boolean withBias) {
        /** Kernels up to maxKernel, sides up to maxExtra beyond kernel + pool, any stride, padding, groups and pool. */
        static Setting random(SplittableRandom r, int maxKernel, int maxExtra) {
            int groups = 1 + r.nextInt(2), k = 1 + r.nextInt(maxKernel);
            Conv2dSpec spec = Conv2dSpec.DEFAULT.stride(1 + r.nextInt(2)).padding(r.nextInt(2)).groups(groups);
            int pool = 2 + r.nextInt(2);
            Pool2dSpec poolSpec = Pool2dSpec.of(pool, 1 + r.nextInt(pool), r.nextInt(pool / 2 + 1));
            return new Setting(groups, 1 + r.nextInt(3), 1 + r.nextInt(4), k, spec, poolSpec, 1 + r.nextInt(4),
                    k + pool + r.nextInt(maxExtra), k + pool + r.nextInt(maxExtra), r.nextBoolean());
        }

        Tensor[] inputs(int trial) {
            return ConvEpilogueTest.inputs(trial, n, groups * cinG, h, w, groups * coutG, cinG, k, withBias);
        }

        String describe(int trial, ConvEpilogue epilogue) {
            return "trial " + trial + " " + spec + " " + epilogue + " input " + n + "x" + groups * cinG + "x" + h + "x" + w;
        }
    }

    /** Backward of both outputs from the same random gradient; the inputs' gradients agree within 1e-5. */
    private static void assertSameGradients(Tensor[] fused, Tensor yf, Tensor[] plain, Tensor yp, int seed, String what) {
        Tensor gy = uniform(seed, -1, 1, yf.shape().dims());
        yf.backward(gy);
        yp.backward(gy);
        for (int i = 0; i < 3; i++) {
            if (fused[i] != null) assertClose(plain[i].grad(), fused[i].grad(), 1e-5, 1e-5, what + " grad of input " + i);
        }
    }

    private static Tensor[] inputs(int trial, int n, int cin, int h, int w, int cout, int cinG, int k, boolean withBias) {
        Tensor x = uniform(trial, -1, 1, n, cin, h, w).requiresGrad(true);
        Tensor weight = uniform(100 + trial, -1, 1, cout, cinG, k, k).requiresGrad(true);
        Tensor bias = withBias ? uniform(200 + trial, -0.5f, 0.5f, cout).requiresGrad(true) : null;
        return new Tensor[] {x, weight, bias};
    }

    @Test
    void reluGradientMatchesFiniteDifferences() {
        Tensor x = uniform(1, -1, 1, 2, 3, 6, 5), w = uniform(2, -1, 1, 4, 3, 3, 3), b = uniform(3, -0.3f, 0.3f, 4);
        check(in -> Convolution.conv2d(in.get(0), in.get(1), in.get(2), Conv2dSpec.DEFAULT, ConvEpilogue.RELU), x, w, b);
    }

    @Test
    void reluMaxPoolGradientMatchesFiniteDifferences() {
        Tensor x = uniform(4, -1, 1, 2, 2, 7, 8), w = uniform(5, -1, 1, 3, 2, 3, 3), b = uniform(6, -0.3f, 0.3f, 3);
        ConvEpilogue epilogue = ConvEpilogue.reluMaxPool(Pool2dSpec.of(2));
        check(in -> Convolution.conv2d(in.get(0), in.get(1), in.get(2), Conv2dSpec.DEFAULT.padding(1), epilogue), x, w, b);
    }

    @Test
    void inferenceGivesTheSameValuesWithoutKeepingWinners() {
        Tensor x = uniform(7, -1, 1, 3, 2, 9, 9), w = uniform(8, -1, 1, 5, 2, 3, 3), b = uniform(9, -1, 1, 5);
        ConvEpilogue epilogue = ConvEpilogue.reluMaxPool(Pool2dSpec.of(2));
        Tensor taped = Convolution.conv2d(x, w.requiresGrad(true), b, Conv2dSpec.DEFAULT, epilogue);
        Tensor off;
        try (var ignored = GradMode.off()) {
            off = Convolution.conv2d(x, w, b, Conv2dSpec.DEFAULT, epilogue);
        }
        assertArrayEquals(taped.data(), off.data());
        assertEquals("conv2d_relu_max_pool2d", taped.op());
        assertEquals(java.util.List.of(3, 5, 3, 3), java.util.Arrays.stream(off.shape().dims()).boxed().toList());
    }

    @Test
    void affineEqualsBatchNormInEvaluationForRandomSettings() {
        SplittableRandom r = new SplittableRandom(23);
        for (int trial = 0; trial < 30; trial++) {
            int cin = 1 + r.nextInt(3), cout = 1 + r.nextInt(6), k = 1 + r.nextInt(3), n = 1 + r.nextInt(4);
            int h = k + 2 + r.nextInt(8), w = k + 2 + r.nextInt(8);
            Conv2dSpec spec = Conv2dSpec.DEFAULT.padding(r.nextInt(2));
            boolean relu = r.nextBoolean(), pool = relu && r.nextBoolean();
            Tensor x = uniform(trial, -1, 1, n, cin, h, w), wt = uniform(50 + trial, -1, 1, cout, cin, k, k);
            Tensor b = uniform(70 + trial, -0.5f, 0.5f, cout), gamma = uniform(90 + trial, -2, 2, cout);
            Tensor beta = uniform(110 + trial, -1, 1, cout), mean = uniform(130 + trial, -0.5f, 0.5f, cout);
            Tensor var = uniform(150 + trial, 0.1f, 3, cout);
            double eps = 1e-5;
            float[] scale = new float[cout], shift = new float[cout];
            for (int c = 0; c < cout; c++) {
                double s = gamma.data()[c] / Math.sqrt(var.data()[c] + eps);
                scale[c] = (float) s;
                shift[c] = (float) (beta.data()[c] - mean.data()[c] * s);
            }
            ConvEpilogue epilogue = new ConvEpilogue(relu, new ConvEpilogue.Affine(scale, shift), pool ? Pool2dSpec.of(2) : null);
            String what = "trial " + trial + " relu " + relu + " pool " + pool;
            try (var ignored = GradMode.off()) {
                Tensor yf = Convolution.conv2d(x, wt, b, spec, epilogue);
                Tensor yp = Convolution.conv2d(x, wt, b, spec);
                if (relu) yp = Activations.relu(yp);
                yp = Normalization.batchNorm(yp, gamma, beta, mean, var, false, 0.1, eps);
                if (pool) yp = Pooling.maxPool2d(yp, Pool2dSpec.of(2));
                assertEquals(yp.shape(), yf.shape(), what);
                assertClose(yp, yf, 1e-5, 1e-5, what);
            }
        }
    }

    /**
     * With 16 or more channels each way a 3x3 stride-1 convolution runs Winograd (F(2x2, 3x3) or, on a group of images
     * or more, F(4x4, 3x3)), whose output transform applies the epilogue itself (bias, ReLU, the affine map, a 2x2 pool, with its winners on the tape):
     * against the ops in sequence, the same floats, and on the tape the same gradients.
     */
    @Test
    void winogradEpiloguesEqualTheOpsInSequence() {
        SplittableRandom r = new SplittableRandom(29);
        for (int trial = 0; trial < 40; trial++) {
            // Fewer images than a group go through F(2x2, 3x3), a group or more of 40 channels or more through F(4x4, 3x3).
            boolean f4 = trial % 2 == 1;
            int cin = (f4 ? 40 : 16) + r.nextInt(6), cout = (f4 ? 40 : 16) + r.nextInt(6), n = f4 ? Winograd4.group() + r.nextInt(5) : 1 + r.nextInt(3);
            int h = 4 + r.nextInt(12), w = 4 + r.nextInt(12);
            Conv2dSpec spec = Conv2dSpec.DEFAULT.padding(r.nextInt(3));
            boolean relu = r.nextInt(4) > 0, pool = relu && r.nextBoolean(), affine = r.nextBoolean(), taped = !affine && r.nextBoolean();
            boolean withBias = r.nextBoolean();
            Tensor[] in = inputs(trial, n, cin, h, w, cout, cin, 3, withBias), inP = inputs(trial, n, cin, h, w, cout, cin, 3, withBias);
            float[] scale = new float[cout], shift = new float[cout];
            for (int c = 0; c < cout; c++) {
                scale[c] = (float) (r.nextDouble() * 4 - 2);
                shift[c] = (float) (r.nextDouble() * 2 - 1);
            }
            ConvEpilogue epilogue = new ConvEpilogue(relu, affine ? new ConvEpilogue.Affine(scale, shift) : null, pool ? Pool2dSpec.of(2) : null);
            String what = "trial " + trial + " " + spec + " " + epilogue + " input " + n + "x" + cin + "x" + h + "x" + w + " taped " + taped;
            Tensor yf, yp;
            try (var ignored = taped ? null : GradMode.off()) {
                yf = Convolution.conv2d(in[0], in[1], in[2], spec, epilogue);
                yp = Convolution.conv2d(inP[0], inP[1], inP[2], spec);
                if (relu) yp = Activations.relu(yp);
                if (affine) {
                    float[] d = yp.data().clone();
                    int plane = d.length / (n * cout);
                    for (int i = 0; i < d.length; i++) d[i] = d[i] * scale[i / plane % cout] + shift[i / plane % cout];
                    yp = Tensor.of(d, yp.shape());
                }
                if (pool) yp = Pooling.maxPool2d(yp, Pool2dSpec.of(2));
            }
            assertEquals(yp.shape(), yf.shape(), what);
            assertArrayEquals(yp.data(), yf.data(), what + ": the same sums, so the same floats");
            if (taped) assertSameGradients(in, yf, inP, yp, 900 + trial, what);
        }
    }

    /**
     * F(4x4) takes y a slab of tile rows at a time: with 48 channels each way on 18 x 18 and 17 x 17 planes, five slabs
     * of one tile row, the last one short, the fused pool's winners placed in the whole plane, and a group of images and
     * one more. The same floats as the ops in sequence and, through the winners, the same gradients.
     */
    @Test
    void winograd4EpiloguesInSlabsEqualTheOpsInSequence() {
        for (int side : new int[] {18, 17}) {
            int n = Winograd4.group() + 1;
            Tensor[] in = inputs(side, n, 48, side, side, 48, 48, 3, true), inP = inputs(side, n, 48, side, side, 48, 48, 3, true);
            ConvEpilogue epilogue = new ConvEpilogue(true, null, Pool2dSpec.of(2));
            Tensor yf = Convolution.conv2d(in[0], in[1], in[2], Conv2dSpec.DEFAULT.padding(1), epilogue);
            Tensor yp = Pooling.maxPool2d(Activations.relu(Convolution.conv2d(inP[0], inP[1], inP[2], Conv2dSpec.DEFAULT.padding(1))),
                    Pool2dSpec.of(2));
            assertArrayEquals(yp.data(), yf.data(), side + " x " + side);
            assertSameGradients(in, yf, inP, yp, 800 + side, side + " x " + side);
        }
    }

    /**
     * Winograd's fused pool on planes wide enough for whole vectors of windows (8 or 16 a row, and an overlapping last
     * one): the same values as the ops in sequence, and, through the winners, the same gradients. The ReLU leaves many
     * windows of equal zeros, where the first one wins.
     */
    @Test
    void winogradPoolWinnersOnWideRowsEqualTheOpsInSequence() {
        for (int w : new int[] {18, 34, 40}) {
            Tensor[] in = inputs(w, 2, 16, 6, w, 16, 16, 3, true), inP = inputs(w, 2, 16, 6, w, 16, 16, 3, true);
            ConvEpilogue epilogue = new ConvEpilogue(true, null, Pool2dSpec.of(2));
            Tensor yf = Convolution.conv2d(in[0], in[1], in[2], Conv2dSpec.DEFAULT.padding(1), epilogue);
            Tensor yp = Pooling.maxPool2d(Activations.relu(Convolution.conv2d(inP[0], inP[1], inP[2], Conv2dSpec.DEFAULT.padding(1))),
                    Pool2dSpec.of(2));
            assertArrayEquals(yp.data(), yf.data(), w + " wide");
            assertSameGradients(in, yf, inP, yp, 700 + w, w + " wide");
        }
    }

    @Test
    void affineOnTheTapeIsRefused() {
        Tensor x = uniform(1, -1, 1, 1, 1, 5, 5), w = uniform(2, -1, 1, 2, 1, 3, 3).requiresGrad(true);
        ConvEpilogue epilogue = ConvEpilogue.RELU.withAffine(new ConvEpilogue.Affine(new float[2], new float[2]));
        var e = assertThrows(IllegalStateException.class, () -> Convolution.conv2d(x, w, null, Conv2dSpec.DEFAULT, epilogue));
        assertEquals(true, e.getMessage().contains("inference only"), e.getMessage());
        try (var ignored = GradMode.off()) {
            ConvEpilogue three = ConvEpilogue.RELU.withAffine(new ConvEpilogue.Affine(new float[3], new float[3]));
            var wrong = assertThrows(IllegalArgumentException.class, () -> Convolution.conv2d(x, w, null, Conv2dSpec.DEFAULT, three));
            assertEquals(true, wrong.getMessage().contains("3 channels for 2 output channels"), wrong.getMessage());
        }
    }

    @Test
    void aPoolWithoutReluIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> new ConvEpilogue(false, null, Pool2dSpec.of(2)));
        assertEquals(true, e.getMessage().contains("ReLU"), e.getMessage());
        var avg = assertThrows(IllegalArgumentException.class, () -> ConvEpilogue.RELU.withAvgPool(Pool2dSpec.of(2)));
        assertEquals(true, avg.getMessage().contains("average pool follows a tanh"), avg.getMessage());
        var both = assertThrows(IllegalArgumentException.class, () -> new ConvEpilogue(true, null, null, true, null));
        assertEquals(true, both.getMessage().contains("no ReLU"), both.getMessage());
    }

    /**
     * Tanh (and an average pool) fused against tanh and avgPool2d run after conv2d, on random settings and on a
     * Winograd-sized layer: the tanh's vector loop splits its elements differently in the two, which may move a
     * value by an ulp, so values and gradients are compared with a tolerance.
     */
    @Test
    void tanhEpiloguesEqualTheOpsInSequence() {
        SplittableRandom r = new SplittableRandom(31);
        for (int trial = 0; trial < 30; trial++) {
            Setting s = Setting.random(r, 5, 12);
            if (trial % 10 == 9) {
                // 16 channels each way, 3x3 at stride 1: the forward pass goes through Winograd.
                s = new Setting(1, 16, 16, 3, Conv2dSpec.DEFAULT.padding(1), Pool2dSpec.of(2), s.n(), s.h(), s.w(), s.withBias());
            }
            ConvEpilogue epilogue = r.nextBoolean() ? ConvEpilogue.tanhAvgPool(r.nextBoolean() ? Pool2dSpec.of(2) : s.pool()) : ConvEpilogue.TANH;
            String what = s.describe(trial, epilogue);

            Tensor[] fused = s.inputs(trial), plain = s.inputs(trial);
            Tensor yf = Convolution.conv2d(fused[0], fused[1], fused[2], s.spec(), epilogue);
            Tensor yp = Activations.tanh(Convolution.conv2d(plain[0], plain[1], plain[2], s.spec()));
            if (epilogue.avgPool() != null) yp = Pooling.avgPool2d(yp, epilogue.avgPool());

            assertEquals(yp.shape(), yf.shape(), what);
            assertEquals(epilogue.avgPool() != null ? "conv2d_tanh_avg_pool2d" : "conv2d_tanh", yf.op(), what);
            assertClose(yp, yf, 1e-6, 1e-6, what);
            assertSameGradients(fused, yf, plain, yp, 700 + trial, what);
        }
    }

    @Test
    void tanhAvgPoolGradientMatchesFiniteDifferences() {
        Tensor x = uniform(12, -1, 1, 2, 2, 9, 8), w = uniform(13, -1, 1, 3, 2, 3, 3), b = uniform(14, -0.3f, 0.3f, 3);
        check(in -> Convolution.conv2d(in.get(0), in.get(1), in.get(2), Conv2dSpec.DEFAULT.padding(1),
                ConvEpilogue.tanhAvgPool(Pool2dSpec.of(2))), x, w, b);
        check(in -> Convolution.conv2d(in.get(0), in.get(1), in.get(2), Conv2dSpec.DEFAULT, ConvEpilogue.TANH), x, w, b);
    }

    @Test
    void aPoolLargerThanTheOutputIsNamed() {
        Tensor x = uniform(10, -1, 1, 1, 1, 4, 4), w = uniform(11, -1, 1, 2, 1, 3, 3);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Convolution.conv2d(x, w, null, Conv2dSpec.DEFAULT, ConvEpilogue.reluMaxPool(Pool2dSpec.of(3))));
        assertEquals(true, e.getMessage().startsWith("conv2d_relu_max_pool2d: a 3x3 window does not fit an input of 2x2"), e.getMessage());
    }
}

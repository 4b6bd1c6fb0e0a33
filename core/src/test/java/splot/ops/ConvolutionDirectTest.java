package splot.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static splot.testing.Reference.assertClose;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import splot.kernel.Parallel;
import splot.kernel.Conv5x5;
import splot.kernel.Window2d;
import splot.kernel.Winograd4;
import splot.tensor.Shape;
import splot.tensor.Tensor;
import splot.testing.GradCheck;

/**
 * The im2col + GEMM convolution against the definition, written as plain loops, over many random
 * settings (odd strides, padding larger than the kernel, dilation, groups, 1x1, windows that skip
 * pixels): forward and all three gradients. Pooling against its definition too.
 */
class ConvolutionDirectTest {

    @Test
    void conv2dMatchesTheDefinitionForRandomSettings() {
        SplittableRandom r = new SplittableRandom(7);
        for (int trial = 0; trial < 60; trial++) {
            int groups = 1 + r.nextInt(3), cinG = 1 + r.nextInt(3), coutG = 1 + r.nextInt(3);
            int kh = 1 + r.nextInt(4), kw = 1 + r.nextInt(4), dh = 1 + r.nextInt(3), dw = 1 + r.nextInt(3);
            Conv2dSpec spec = Conv2dSpec.DEFAULT.stride(1 + r.nextInt(3), 1 + r.nextInt(3))
                    .padding(r.nextInt(4), r.nextInt(4), r.nextInt(4), r.nextInt(4)).dilation(dh, dw).groups(groups);
            int h = Math.max(1, (kh - 1) * dh + 1 - spec.padTop() - spec.padBottom()) + r.nextInt(6);
            int w = Math.max(1, (kw - 1) * dw + 1 - spec.padLeft() - spec.padRight()) + r.nextInt(6);
            Tensor x = GradCheck.uniform(trial, -1, 1, 1 + r.nextInt(2), groups * cinG, h, w).requiresGrad(true);
            Tensor weight = GradCheck.uniform(100 + trial, -1, 1, groups * coutG, cinG, kh, kw).requiresGrad(true);
            Tensor bias = r.nextBoolean() ? GradCheck.uniform(200 + trial, -1, 1, groups * coutG).requiresGrad(true) : null;
            checkAgainstDefinition(trial, x, weight, bias, spec, 1e-5, false);
        }
    }

    /**
     * y and the three gradients of conv2d against {@link Direct}, within {@code tol} relative and absolute; with
     * {@code normwise}, within tol of each tensor's largest magnitude (at least 1) as well, the measure in which a
     * Winograd path's rounding is bounded: near an output that sums to about zero its error is that of its neighbours.
     */
    private static void checkAgainstDefinition(int trial, Tensor x, Tensor weight, Tensor bias, Conv2dSpec spec, double tol,
                                               boolean normwise) {
        Tensor y = Convolution.conv2d(x, weight, bias, spec);
        Direct d = new Direct(x, weight, bias, spec);
        Tensor gy = GradCheck.uniform(300 + trial, -1, 1, y.shape().dims());
        y.backward(gy);
        d.run(gy.data());
        String what = "trial " + trial + " " + spec + " x " + x.shape() + " w " + weight.shape();
        assertClose(d.y, y, tol, atol(d.y, tol, normwise), what + " y");
        assertClose(d.gx, x.grad(), tol, atol(d.gx, tol, normwise), what + " grad x");
        assertClose(d.gw, weight.grad(), tol, atol(d.gw, tol, normwise), what + " grad w");
        if (bias != null) assertClose(d.gb, bias.grad(), tol, atol(d.gb, tol, normwise), what + " grad b");
    }

    private static double atol(Tensor expected, double tol, boolean normwise) {
        double largest = 1;
        if (normwise) for (float v : expected.data()) largest = Math.max(largest, Math.abs(v));
        return tol * largest;
    }

    /**
     * One input channel, stride 1, fewer maps than taps (LeNet-5's first layer among them) takes y from the padded
     * plane ({@code PlaneConv}): y and the three gradients against the definition, on odd sizes and paddings of 0 to 2
     * on each side, with and without bias, in batches of 1 to 3 images.
     */
    @Test
    void planeConvolutionsMatchTheDefinition() {
        SplittableRandom r = new SplittableRandom(13);
        checkAgainstDefinition(0, GradCheck.uniform(1, -1, 1, 2, 1, 28, 28).requiresGrad(true),
                GradCheck.uniform(2, -1, 1, 6, 1, 5, 5).requiresGrad(true), GradCheck.uniform(3, -1, 1, 6).requiresGrad(true),
                Conv2dSpec.DEFAULT.padding(2), 1e-5, false);
        for (int trial = 1; trial < 25; trial++) {
            int kh = 2 + r.nextInt(4), kw = 2 + r.nextInt(4), cout = 1 + r.nextInt(kh * kw - 1);
            Conv2dSpec spec = Conv2dSpec.DEFAULT.padding(r.nextInt(3), r.nextInt(3), r.nextInt(3), r.nextInt(3));
            int h = kh + r.nextInt(12), w = kw + (new int[] {0, 6, 16, 32})[r.nextInt(4)] + r.nextInt(2);
            Tensor x = GradCheck.uniform(trial, -1, 1, 1 + r.nextInt(3), 1, h, w).requiresGrad(true);
            Tensor weight = GradCheck.uniform(100 + trial, -1, 1, cout, 1, kh, kw).requiresGrad(true);
            Tensor bias = r.nextBoolean() ? GradCheck.uniform(200 + trial, -1, 1, cout).requiresGrad(true) : null;
            checkAgainstDefinition(trial, x, weight, bias, spec, 1e-5, false);
        }
    }

    /**
     * 5 x 5 convolutions at stride 1 without padding, with as many maps as a vector holds and rows of 8 outputs or more
     * (LeNet-5's second layer among them), take y and dW from x directly ({@code Conv5x5}): y and the three gradients
     * against the definition, on odd and even sizes, 1 to 3 images and 40 (more than one block of the backward pass).
     */
    @Test
    void conv5x5ConvolutionsMatchTheDefinition() {
        int og = Conv5x5.maps();
        assertTrue(og >= 4, "tests run with the Vector API module");
        assertTrue(Conv5x5.fits(new Window2d(6, 14, 14, 5, 5, 1, 1, 0, 0, 1, 1, 10, 10), og), "lenet5's second layer");
        checkAgainstDefinition(0, GradCheck.uniform(1, -1, 1, 3, 6, 14, 14).requiresGrad(true),
                GradCheck.uniform(2, -1, 1, og, 6, 5, 5).requiresGrad(true), GradCheck.uniform(3, -1, 1, og).requiresGrad(true),
                Conv2dSpec.DEFAULT, 1e-5, false);
        SplittableRandom r = new SplittableRandom(14);
        for (int trial = 1; trial < 16; trial++) {
            int cin = 1 + r.nextInt(3), h = 5 + (new int[] {0, 2, 9, 16})[r.nextInt(4)] + r.nextInt(2);
            int w = 12 + (new int[] {0, 2, 9, 21})[r.nextInt(4)] + r.nextInt(2), n = 1 + r.nextInt(3);
            if (trial == 7) {
                n = 40;     // more images than one block of the backward pass
                h = 9;
                w = 12;
            }
            assertTrue(Conv5x5.fits(new Window2d(cin, h, w, 5, 5, 1, 1, 0, 0, 1, 1, h - 4, w - 4), og), "trial " + trial);
            Tensor x = GradCheck.uniform(trial, -1, 1, n, cin, h, w).requiresGrad(true);
            Tensor weight = GradCheck.uniform(100 + trial, -1, 1, og, cin, 5, 5).requiresGrad(true);
            Tensor bias = r.nextBoolean() ? GradCheck.uniform(200 + trial, -1, 1, og).requiresGrad(true) : null;
            // 40 images sum some two thousand products into each weight's gradient: within 1e-5 of the largest, norm-wise.
            checkAgainstDefinition(trial, x, weight, bias, Conv2dSpec.DEFAULT, 1e-5, n == 40);
        }
    }

    /**
     * 3x3 convolutions with stride 1 and 16 or more channels each way go through Winograd, F(4x4, 3x3) for y and
     * F(2x2, 3x3) for dx on inputs of 7 x 7 or more, and dW: against the definition within 1e-4 relative (norm-wise), on odd and even sizes on both
     * sides of that limit, every padding the path takes (0 to 2 before, 0 to 3 after), with and without bias.
     * (WinogradTest covers the transforms themselves.)
     */
    @Test
    void winogradConvolutionsMatchTheDefinition() {
        SplittableRandom r = new SplittableRandom(9);
        int[] sizes = {1, 3, 7, 10, 16, 17, 33};
        for (int trial = 0; trial < 24; trial++) {
            int cin = 16 + r.nextInt(20), cout = 16 + r.nextInt(20);
            Conv2dSpec spec = Conv2dSpec.DEFAULT.padding(r.nextInt(3), r.nextInt(4), r.nextInt(3), r.nextInt(4));
            int h = Math.max(sizes[r.nextInt(sizes.length)], 3 - spec.padTop() - spec.padBottom());
            int w = Math.max(sizes[r.nextInt(sizes.length)], 3 - spec.padLeft() - spec.padRight());
            Tensor x = GradCheck.uniform(trial, -1, 1, 1 + r.nextInt(3), cin, h, w).requiresGrad(true);
            Tensor weight = GradCheck.uniform(100 + trial, -1, 1, cout, cin, 3, 3).requiresGrad(true);
            Tensor bias = r.nextBoolean() ? GradCheck.uniform(200 + trial, -1, 1, cout).requiresGrad(true) : null;
            checkAgainstDefinition(trial, x, weight, bias, spec, 1e-4, true);
        }
    }

    /**
     * A lone image takes Winograd for y only on planes of 64 tiles or more, im2col below: both sides against the
     * definition (8 x 8 out: 16 tiles; 16 x 16: 64; 18 x 18: 81), y and the gradients.
     */
    @Test
    void loneImagesOnBothSidesOfTheirWinogradLimitMatchTheDefinition() {
        int trial = 0;
        for (int side : new int[] {8, 15, 16, 18}) {
            Tensor x = GradCheck.uniform(400 + side, -1, 1, 1, 24, side, side).requiresGrad(true);
            Tensor weight = GradCheck.uniform(500 + side, -1, 1, 32, 24, 3, 3).requiresGrad(true);
            Tensor bias = GradCheck.uniform(600 + side, -1, 1, 32).requiresGrad(true);
            checkAgainstDefinition(trial++, x, weight, bias, Conv2dSpec.DEFAULT.padding(1), 1e-4, true);
        }
    }

    /**
     * Batches of a {@link Winograd4#group} of images or more, with 40 channels or more each way, take F(4x4, 3x3) for
     * y and dW (and dx from 7 x 7 up), a group of images at a time, one per vector lane, the last group short of images
     * when the batch is not a whole number of them: y and the gradients against the definition as above.
     */
    @Test
    void winograd4ConvolutionsMatchTheDefinition() {
        SplittableRandom r = new SplittableRandom(10);
        int[] sizes = {1, 3, 4, 7, 10, 13, 17};
        for (int trial = 0; trial < 10; trial++) {
            int cin = 40 + r.nextInt(8), cout = 40 + r.nextInt(8), n = Winograd4.group() + r.nextInt(Winograd4.group() + 2);
            Conv2dSpec spec = Conv2dSpec.DEFAULT.padding(r.nextInt(3), r.nextInt(4), r.nextInt(3), r.nextInt(4));
            int h = Math.max(sizes[r.nextInt(sizes.length)], 3 - spec.padTop() - spec.padBottom());
            int w = Math.max(sizes[r.nextInt(sizes.length)], 3 - spec.padLeft() - spec.padRight());
            Tensor x = GradCheck.uniform(trial, -1, 1, n, cin, h, w).requiresGrad(true);
            Tensor weight = GradCheck.uniform(100 + trial, -1, 1, cout, cin, 3, 3).requiresGrad(true);
            Tensor bias = r.nextBoolean() ? GradCheck.uniform(200 + trial, -1, 1, cout).requiresGrad(true) : null;
            checkAgainstDefinition(trial, x, weight, bias, spec, 1e-4, true);
        }
    }

    /**
     * F(4x4)'s gradients on one thread (one piece: each group's dx, then its dW, in turn) and on all of the pool's (dx
     * tasks, then pieces of whole groups whose dU are added in order), on a batch of one group and of two groups and
     * three images: against the definition as above.
     */
    @Test
    void winograd4GradientsOnOneThreadAndOnAllMatchTheDefinition() {
        int pool = Parallel.poolSize();
        try {
            for (int threads : new int[] {1, pool}) {
                Parallel.setThreads(threads);
                for (int n : new int[] {Winograd4.group(), 2 * Winograd4.group() + 3}) {
                    Tensor x = GradCheck.uniform(60 + n, -1, 1, n, 40, 9, 10).requiresGrad(true);
                    Tensor weight = GradCheck.uniform(70 + n, -1, 1, 48, 40, 3, 3).requiresGrad(true);
                    Tensor bias = GradCheck.uniform(80 + n, -1, 1, 48).requiresGrad(true);
                    checkAgainstDefinition(100 * threads + n, x, weight, bias, Conv2dSpec.DEFAULT.padding(1), 1e-4, true);
                }
            }
        } finally {
            Parallel.setThreads(pool);
        }
    }

    /**
     * F(4x4)'s y goes out a slab of a group at a time, and on several threads so does dx where dy's rows can be computed
     * alone: 64 channels each way on 17 x 17 planes are five slabs of one tile row for a group (y's slabs for the short
     * last group of five images are two taller ones). Through a ReLU, and through a ReLU and a 2x2 max pool, whose
     * windows leave the plane's last row out, with the pool's winners recorded (training) and without (inference): y
     * and the input's gradient on all of the pool's threads are the floats of one thread, whose dx takes each group
     * whole.
     */
    @Test
    void winograd4SlabTasksGiveOneThreadsFloats() {
        int pool = Parallel.poolSize();
        Tensor x = GradCheck.uniform(31, -1, 1, Winograd4.group() + 5, 64, 17, 17);
        Tensor weight = GradCheck.uniform(32, -1, 1, 64, 64, 3, 3), bias = GradCheck.uniform(33, -1, 1, 64);
        for (ConvEpilogue epilogue : new ConvEpilogue[] {ConvEpilogue.RELU, ConvEpilogue.reluMaxPool(Pool2dSpec.of(2))}) {
            float[][] y = new float[2][], inferred = new float[2][], dx = new float[2][];
            try {
                for (int side = 0; side < 2; side++) {
                    Parallel.setThreads(side == 0 ? 1 : pool);
                    Tensor xs = Tensor.of(x.data().clone(), x.shape()).requiresGrad(true);
                    Tensor out = Convolution.conv2d(xs, weight, bias, Conv2dSpec.DEFAULT.padding(1), epilogue);
                    y[side] = out.data().clone();
                    out.mul(GradCheck.uniform(34, -1, 1, out.shape().dims())).sum().backward();
                    dx[side] = xs.grad().data().clone();
                    try (var ignored = splot.tensor.GradMode.off()) {
                        inferred[side] = Convolution.conv2d(x, weight, bias, Conv2dSpec.DEFAULT.padding(1), epilogue).data().clone();
                    }
                }
            } finally {
                Parallel.setThreads(pool);
            }
            assertArrayEquals(y[0], y[1], epilogue + ": training's y");
            assertArrayEquals(dx[0], dx[1], epilogue + ": dx");
            assertArrayEquals(inferred[0], inferred[1], epilogue + ": inference's y");
            assertArrayEquals(y[0], inferred[0], epilogue + ": training's and inference's y");
        }
    }

    /**
     * The backward pass's tasks go out in one share a thread, each its run of the dx tasks and then its run of the
     * weight gradient's pieces: cifar-vgg's four groups with four pieces on two threads, fashion-cnn's eight and eight,
     * three groups with four pieces (the shares of seven blocks hold three and four), and one thread.
     */
    @Test
    void backwardTasksComeInOneShareAThreadDxFirst() {
        assertArrayEquals(new int[] {0, 1, 4, 5, 2, 3, 6, 7}, Convolution.byShare(4, 4, 2));
        assertArrayEquals(new int[] {0, 1, 2, 3, 8, 9, 10, 11, 4, 5, 6, 7, 12, 13, 14, 15}, Convolution.byShare(8, 8, 2));
        assertArrayEquals(new int[] {0, 3, 4, 1, 2, 5, 6}, Convolution.byShare(3, 4, 2));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, Convolution.byShare(2, 3, 1), "one thread: all in order");
    }

    /**
     * F(4x4)'s dx takes a plane a slab of tile rows at a time: with 64 channels each way on 17 x 17 planes, five slabs of
     * one tile row, the last one row tall, each reading the rows of dy above and below it, or the padding's zeros at the
     * plane's edges; a group of images and one more, so the last group is short. Against the definition as above, for
     * padding 0, 1 and 2 above and different amounts below.
     */
    @Test
    void winograd4InputGradientInSlabsMatchesTheDefinition() {
        int[][] paddings = {{0, 0, 1, 0}, {1, 1, 1, 1}, {2, 3, 0, 2}};
        for (int trial = 0; trial < paddings.length; trial++) {
            int[] pad = paddings[trial];
            Conv2dSpec spec = Conv2dSpec.DEFAULT.padding(pad[0], pad[1], pad[2], pad[3]);
            Tensor x = GradCheck.uniform(20 + trial, -1, 1, Winograd4.group() + 1, 64, 17, 17).requiresGrad(true);
            Tensor weight = GradCheck.uniform(40 + trial, -1, 1, 64, 64, 3, 3).requiresGrad(true);
            checkAgainstDefinition(trial, x, weight, null, spec, 1e-4, true);
        }
    }

    /**
     * A 6 x 6 plane with 128 channels each way: y and dW by Winograd, a Winograd block of images at a time (16), while
     * dx, below Winograd's 7 x 7, is the im2col GEMM, which takes its own smaller blocks (6 images) within each one.
     */
    @Test
    void im2colInputGradientWithinWinogradBlocks() {
        Conv2dSpec spec = Conv2dSpec.DEFAULT.padding(1);
        Tensor x = GradCheck.uniform(1, -1, 1, 20, 128, 6, 6).requiresGrad(true);
        Tensor weight = GradCheck.uniform(2, -1, 1, 128, 128, 3, 3).requiresGrad(true);
        Tensor bias = GradCheck.uniform(3, -1, 1, 128).requiresGrad(true);
        checkAgainstDefinition(0, x, weight, bias, spec, 1e-4, true);
    }

    @Test
    void poolingMatchesTheDefinition() {
        SplittableRandom r = new SplittableRandom(8);
        for (int trial = 0; trial < 40; trial++) {
            int k = 1 + r.nextInt(4);
            Pool2dSpec spec = new Pool2dSpec(k, 1 + r.nextInt(4), 1 + r.nextInt(3), 1 + r.nextInt(3), r.nextInt(k / 2 + 1), 0);
            int h = spec.kernelH() + r.nextInt(5), w = spec.kernelW() + r.nextInt(5);
            Tensor x = GradCheck.uniform(trial, -1, 1, 2, 2, h, w);
            Tensor max = Pooling.maxPool2d(x, spec), avg = Pooling.avgPool2d(x, spec);
            float[] em = new float[max.size()], ea = new float[avg.size()];
            int oh = max.dim(2), ow = max.dim(3);
            for (int p = 0; p < 4; p++)
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++) {
                        float best = Float.NEGATIVE_INFINITY, sum = 0;
                        for (int i = 0; i < spec.kernelH(); i++)
                            for (int j = 0; j < spec.kernelW(); j++) {
                                int iy = oy * spec.strideH() - spec.padH() + i, ix = ox * spec.strideW() - spec.padW() + j;
                                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                                float v = x.data()[(p * h + iy) * w + ix];
                                best = Math.max(best, v);
                                sum += v;
                            }
                        em[(p * oh + oy) * ow + ox] = best;
                        ea[(p * oh + oy) * ow + ox] = sum / (spec.kernelH() * spec.kernelW());
                    }
            assertClose(Tensor.of(em, max.shape()), max, 0, 0, "trial " + trial + " " + spec + " max");
            assertClose(Tensor.of(ea, avg.shape()), avg, 1e-6, 1e-6, "trial " + trial + " " + spec + " avg");
        }
    }

    /** Convolution by its definition: every output, every tap, bounds tested one by one. */
    private static final class Direct {
        final Tensor x, w, b;
        final Conv2dSpec s;
        final int n, cin, h, wd, cout, kh, kw, oh, ow, cinG, coutG;
        Tensor y, gx, gw, gb;

        Direct(Tensor x, Tensor w, Tensor b, Conv2dSpec s) {
            this.x = x;
            this.w = w;
            this.b = b;
            this.s = s;
            n = x.dim(0);
            cin = x.dim(1);
            h = x.dim(2);
            wd = x.dim(3);
            cout = w.dim(0);
            kh = w.dim(2);
            kw = w.dim(3);
            oh = s.outHeight(h, kh);
            ow = s.outWidth(wd, kw);
            cinG = cin / s.groups();
            coutG = cout / s.groups();
        }

        void run(float[] g) {
            float[] yd = new float[n * cout * oh * ow], gxd = new float[x.size()], gwd = new float[w.size()], gbd = new float[cout];
            for (int i = 0; i < n; i++)
                for (int o = 0; o < cout; o++) {
                    int group = o / coutG;
                    for (int oy = 0; oy < oh; oy++)
                        for (int ox = 0; ox < ow; ox++) {
                            int yi = ((i * cout + o) * oh + oy) * ow + ox;
                            double acc = b == null ? 0 : b.data()[o];
                            gbd[o] += g[yi];
                            for (int c = 0; c < cinG; c++)
                                for (int p = 0; p < kh; p++)
                                    for (int q = 0; q < kw; q++) {
                                        int iy = oy * s.strideH() - s.padTop() + p * s.dilationH();
                                        int ix = ox * s.strideW() - s.padLeft() + q * s.dilationW();
                                        if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                                        int xi = ((i * cin + group * cinG + c) * h + iy) * wd + ix;
                                        int wi = ((o * cinG + c) * kh + p) * kw + q;
                                        acc += (double) x.data()[xi] * w.data()[wi];
                                        gxd[xi] += g[yi] * w.data()[wi];
                                        gwd[wi] += g[yi] * x.data()[xi];
                                    }
                            yd[yi] = (float) acc;
                        }
                }
            y = Tensor.of(yd, Shape.of(n, cout, oh, ow));
            gx = Tensor.of(gxd, x.shape());
            gw = Tensor.of(gwd, w.shape());
            gb = Tensor.of(gbd, Shape.of(cout));
        }
    }
}

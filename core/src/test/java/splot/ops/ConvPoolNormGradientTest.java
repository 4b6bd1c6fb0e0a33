package splot.ops;

import static splot.testing.GradCheck.check;
import static splot.testing.GradCheck.uniform;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import splot.tensor.Tensor;

/** Finite-difference gradient checks for convolution, pooling, padding and batch-norm ops. */
class ConvPoolNormGradientTest {

    @Test
    void conv2dPlain() {
        Tensor x = uniform(1, -1, 1, 2, 3, 6, 5), w = uniform(2, -1, 1, 4, 3, 3, 3), b = uniform(3, -1, 1, 4);
        check(in -> Convolution.conv2d(in.get(0), in.get(1), in.get(2)), x, w, b);
    }

    @Test
    void conv2dStride2Padding1() {
        Tensor x = uniform(4, -1, 1, 2, 2, 7, 6), w = uniform(5, -1, 1, 3, 2, 3, 3), b = uniform(6, -1, 1, 3);
        Conv2dSpec spec = Conv2dSpec.DEFAULT.stride(2).padding(1);
        check(in -> Convolution.conv2d(in.get(0), in.get(1), in.get(2), spec), x, w, b);
    }

    @Test
    void conv2dDilation2WithoutBias() {
        Tensor x = uniform(7, -1, 1, 1, 2, 8, 7), w = uniform(8, -1, 1, 2, 2, 3, 2);
        Conv2dSpec spec = Conv2dSpec.DEFAULT.dilation(2).padding(1, 2);
        check(in -> Convolution.conv2d(in.get(0), in.get(1), null, spec), x, w);
    }

    @Test
    void conv2dGroups2() {
        Tensor x = uniform(9, -1, 1, 2, 4, 5, 5), w = uniform(10, -1, 1, 6, 2, 2, 3), b = uniform(11, -1, 1, 6);
        Conv2dSpec spec = Conv2dSpec.DEFAULT.groups(2).stride(1, 2);
        check(in -> Convolution.conv2d(in.get(0), in.get(1), in.get(2), spec), x, w, b);
    }

    @Test
    void conv2dAsymmetricSamePadding() {
        // TensorFlow 'same' for 3x3, stride 2 on 6x7: rows pad (0, 1), columns pad (1, 1).
        Tensor x = uniform(12, -1, 1, 2, 2, 6, 7), w = uniform(13, -1, 1, 2, 2, 3, 3), b = uniform(14, -1, 1, 2);
        Conv2dSpec spec = Conv2dSpec.DEFAULT.stride(2).padding(0, 1, 1, 1);
        check(in -> Convolution.conv2d(in.get(0), in.get(1), in.get(2), spec), x, w, b);
    }

    @Test
    void conv2dPointwise() {
        Tensor x = uniform(15, -1, 1, 2, 4, 3, 3), w = uniform(16, -1, 1, 6, 2, 1, 1), b = uniform(17, -1, 1, 6);
        check(in -> Convolution.conv2d(in.get(0), in.get(1), in.get(2), Conv2dSpec.DEFAULT.groups(2)), x, w, b);
    }

    @Test
    void conv1d() {
        Tensor x = uniform(18, -1, 1, 2, 3, 11), w = uniform(19, -1, 1, 4, 3, 3), b = uniform(20, -1, 1, 4);
        check(in -> Convolution.conv1d(in.get(0), in.get(1), in.get(2)), x, w, b);
        Tensor xg = uniform(21, -1, 1, 2, 4, 13), wg = uniform(22, -1, 1, 4, 2, 3);
        Conv1dSpec spec = Conv1dSpec.DEFAULT.stride(2).padding(2, 1).dilation(2).groups(2);
        check(in -> Convolution.conv1d(in.get(0), in.get(1), null, spec), xg, wg);
        // One channel, fewer maps than taps: from the padded plane (PlaneConv), a row of one.
        Tensor x1 = uniform(23, -1, 1, 2, 1, 19), w1 = uniform(24, -1, 1, 3, 1, 5), b1 = uniform(25, -1, 1, 3);
        check(in -> Convolution.conv1d(in.get(0), in.get(1), in.get(2), Conv1dSpec.DEFAULT.padding(2, 1)), x1, w1, b1);
    }

    @Test
    void maxPool2d() {
        check(in -> Pooling.maxPool2d(in.get(0), Pool2dSpec.of(2)), distinct(30, 2, 2, 6, 5));
        check(in -> Pooling.maxPool2d(in.get(0), Pool2dSpec.of(3, 2, 1)), distinct(31, 2, 2, 7, 6));
    }

    @Test
    void avgPool2d() {
        check(in -> Pooling.avgPool2d(in.get(0), Pool2dSpec.of(2)), uniform(32, -1, 1, 2, 2, 6, 5));
        check(in -> Pooling.avgPool2d(in.get(0), Pool2dSpec.of(3, 2, 1)), uniform(33, -1, 1, 2, 2, 7, 6));
    }

    @Test
    void pool1d() {
        check(in -> Pooling.maxPool1d(in.get(0), 2, 2, 0), distinct(34, 2, 3, 9));
        check(in -> Pooling.maxPool1d(in.get(0), 3, 2, 1), distinct(35, 2, 3, 10));
        check(in -> Pooling.avgPool1d(in.get(0), 3, 2, 1), uniform(36, -1, 1, 2, 3, 10));
    }

    @Test
    void globalAvgPoolAndZeroPad() {
        check(in -> Pooling.globalAvgPool2d(in.get(0)), uniform(37, -1, 1, 2, 3, 4, 5));
        check(in -> Pad.zeroPad2d(in.get(0), 1, 2, 0, 3), uniform(38, -1, 1, 2, 2, 3, 4));
    }

    @Test
    void batchNormTraining() {
        Tensor x = uniform(40, -2, 3, 4, 3, 3, 2), gamma = uniform(41, 0.5f, 1.5f, 3), beta = uniform(42, -1, 1, 3);
        Tensor rm = Tensor.zeros(3), rv = Tensor.ones(3);
        check(in -> Normalization.batchNorm(in.get(0), in.get(1), in.get(2), rm, rv, true, 0.1, 1e-5), x, gamma, beta);
        Tensor flat = uniform(43, -2, 3, 5, 4), g4 = uniform(44, 0.5f, 1.5f, 4), b4 = uniform(45, -1, 1, 4);
        check(in -> Normalization.batchNorm(in.get(0), in.get(1), in.get(2), null, null, true, 0.1, 1e-5), flat, g4, b4);
    }

    @Test
    void batchNormEvaluation() {
        Tensor x = uniform(46, -2, 3, 3, 3, 4), gamma = uniform(47, 0.5f, 1.5f, 3), beta = uniform(48, -1, 1, 3);
        Tensor rm = uniform(49, -1, 1, 3), rv = uniform(50, 0.5f, 2, 3);
        check(in -> Normalization.batchNorm(in.get(0), in.get(1), in.get(2), rm, rv, false, 0.1, 1e-5), x, gamma, beta);
    }

    /** Shuffled multiples of 0.05: no two inputs within 2 * eps, so a nudge never changes which one is the max. */
    static Tensor distinct(long seed, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < d.length; i++) d[i] = i * 0.05f - d.length * 0.025f;
        for (int i = d.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            float s = d[i];
            d[i] = d[j];
            d[j] = s;
        }
        return t;
    }
}

package splot.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import splot.io.ModelFile;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/** Shapes, parameter counts, errors and the worked examples of the spec for the convolution, pooling and batch-norm layers. */
class ConvLayersTest {

    @Test
    void leNetFirstLayerMaps32x32To28x28() {
        // SPEC 2: input [1,1,32,32], 6 channels, kernel 5, stride 1, padding 0 -> [1,6,28,28]
        Conv2d conv = new Conv2d(6, 5);
        assertEquals(Shape.of(1, 6, 28, 28), conv.call(Tensor.rand(1, 1, 32, 32)).shape());
        assertEquals(Shape.of(6, 1, 5, 5), conv.weight().shape());
    }

    @Test
    void parameterCountIsKernelTimesInputsPlusOneTimesOutputs() {
        Conv2d single = new Conv2d(1, 5);
        single.buildFor(Shape.of(1, 28, 28));
        assertEquals(26, single.countParams()); // SPEC 2: a 5x5 single-channel filter has 26 parameters
        Conv2d rgb = new Conv2d(64, 3);
        rgb.buildFor(Shape.of(3, 32, 32));
        assertEquals((3 * 3 * 3 + 1) * 64, rgb.countParams());
        Conv2d grouped = new Conv2d(8, 3).groups(2).bias(false);
        grouped.buildFor(Shape.of(4, 10, 10));
        assertEquals(3 * 3 * 2 * 8, grouped.countParams());
        Conv1d conv1d = new Conv1d(5, 7);
        conv1d.buildFor(Shape.of(2, 100));
        assertEquals((7 * 2 + 1) * 5, conv1d.countParams());
    }

    @Test
    void convolutionIsCorrelationWithATemplate() {
        // SPEC 1: ones on a diagonal pair; the filter with the same pattern scores 2, the mirrored one at most 1.
        Tensor image = Tensor.zeros(1, 1, 4, 4);
        image.set(1f, 0, 0, 1, 1);
        image.set(1f, 0, 0, 2, 2);
        Tensor diagonal = Tensor.of(new float[] {1, 0, 0, 1}, 1, 1, 2, 2);
        Tensor mirrored = Tensor.of(new float[] {0, 1, 1, 0}, 1, 1, 2, 2);
        Tensor same = splot.ops.Convolution.conv2d(image, diagonal, null);
        assertEquals(Shape.of(1, 1, 3, 3), same.shape());
        assertArrayEquals(new float[] {1, 0, 0, 0, 2, 0, 0, 0, 1}, same.toArray());
        assertEquals(2f, same.max().item());
        assertEquals(1f, splot.ops.Convolution.conv2d(image, mirrored, null).max().item());
    }

    @Test
    void shiftingTheInputShiftsTheOutputAndKeepsTheGlobalMax() {
        Tensor image = Tensor.zeros(1, 1, 6, 6), shifted = Tensor.zeros(1, 1, 6, 6);
        float[][] blob = {{1, 2}, {3, 4}};
        for (int r = 0; r < 2; r++)
            for (int c = 0; c < 2; c++) {
                image.set(blob[r][c], 0, 0, 1 + r, 1 + c);
                shifted.set(blob[r][c], 0, 0, 2 + r, 3 + c);
            }
        Conv2d conv = new Conv2d(1, 3).bias(false);
        Tensor a = conv.call(image), b = conv.call(shifted);
        for (int r = 0; r + 1 < 4; r++)
            for (int c = 0; c + 2 < 4; c++) assertEquals(a.get(0, 0, r, c), b.get(0, 0, r + 1, c + 2), 1e-6f);
        assertEquals(a.max().item(), b.max().item(), 1e-6f);
    }

    @Test
    void maxPoolGradientIsOneForTheMaxInputAndZeroForTheOthers() {
        // SPEC 2: each 2x2 window's largest value gets the whole gradient.
        Tensor x = Tensor.of(new float[] {
                1, 5, 2, 0,
                3, 4, 8, 7,
                9, 0, 1, 1,
                2, 6, 1, 3}, 1, 1, 4, 4).requiresGrad(true);
        Tensor y = new MaxPool2d(2).call(x);
        assertArrayEquals(new float[] {5, 8, 9, 3}, y.toArray());
        y.sum().backward();
        assertArrayEquals(new float[] {
                0, 1, 0, 0,
                0, 0, 1, 0,
                1, 0, 0, 0,
                0, 0, 0, 1}, x.grad().toArray());
        // Ties: the first maximum in the window takes it.
        Tensor tie = Tensor.of(new float[] {2, 2, 2, 2}, 1, 1, 2, 2).requiresGrad(true);
        new MaxPool2d(2).call(tie).sum().backward();
        assertArrayEquals(new float[] {1, 0, 0, 0}, tie.grad().toArray());
    }

    @Test
    void samePaddingKeepsSizeAtStride1AndGivesCeilAtStride2() {
        assertEquals(Shape.of(8, 32, 32), build(new Conv2d(8, 3, Padding.SAME), 3, 32, 32));
        assertEquals(Shape.of(8, 9, 10), build(new Conv2d(8, 4, Padding.SAME), 3, 9, 10));
        assertEquals(Shape.of(2, 4, 5), build(new Conv2d(2, 3, Padding.SAME).stride(2), 1, 7, 10));
        assertEquals(Shape.of(2, 3, 3), build(new Conv2d(2, 5, Padding.SAME).stride(3).dilation(2), 1, 9, 9));
        // TensorFlow's split: the odd row or column of padding goes to the bottom / right.
        assertArrayEquals(new int[] {1, 2}, Padding.SAME.along(0, 6, 4, 1, 1));
        assertArrayEquals(new int[] {0, 1}, Padding.SAME.along(1, 10, 3, 2, 1));
        assertArrayEquals(new int[] {0, 0}, Padding.SAME.along(1, 10, 1, 2, 1));
        Conv1d conv1d = new Conv1d(3, 5, Padding.SAME);
        assertEquals(Shape.of(3, 17), build1d(conv1d, 2, 17));
    }

    @Test
    void outputSizeFormulaWithStridePaddingAndDilation() {
        // floor((H + 2p - d(k - 1) - 1) / s) + 1
        assertEquals(Shape.of(4, 16, 16), build(new Conv2d(4, 3).stride(2).padding(Padding.of(1)), 3, 32, 32));
        assertEquals(Shape.of(4, 11, 9), build(new Conv2d(4, 3, Padding.of(1, 0)).dilation(2), 3, 13, 13));
        assertEquals(Shape.of(4, 5, 3), build(new Conv2d(4, 2, 3).stride(2, 3), 3, 10, 11));
        assertEquals(Shape.of(3, 6), build1d(new Conv1d(3, 3).stride(2).padding(Padding.of(1)), 1, 12));
        assertEquals(Shape.of(3, 16, 16), build(new MaxPool2d(2), 3, 32, 32));
        assertEquals(Shape.of(3, 16, 16), build(new MaxPool2d(3, 2).padding(1), 3, 32, 32));
        assertEquals(Shape.of(3, 15, 15), build(new AvgPool2d(3, 2), 3, 32, 32));
        assertEquals(Shape.of(3, 8), build1d(new MaxPool1d(2), 3, 17));
        assertEquals(Shape.of(5), new GlobalAvgPool2d().buildFor(Shape.of(5, 7, 7)));
        assertEquals(Shape.of(2, 8, 11), build(new ZeroPad2d(1, 2, 3, 4), 2, 5, 4));
    }

    @Test
    void builtConvolutionTakesOtherImageSizes() {
        Conv2d conv = new Conv2d(4, 3, Padding.SAME).stride(2);
        conv.buildFor(Shape.of(3, 32, 32));
        assertEquals(Shape.of(2, 4, 10, 12), conv.call(Tensor.rand(2, 3, 20, 23)).shape());
        MaxPool2d pool = new MaxPool2d(2);
        pool.buildFor(Shape.of(4, 16, 16));
        assertEquals(Shape.of(1, 4, 5, 6), pool.call(Tensor.rand(1, 4, 10, 13)).shape());
    }

    @Test
    void wrongChannelCountNamesTheLayerAndBothShapes() {
        Conv2d conv = new Conv2d(6, 5);
        conv.named("conv_gray");
        conv.buildFor(Shape.of(1, 28, 28));
        var e = assertThrows(IllegalArgumentException.class, () -> conv.call(Tensor.rand(2, 3, 28, 28)));
        assertTrue(e.getMessage().contains("conv_gray"), e.getMessage());
        assertTrue(e.getMessage().contains("[2, 3, 28, 28]"), e.getMessage());
        assertTrue(e.getMessage().contains("[2, 1, 28, 28]"), e.getMessage());
    }

    @Test
    void otherShapeErrorsNameTheLayer() {
        Conv2d big = new Conv2d(2, 5);
        big.buildFor(Shape.of(1, 8, 8));
        var tooSmall = assertThrows(IllegalArgumentException.class, () -> big.call(Tensor.rand(1, 1, 4, 4)));
        assertTrue(tooSmall.getMessage().contains("conv2d") && tooSmall.getMessage().contains("[1, 4, 4]"), tooSmall.getMessage());
        var flat = assertThrows(IllegalArgumentException.class, () -> new Conv2d(2, 3).buildFor(Shape.of(784)));
        assertTrue(flat.getMessage().contains("conv2d") && flat.getMessage().contains("[784]"), flat.getMessage());
        var groups = assertThrows(IllegalArgumentException.class, () -> new Conv2d(4, 3).groups(2).buildFor(Shape.of(3, 8, 8)));
        assertTrue(groups.getMessage().contains("groups=2"), groups.getMessage());
        var pool = assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(3).buildFor(Shape.of(2, 2, 2)));
        assertTrue(pool.getMessage().contains("max_pool2d"), pool.getMessage());
        var norm = assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d().buildFor(Shape.of(10)));
        assertTrue(norm.getMessage().contains("batch_norm2d"), norm.getMessage());
        Conv2d built = new Conv2d(2, 3);
        built.buildFor(Shape.of(1, 8, 8));
        assertThrows(IllegalStateException.class, () -> built.stride(2));
    }

    @Test
    void batchNormHasFourParametersPerChannelHalfOfThemNonTrainable() {
        BatchNorm2d bn = new BatchNorm2d();
        bn.buildFor(Shape.of(32, 16, 16));
        assertEquals(128, bn.countParams());
        assertEquals(64, bn.weights().stream().filter(p -> !p.trainable()).mapToInt(Parameter::size).sum());
        assertEquals(List.of("weight", "bias", "running_mean", "running_var"), bn.weights().stream().map(Parameter::name).toList());
        assertEquals(2, bn.parameters().size());
    }

    @Test
    void batchNormNormalisesInTrainingAndUsesRunningStatisticsInEvaluation() {
        BatchNorm2d bn = new BatchNorm2d(0.5, 1e-5);
        Tensor x = Tensor.randn(8, 2, 3, 3).mul(3f).add(5f);
        Tensor y = bn.call(x);
        for (int c = 0; c < 2; c++) {
            double s = 0, sq = 0;
            for (int n = 0; n < 8; n++)
                for (int i = 0; i < 9; i++) {
                    float v = y.data()[(n * 2 + c) * 9 + i];
                    s += v;
                    sq += v * v;
                }
            assertEquals(0, s / 72, 1e-5);
            assertEquals(1, sq / 72, 1e-3);
        }
        // One step with momentum 0.5 from (0, 1): the running mean is half the batch mean.
        assertTrue(bn.runningMean().data()[0] > 2 && bn.runningMean().data()[0] < 3, bn.runningMean().toString());
        bn.eval();
        assertFalse(bn.isTraining());
        Tensor probe = Tensor.full(Shape.of(1, 2, 1, 1), 4f);
        Tensor out = bn.call(probe);
        for (int c = 0; c < 2; c++) {
            double expected = (4 - bn.runningMean().data()[c]) / Math.sqrt(bn.runningVar().data()[c] + 1e-5);
            assertEquals(expected, out.data()[c], 1e-5);
        }
    }

    @Test
    void cifarVggParameterCountsMatchTheSpec() {
        // SPEC 4: 3 blocks [Conv-BN-Conv-BN-MaxPool-Dropout] of 32/64/128 filters, Dense512-BN-Dropout-Dense10.
        Sequential model = Sequential.of(Shape.of(3, 32, 32),
                new Conv2d(32, 3, Padding.SAME), new ReLU(), new BatchNorm2d(), new Conv2d(32, 3, Padding.SAME), new ReLU(), new BatchNorm2d(),
                new MaxPool2d(2), new Dropout(0.2),
                new Conv2d(64, 3, Padding.SAME), new ReLU(), new BatchNorm2d(), new Conv2d(64, 3, Padding.SAME), new ReLU(), new BatchNorm2d(),
                new MaxPool2d(2), new Dropout(0.3),
                new Conv2d(128, 3, Padding.SAME), new ReLU(), new BatchNorm2d(), new Conv2d(128, 3, Padding.SAME), new ReLU(), new BatchNorm2d(),
                new MaxPool2d(2), new Dropout(0.4),
                new Flatten(), new Linear(512), new ReLU(), new BatchNorm1d(), new Dropout(0.5), new Linear(10));
        String summary = model.summary();
        assertTrue(summary.contains("Total params: 1,345,066"), summary);
        assertTrue(summary.contains("Trainable params: 1,343,146"), summary);
        assertTrue(summary.contains("Non-trainable params: 1,920"), summary);
    }

    @Test
    void savedModelWithConvolutionsLoadsWithTheSameOutputs(@TempDir Path dir) throws IOException {
        Sequential model = Sequential.of(Shape.of(3, 12, 12),
                new ZeroPad2d(1, 0, 2, 1), new Conv2d(4, 3, 2).stride(2, 1).padding(Padding.of(1, 0)).dilation(2).bias(false), new BatchNorm2d(0.2, 1e-4),
                new MaxPool2d(3, 2).padding(1), new AvgPool2d(2, 1), new Conv2d(6, 1, Padding.SAME).groups(2), new GlobalAvgPool2d(), new Linear(3));
        model.call(Tensor.randn(4, 3, 12, 12)); // moves the running statistics away from their initial values
        Path file = dir.resolve("cnn.splot");
        ModelFile.save(model, file);
        Model loaded = ModelFile.load(file);
        assertEquals(model.summary(), loaded.summary());
        Tensor x = Tensor.randn(2, 3, 12, 12);
        assertArrayEquals(model.predict(x).data(), loaded.predict(x).data());
        Sequential signal = Sequential.of(Shape.of(2, 20), new Conv1d(4, 3, Padding.SAME).stride(2), new BatchNorm1d(),
                new MaxPool1d(2), new AvgPool1d(3, 1).padding(1), new Flatten());
        ModelFile.save(signal, dir.resolve("signal.splot"));
        Model signalBack = ModelFile.load(dir.resolve("signal.splot"));
        Tensor s = Tensor.randn(2, 2, 20);
        assertArrayEquals(signal.predict(s).data(), signalBack.predict(s).data());
    }

    @Test
    void paddingPrintsAndParsesBack() {
        for (Padding p : List.of(Padding.VALID, Padding.SAME, Padding.of(2), Padding.of(1, 3))) assertEquals(p, Padding.parse(p.toString()));
        assertThrows(IllegalArgumentException.class, () -> Padding.parse("full"));
    }

    private static Shape build(Layer layer, int c, int h, int w) {
        return layer.buildFor(Shape.of(c, h, w));
    }

    private static Shape build1d(Layer layer, int c, int length) {
        return layer.buildFor(Shape.of(c, length));
    }
}

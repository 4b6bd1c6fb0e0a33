package splot.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import splot.tensor.Rng;
import splot.tensor.Shape;
import splot.tensor.Tensor;

class SequentialTest {
    @Test
    void infersInputWidthsAndCountsParams() {
        Sequential m = Sequential.of(Shape.of(1, 28, 28), new Flatten(), new Linear(128), new ReLU(), new Linear(10));
        assertEquals(Shape.of(10), m.outputShape());
        assertEquals(101_770, m.countParams());
        assertEquals(List.of("flatten", "linear", "relu", "linear_1"), m.layers().stream().map(Layer::name).toList());
    }

    @Test
    void summaryEndsWithKerasTotals() {
        Sequential m = Sequential.of(Shape.of(784), new Linear(512), new Dropout(0.2), new Linear(10));
        String[] lines = m.summary().split("\n");
        assertEquals("Total params: 407,050", lines[lines.length - 3]);
        assertEquals("Trainable params: 407,050", lines[lines.length - 2]);
        assertEquals("Non-trainable params: 0", lines[lines.length - 1]);
        assertTrue(m.summary().contains("(None, 512)"), m.summary());
    }

    @Test
    void wrongWidthNamesLayerAndBothShapes() {
        Sequential m = Sequential.of(Shape.of(4), new Linear(3).named("dense_in"), new Linear(2));
        var e = assertThrows(IllegalArgumentException.class, () -> m.call(Tensor.zeros(5, 6)));
        assertTrue(e.getMessage().contains("dense_in") && e.getMessage().contains("[5, 4]") && e.getMessage().contains("[5, 6]"),
                e.getMessage());
    }

    @Test
    void sameSeedSameWeights() {
        Rng.seed(7);
        float[] first = Sequential.of(Shape.of(3), new Linear(4)).parameters().get(0).toArray();
        Rng.seed(7);
        float[] second = Sequential.of(Shape.of(3), new Linear(4)).parameters().get(0).toArray();
        Rng.seed(8);
        float[] third = Sequential.of(Shape.of(3), new Linear(4)).parameters().get(0).toArray();
        assertEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(second));
        assertNotEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(third));
    }

    @Test
    void dropoutDropsOnlyInTraining() {
        Sequential m = Sequential.of(Shape.of(1000), new Dropout(0.5));
        Tensor x = Tensor.ones(1, 1000);
        float[] train = m.call(x).toArray();
        long zeros = java.util.stream.IntStream.range(0, 1000).filter(i -> train[i] == 0).count();
        assertTrue(zeros > 400 && zeros < 600, "dropped " + zeros);
        for (float v : train) assertTrue(v == 0 || v == 2f);
        m.eval();
        assertEquals(1000f, m.call(x).sum().item(), 1e-3f);
    }

    @Test
    void graphModelSharesAWeightUsedTwice() {
        Node in = Input.of(3);
        Linear shared = new Linear(3, false);
        Node twice = shared.on(shared.on(in));
        GraphModel g = GraphModel.of(in, new Add().on(twice, in));
        assertEquals(1, g.layers().stream().filter(l -> l == shared).count());
        Tensor x = Tensor.of(new float[] {1, 2, 3}, 1, 3);
        g.call(x).sum().backward();
        assertEquals(9, shared.weight().grad().size());
        assertTrue(g.summary().contains("Connected to"), g.summary());
    }

    @Test
    void convFollowedByReluAndMaxPoolRunsAsOneOp() {
        Tensor x = Tensor.zeros(2, 1, 8, 8);
        assertEquals("conv2d_relu_max_pool2d", Sequential.of(Shape.of(1, 8, 8), new Conv2d(2, 3), new ReLU(), new MaxPool2d(2)).call(x).op());
        assertEquals("conv2d_relu", Sequential.of(Shape.of(1, 8, 8), new Conv2d(2, 3), new ReLU()).call(x).op());
        assertEquals("avg_pool2d", Sequential.of(Shape.of(1, 8, 8), new Conv2d(2, 3), new ReLU(), new AvgPool2d(2)).call(x).op());
    }

    @Test
    void linearFollowedByReluRunsAsOneOpWithTheSameValuesAndGradients() {
        Rng.seed(9);
        Tensor x = Tensor.zeros(2, 6);
        assertEquals("linear_relu", Sequential.of(Shape.of(6), new Linear(4), new ReLU()).call(x).op());
        assertEquals("tanh", Sequential.of(Shape.of(6), new Linear(4), new Tanh()).call(x).op());
        // Two fused pairs, the first's output the second's input; x takes a gradient too.
        Sequential m = Sequential.of(Shape.of(6), new Linear(5), new ReLU(), new Linear(4), new ReLU(), new Linear(3));
        assertFusedEqualsLayerByLayer(m, splot.testing.GradCheck.uniform(4, -1, 1, 3, 6).requiresGrad(true), 0);
    }

    @Test
    void convReluPoolRunsAsOneOpWithTheSameValuesAndGradients() {
        Rng.seed(5);
        Sequential m = Sequential.of(Shape.of(2, 12, 12),
                new Conv2d(4, 3), new ReLU(), new MaxPool2d(2), new Conv2d(3, 3, Padding.SAME), new ReLU(),
                new Flatten(), new Linear(5));
        assertFusedEqualsLayerByLayer(m, splot.testing.GradCheck.uniform(3, -1, 1, 3, 2, 12, 12), 0);
    }

    /**
     * Runs m (fused where it can), then its layers one by one on the same x: the same floats out and the same input
     * gradient when x takes one (or within {@code tolerance} when it is not 0: a fused tanh may move a value by an
     * ulp), and parameter gradients within 1e-5.
     */
    private static void assertFusedEqualsLayerByLayer(Sequential m, Tensor x, double tolerance) {
        Tensor fused = m.call(x);
        fused.backward(Tensor.full(fused.shape(), 1f));
        Tensor fusedGx = x.requiresGrad() ? Tensor.of(x.grad().data().clone(), x.shape().dims()) : null;
        List<float[]> fusedGrads = m.parameters().stream().map(p -> p.grad().data().clone()).toList();
        m.zeroGrad();
        if (x.requiresGrad()) x.zeroGrad();

        Tensor layered = x;
        for (Layer l : m.layers()) layered = l.call(layered);
        layered.backward(Tensor.full(layered.shape(), 1f));
        if (tolerance == 0) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(layered.data(), fused.data(), "the same column matrices, so the same floats");
            if (fusedGx != null) org.junit.jupiter.api.Assertions.assertArrayEquals(x.grad().data(), fusedGx.data(), "gradient of the input");
        } else {
            splot.testing.Reference.assertClose(layered, fused, tolerance, tolerance, "output");
            if (fusedGx != null) splot.testing.Reference.assertClose(x.grad(), fusedGx, tolerance, tolerance, "gradient of the input");
        }
        for (int i = 0; i < fusedGrads.size(); i++) {
            splot.testing.Reference.assertClose(m.parameters().get(i).grad(), Tensor.of(fusedGrads.get(i), m.parameters().get(i).shape().dims()),
                    1e-5, 1e-6, "gradient of parameter " + i);
        }
    }

    @Test
    void convTanhAveragePoolRunsAsOneOpWithTheLayeredValuesAndGradients() {
        Rng.seed(7);
        Sequential block = Sequential.of(Shape.of(2, 12, 12), new Conv2d(3, 5), new Tanh(), new AvgPool2d(2));
        assertEquals("conv2d_tanh_avg_pool2d", block.call(splot.testing.GradCheck.uniform(5, -1, 1, 2, 2, 12, 12)).op());
        Sequential lenet = Sequential.of(Shape.of(1, 16, 16),
                new ZeroPad2d(2), new Conv2d(6, 5), new Tanh(), new AvgPool2d(2), new Conv2d(16, 5), new Tanh(), new AvgPool2d(2),
                new Flatten(), new Linear(12), new Tanh(), new Linear(3));
        assertFusedEqualsLayerByLayer(lenet, splot.testing.GradCheck.uniform(6, -1, 1, 5, 1, 16, 16).requiresGrad(true), 1e-6);
    }

    @Test
    void zeroPaddingJoinsTheFollowingConvolutionWithTheSameValuesAndGradients() {
        Rng.seed(6);
        Sequential m = Sequential.of(Shape.of(2, 9, 11),
                new ZeroPad2d(2, 1, 0, 3), new Conv2d(3, 5), new Tanh(), new AvgPool2d(2),
                new ZeroPad2d(1), new Conv2d(4, 3, Padding.SAME), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(3));
        assertFusedEqualsLayerByLayer(m, splot.testing.GradCheck.uniform(4, -1, 1, 3, 2, 9, 11).requiresGrad(true), 1e-6);
    }

    @Test
    void convReluBatchNormPoolRunsAsOneOpInInferenceWithTheLayeredValues() {
        Rng.seed(8);
        Sequential m = Sequential.of(Shape.of(3, 10, 10),
                new Conv2d(4, 3, Padding.SAME), new ReLU(), new BatchNorm2d(), new Conv2d(5, 3, Padding.SAME), new ReLU(),
                new BatchNorm2d(), new MaxPool2d(2), new Flatten(), new Linear(3));
        // A few training batches so that the running statistics are not the initial zeros and ones.
        for (int i = 0; i < 3; i++) m.call(splot.testing.GradCheck.uniform(20 + i, -1, 2, 6, 3, 10, 10));
        m.eval();
        Tensor x = splot.testing.GradCheck.uniform(30, -1, 2, 4, 3, 10, 10);
        try (var ignored = splot.tensor.GradMode.off()) {
            Tensor fused = m.call(x);
            Tensor layered = x;
            for (Layer l : m.layers()) layered = l.call(layered);
            splot.testing.Reference.assertClose(layered, fused, 1e-5, 1e-5, "fused against layer by layer");
        }
        // With a tape the batch norm runs on its own (the affine map has no backward).
        Sequential block = Sequential.of(Shape.of(3, 10, 10), new Conv2d(4, 3), new ReLU(), new BatchNorm2d(), new MaxPool2d(2));
        block.eval();
        assertEquals("max_pool2d", block.call(x).op());
    }
}

package splot.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import splot.models.Zoo;
import splot.tensor.Arena;
import splot.tensor.GradMode;
import splot.tensor.Rng;
import splot.tensor.Shape;
import splot.tensor.Tensor;
import splot.testing.GradCheck;

/** A run of dense layers on slices of the batch's rows: the values and gradients of the layers one by one. */
class RowSlicesTest {
    /** Flatten, dense layers and activations on items of (2, 3, 5): every kind of layer a run may hold. */
    private static Layer[] head() {
        return head(new ReLU());
    }

    private static Layer[] head(Layer middle) {
        Rng.seed(11);
        Sequential model = Sequential.of(Shape.of(2, 3, 5), new Flatten(), new Linear(17), new Tanh(), new Linear(9),
                middle, new Linear(6), new Sigmoid(), new Linear(4));
        return model.layers().toArray(new Layer[0]);
    }

    private static List<Tensor> params(Layer[] layers) {
        List<Tensor> all = new ArrayList<>();
        for (Layer l : layers) all.addAll(l.parameters());
        return all;
    }

    /** The output and every gradient (x's, then the parameters') of sum(y * weights), the layers one by one or in slices. */
    private static List<float[]> pass(Layer[] layers, RowSlices slices, int count, Tensor x, Tensor weights) {
        for (Tensor p : params(layers)) p.zeroGrad();
        x.zeroGrad();
        Tensor y = slices == null ? Sequential.run(layers, 0, layers.length, x) : slices.call(x, count);
        y.mul(weights).sum().backward();
        List<float[]> out = new ArrayList<>();
        out.add(y.toArray());
        if (x.requiresGrad()) out.add(x.grad().toArray());
        for (Tensor p : params(layers)) out.add(p.hasGrad() ? p.grad().toArray() : null);
        return out;
    }

    private static void assertClose(List<float[]> expected, List<float[]> actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        for (int i = 0; i < expected.size(); i++) {
            float[] e = expected.get(i), a = actual.get(i);
            if (e == null) {
                assertNull(a, what + ": array " + i + " has a gradient the layers one by one did not give");
                continue;
            }
            assertNotNull(a, what + ": array " + i + " has no gradient");
            assertEquals(e.length, a.length, what);
            for (int k = 0; k < e.length; k++) {
                // The slices' weight gradients are summed in another order: a few ulps of the largest terms.
                assertEquals(e[k], a[k], 1e-5 * Math.max(1, Math.abs(e[k])), what + ": array " + i + " element " + k);
            }
        }
    }

    @Test
    void slicesGiveTheLayersOneByOneValuesAndGradients() {
        Layer[] layers = head();
        RowSlices slices = new RowSlices(layers);
        // 37 rows in 3 slices of 12, 12 and 13; then 2 of 18 and 19 (new slices for another count), in arena steps.
        Tensor x = GradCheck.uniform(1, -1, 1, 37, 2, 3, 5).requiresGrad(true);
        Tensor weights = GradCheck.uniform(2, -1, 1, 37, 4);
        List<float[]> expected = pass(layers, null, 0, x, weights);
        Arena arena = new Arena();
        for (int count : new int[] {3, 3, 2, 2, 1}) {
            try (var step = arena.step()) {
                assertClose(expected, pass(layers, slices, count, x, weights), count + " slices");
            }
        }
    }

    @Test
    void twoCallsBeforeOneBackwardPassKeepTheirOwnSlices() {
        Layer[] layers = head();
        RowSlices slices = new RowSlices(layers);
        Tensor a = GradCheck.uniform(3, -1, 1, 20, 2, 3, 5).requiresGrad(true), b = GradCheck.uniform(4, -1, 1, 20, 2, 3, 5).requiresGrad(true);
        Tensor wa = GradCheck.uniform(5, -1, 1, 20, 4), wb = GradCheck.uniform(6, -1, 1, 20, 4);
        List<Tensor> ps = params(layers);
        // The layers one by one on both batches, one loss.
        ps.forEach(Tensor::zeroGrad);
        Sequential.run(layers, 0, layers.length, a).mul(wa).sum().add(Sequential.run(layers, 0, layers.length, b).mul(wb).sum()).backward();
        List<float[]> expected = new ArrayList<>(List.of(a.grad().toArray(), b.grad().toArray()));
        ps.forEach(p -> expected.add(p.grad().toArray()));
        for (int round = 0; round < 2; round++) {
            ps.forEach(Tensor::zeroGrad);
            a.zeroGrad();
            b.zeroGrad();
            slices.call(a, 2).mul(wa).sum().add(slices.call(b, 2).mul(wb).sum()).backward();
            List<float[]> actual = new ArrayList<>(List.of(a.grad().toArray(), b.grad().toArray()));
            ps.forEach(p -> actual.add(p.grad().toArray()));
            assertClose(expected, actual, "round " + round);
        }
    }

    @Test
    void frozenWeightsAndAnInputWithoutGradientStayWithoutOne() {
        Layer[] layers = head();
        ((Linear) layers[3]).weight().requiresGrad(false);
        Tensor x = GradCheck.uniform(7, -1, 1, 33, 2, 3, 5);
        Tensor weights = GradCheck.uniform(8, -1, 1, 33, 4);
        List<float[]> expected = pass(layers, null, 0, x, weights);
        assertNull(expected.get(3), "the frozen weight (layers[3]'s) has no gradient");
        assertClose(expected, pass(layers, new RowSlices(layers), 3, x, weights), "frozen weight");
    }

    @Test
    void finiteDifferencesAgreeWithTheSlicesGradients() {
        // GELU where the others have a ReLU: a nudge of 1e-2 across the ReLU's kink is no derivative.
        Layer[] layers = head(new GELU());
        RowSlices slices = new RowSlices(layers);
        List<Tensor> inputs = new ArrayList<>(List.of(GradCheck.uniform(9, -1, 1, 5, 2, 3, 5)));
        inputs.addAll(params(layers));
        GradCheck.check(in -> slices.call(in.get(0), 2), inputs.toArray(new Tensor[0]));
    }

    @Test
    void theRunStartsAfterTheLastLayerThatMixesRowsAndHoldsFewWeights() {
        Layer[] lenet5 = ((Sequential) Zoo.create("lenet5")).layers().toArray(new Layer[0]);
        int from = RowSlices.start(lenet5);
        assertTrue(lenet5[from] instanceof Flatten && lenet5[from - 1] instanceof AvgPool2d,
                "lenet5's run starts at its Flatten, got " + lenet5[from]);
        // fashion-mlp's weights (101,770) are over the limit; mnist-cnn's last Linear follows a Dropout: alone, no run.
        for (String name : List.of("fashion-mlp", "mnist-cnn", "fashion-cnn")) {
            Layer[] layers = ((Sequential) Zoo.create(name)).layers().toArray(new Layer[0]);
            assertEquals(layers.length, RowSlices.start(layers), name + " has no run in slices");
        }
    }

    @Test
    void aSequentialTrainsThroughTheSlicesAndInfersWithoutThem() {
        Rng.seed(5);
        Sequential model = (Sequential) Zoo.create("lenet5");
        Tensor x = GradCheck.uniform(10, 0, 1, 64, 1, 28, 28);
        Tensor y = model.call(x);
        assertEquals(splot.kernel.Parallel.threads() > 1 ? "row_slices" : "linear", y.op(), "training's last op");
        try (var off = GradMode.off()) {
            Tensor inferred = model.call(x);
            assertNull(inferred.op(), "no tape in inference");
            float[] a = y.toArray(), b = inferred.toArray();
            for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 1e-5, "logit " + i);
        }
        assertFalse(y.op() == null);
    }

    @Test
    void threadsThatCallAtOnceEachGetTheirOwnSlices() throws InterruptedException {
        // Frozen weights: each thread's backward pass then writes only its own input's gradient, and hands its slices
        // back for the next call, whichever thread makes it.
        Layer[] layers = head();
        params(layers).forEach(p -> p.requiresGrad(false));
        RowSlices slices = new RowSlices(layers);
        Tensor[] xs = new Tensor[4];
        float[][] expected = new float[4][], expectedGrad = new float[4][];
        for (int t = 0; t < 4; t++) {
            xs[t] = GradCheck.uniform(20 + t, -1, 1, 24, 2, 3, 5).requiresGrad(true);
            Tensor y = Sequential.run(layers, 0, layers.length, xs[t]);
            y.sum().backward();
            expected[t] = y.toArray();
            expectedGrad[t] = xs[t].grad().toArray();
        }
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread[] threads = new Thread[4];
        for (int t = 0; t < 4; t++) {
            int me = t;
            threads[t] = new Thread(() -> {
                try {
                    for (int round = 0; round < 300; round++) {
                        xs[me].zeroGrad();
                        Tensor y = slices.call(xs[me], 2);
                        y.sum().backward();
                        assertClose(List.of(expected[me], expectedGrad[me]), List.of(y.toArray(), xs[me].grad().toArray()),
                                "thread " + me + " round " + round);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) t.join();
        assertTrue(failures.isEmpty(), () -> "calls at once: " + failures.get(0));
    }
}

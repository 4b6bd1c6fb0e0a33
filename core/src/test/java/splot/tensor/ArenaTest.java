package splot.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import splot.loss.Loss;
import splot.models.Zoo;
import splot.nn.Model;
import splot.nn.Parameter;
import splot.optim.SGD;

class ArenaTest {
    @Test
    void outsideAStepEveryArrayIsNewAndZero() {
        float[] a = Arena.floats(5), b = Arena.zeros(5);
        assertNotSame(a, b);
        assertArrayEquals(new float[5], a);
        assertArrayEquals(new float[5], b);
        assertArrayEquals(new int[3], Arena.ints(3));
    }

    @Test
    void theNextStepGetsThePreviousStepsArraysOfTheSameLength() {
        Arena arena = new Arena();
        float[] a, b;
        int[] w;
        try (var step = arena.step()) {
            a = Arena.floats(8);
            b = Arena.zeros(3);
            w = Arena.ints(8);
            Arrays.fill(a, 7f);
            Arrays.fill(b, 7f);
        }
        try (var step = arena.step()) {
            float[] zeros = Arena.zeros(8);
            assertSame(a, zeros);
            assertArrayEquals(new float[8], zeros, "a recycled array asked for as zeros is zero-filled");
            assertSame(b, Arena.floats(3));
            assertSame(w, Arena.ints(8));
            assertNotSame(a, Arena.floats(8), "one array is handed out once per step");
        }
    }

    @Test
    void anArrayGivenBackEarlyServesTheSameStep() {
        Arena arena = new Arena();
        try (var step = arena.step()) {
            float[] a = Arena.zeros(4);
            Arena.giveBack(a);
            assertSame(a, Arena.zeros(4));
            Arena.giveBack(new float[4]);  // not the arena's: ignored
            assertNotSame(a, Arena.zeros(4));
        }
    }

    @Test
    void aStepKeepsOnlyWhatTheLastStepUsed() {
        Arena arena = new Arena();
        float[] big;
        try (var step = arena.step()) {
            big = Arena.floats(1000);
        }
        try (var step = arena.step()) {
            Arena.floats(10);  // a smaller batch: the 1000 stays idle
        }
        try (var step = arena.step()) {
            assertNotSame(big, Arena.floats(1000), "an array idle for a whole step is dropped, not kept forever");
        }
    }

    @Test
    void aJoinedArenaKeepsItsArraysTakenUntilTheStepEnds() {
        Arena arena = new Arena(), outer = new Arena();
        float[] first;
        try (var step = outer.step()) {
            try (var joined = arena.join()) {
                assertTrue(Arena.isOpen());
                first = Arena.floats(7);
            }
            assertTrue(Arena.isOpen(), "the outer step is open again");
            float[] outers = Arena.floats(7);
            assertNotSame(first, outers, "the outer step takes from its own arena");
        }
        assertFalse(Arena.isOpen());
        try (var joined = arena.join()) {
            assertNotSame(first, Arena.floats(7), "still taken: the step did not end");
        }
        arena.endStep();
        try (var joined = arena.join()) {
            float[] again = Arena.floats(7), other = Arena.floats(7);
            assertTrue(again == first || other == first, "after endStep the arrays supply the next step");
        }
    }

    @Test
    void aNestedStepJoinsTheOuterOne() {
        Arena outer = new Arena(), inner = new Arena();
        float[] a;
        try (var step = outer.step()) {
            try (var nested = inner.step()) {
                a = Arena.floats(6);
            }
            assertNotSame(a, Arena.floats(6), "closing the nested step gave nothing back");
        }
        try (var step = outer.step()) {
            float[] b = Arena.floats(6), c = Arena.floats(6);
            assertTrue(a == b || a == c, "the outer arena took the nested step's array");
        }
    }

    @Test
    void aStepClosesOnlyOnItsThread() throws Exception {
        Arena arena = new Arena();
        try (var step = arena.step()) {
            float[][] fromWorker = new float[1][];
            Thread t = new Thread(() -> fromWorker[0] = Arena.floats(4));
            t.start();
            t.join();
            Arena.giveBack(fromWorker[0]);
            assertNotSame(fromWorker[0], Arena.floats(4), "another thread's arrays are plain ones");
        }
        float[] after = Arena.floats(4);
        assertArrayEquals(new float[4], after, "a closed step hands out nothing");
        var step = arena.step();
        Throwable[] thrown = new Throwable[1];
        Thread other = new Thread(() -> {
            try {
                step.close();
            } catch (IllegalStateException e) {
                thrown[0] = e;
            }
        });
        other.start();
        other.join();
        assertTrue(thrown[0] instanceof IllegalStateException, "closed from another thread: " + thrown[0]);
        step.close();
        assertNotSame(Arena.floats(4), Arena.floats(4), "closed on its own thread");
    }

    @Test
    void anIntermediateGradientGoesBackOnceBackwardHasPassedIt() {
        Arena arena = new Arena();
        try (var step = arena.step()) {
            Tensor w = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad(true);
            Tensor h = w.mul(w);
            Tensor loss = h.sum();
            loss.backward();
            assertArrayEquals(new float[] {2, 4, 6}, w.grad().data());
            // h's gradient (3 floats) was taken from the arena and given back after h's backward ran.
            float[] reused = Arena.floats(3);
            assertNotSame(w.grad().data(), reused, "a leaf's gradient is its own, never the arena's");
            assertTrue(Arrays.equals(new float[] {1, 1, 1}, reused), "h's gradient, given back: " + Arrays.toString(reused));
        }
    }

    @Test
    void insideStepsAParameterGradientReusesTheArrayZeroGradDropped() {
        Arena arena = new Arena();
        Tensor w = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad(true);
        float[] first;
        try (var step = arena.step()) {
            w.mul(w).sum().backward();
            first = w.grad().data();
        }
        w.zeroGrad();
        try (var step = arena.step()) {
            w.mul(w).sum().backward();
            assertSame(first, w.grad().data());
            assertArrayEquals(new float[] {2, 4, 6}, first, "zero-filled before the new gradient went in");
        }
        w.zeroGrad();
        w.mul(w).sum().backward();
        assertNotSame(first, w.grad().data(), "outside a step zeroGrad() leaves the old gradient alone");
        assertArrayEquals(new float[] {2, 4, 6}, first);
    }

    @Test
    void aGradientStoredByItsFirstConsumerIsAddedToByTheOthers() {
        Arena arena = new Arena();
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2).requiresGrad(true);
        for (int s = 0; s < 3; s++) {
            x.zeroGrad();
            try (var step = arena.step()) {
                // Arrays of h's size that held other values: gradTarget() hands them out without zeroing them.
                List<float[]> dirty = new ArrayList<>();
                for (int i = 0; i < 8; i++) dirty.add(Arena.floats(4));
                for (float[] d : dirty) {
                    Arrays.fill(d, 99f);
                    Arena.giveBack(d);
                }
                // h, an op's output, used four times: h + h, h * h and the batched product of h with itself.
                Tensor h = x.reshape(2, 2), batched = h.reshape(1, 2, 2);
                h.add(h).sum().add(h.mul(h).sum()).add(batched.matmul(batched).sum()).backward();
                // 2 + 2 h + (row sums of h^T, then column sums of h, per element): [[11, 17], [17, 23]].
                assertArrayEquals(new float[] {11, 17, 17, 23}, x.grad().data(), "step " + s);
            }
        }
    }

    @Test
    void aRetainedIntermediateGradientNeverBecomesASpare() {
        Arena arena = new Arena();
        try (var step = arena.step()) {
            Tensor w = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
            Tensor h = w.mul(w).retainGrad();
            h.sum().backward();
            float[] retained = h.grad().data();
            h.zeroGrad();
            float[] again = h.gradBuffer();
            assertArrayEquals(new float[2], again);
            assertNotSame(retained, again, "an op output's gradient comes from the arena, not from a spare");
        }
    }

    static List<String> models() {
        return Zoo.names();
    }

    /**
     * Three small SGD steps of every zoo model, on different inputs each step, inside arena steps and without: the losses
     * and the last step's gradients must agree. A kernel that reads an arena array before writing it, or accumulates
     * into one taken without zeros, sees the last step's values and is off by as much as the values themselves.
     * Not bit for bit, and not element by element: the Vector API sums lanes in another order once C2 has compiled
     * a loop, so two plain runs in one JVM already differ in the last bits, and by the third step that moves a few
     * ReLU and max-pool decisions: two plain runs of cifar-vgg differ by 1.3% in a bias gradient that is a sum of
     * cancelling terms. Hence 5% of each array's norm, against errors the size of the array itself.
     */
    @ParameterizedTest
    @MethodSource("models")
    void trainingInArenaStepsGivesTheSameLossesAndGradients(String name) {
        List<float[]> plain = train(name, null), pooled = train(name, new Arena());
        assertEquals(plain.size(), pooled.size());
        for (int i = 0; i < plain.size(); i++) {
            double diff = 0, norm = 0;
            for (int j = 0; j < plain.get(i).length; j++) {
                double w = plain.get(i)[j], g = pooled.get(i)[j];
                diff += (w - g) * (w - g);
                norm += w * w;
            }
            assertTrue(Math.sqrt(diff) <= 5e-2 * Math.sqrt(norm) + 1e-6, name + ": array " + i + " off by " + Math.sqrt(diff / norm) + " of its norm");
        }
    }

    /** The three losses, the gradient of every parameter at the last step, then two inference outputs. */
    private static List<float[]> train(String name, Arena arena) {
        Rng.seed(7);
        Model model = Zoo.create(name);
        // A step that barely moves the weights: at batch 5 with batch norm, larger steps turn the last-bit differences
        // above into different weights within three steps.
        SGD sgd = new SGD(model.parameters(), 1e-5);
        Loss loss = Loss.crossEntropy();
        int batch = 5, steps = 3;
        List<float[]> values = new ArrayList<>();
        float[] losses = new float[steps];
        for (int s = 0; s < steps; s++) {
            Tensor x = Tensor.randn(model.inputShape().withBatch(batch).dims());
            float[] labels = new float[batch];
            for (int i = 0; i < batch; i++) labels[i] = (i + s) % 10;
            Tensor y = Tensor.of(labels, batch);
            try (var step = arena == null ? null : arena.step()) {
                sgd.zeroGrad();
                Tensor l = loss.compute(model.call(x), y);
                l.backward();
                losses[s] = l.item();
                if (s == steps - 1) {
                    for (Parameter p : model.weights()) if (p.trainable()) values.add(p.value().grad().toArray());
                }
                sgd.step();
            }
        }
        values.add(losses);
        model.eval();
        // Inference in arena steps as well: two batches of one size, the second on the first's arrays.
        try (var noGrad = GradMode.off()) {
            for (int s = 0; s < 2; s++) {
                Tensor x = Tensor.randn(model.inputShape().withBatch(3).dims());
                try (var step = arena == null ? null : arena.step()) {
                    values.add(model.call(x).toArray());
                }
            }
        }
        return values;
    }
}

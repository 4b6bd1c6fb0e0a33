package splot.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import splot.tensor.Tensor;

/** Binding, skipping, state export and errors, common to all optimizers. */
class OptimizerTest {
    private static final List<Function<List<Tensor>, Optimizer>> ALL = List.of(
            p -> new SGD(p, 0.1).momentum(0.9).nesterov(true).weightDecay(1e-4),
            p -> new RMSprop(p, 0.01).momentum(0.5).centered(true),
            p -> new Adam(p, 0.01).amsgrad(true),
            p -> new AdamW(p, 0.01),
            p -> new Rprop(p, 0.01));

    @Test
    void plainSgdStepIsMinusLearningRateTimesGradient() {
        Tensor w = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        SGD sgd = new SGD(List.of(w), 0.5);
        w.mul(w).sum().backward();          // grad 2w = (2, 4)
        sgd.step();
        assertArrayEquals(new float[] {0, 0}, w.toArray());
        sgd.zeroGrad();
        assertNull(w.grad());
    }

    @Test
    void newLearningRateAppliesToTheNextStep() {
        Tensor w = Tensor.of(new float[] {1}, 1).requiresGrad(true);
        SGD sgd = new SGD(List.of(w), 0.5);
        sgd.setLearningRate(0.25);
        w.gradBuffer()[0] = 2;
        sgd.step();
        assertEquals(0.5f, w.item());
        assertThrows(IllegalArgumentException.class, () -> sgd.setLearningRate(-1));
    }

    /**
     * A gradient that turns zero (a dead unit) leaves the moments and momentum buffers decaying geometrically: into the
     * subnormal floats, where, unflushed, they would stay for good (0.9 times the least of them rounds back to it) and
     * cost x86 a microcode assist on every step. They end at zero instead, and the parameter stays where it was.
     */
    @Test
    void buffersOfAZeroGradientEndAtZeroNotSubnormal() {
        List<Function<List<Tensor>, Optimizer>> decaying = List.of(p -> new Adam(p, 1e-3), p -> new Adam(p, 1e-3).amsgrad(true),
                p -> new AdamW(p, 1e-3), p -> new SGD(p, 0.01).momentum(0.9), p -> new RMSprop(p, 0.01).momentum(0.5).centered(true));
        for (var make : decaying) {
            Tensor w = Tensor.ones(40).requiresGrad(true);
            Optimizer opt = make.apply(List.of(w));
            java.util.Arrays.fill(w.gradBuffer(), 1e-3f);
            opt.step();
            java.util.Arrays.fill(w.gradBuffer(), 0f);
            float[] before = null;
            for (int step = 0; step < 8000; step++) {
                if (step == 7900) before = w.toArray();
                opt.step();
            }
            opt.state().params().get(0).buffers().forEach((name, buffer) -> {
                for (float x : buffer) assertTrue(x == 0 || Math.abs(x) >= Float.MIN_NORMAL, opt + " " + name + " holds " + x);
            });
            assertEquals(0f, opt.state().params().get(0).buffers().get(opt instanceof SGD ? "momentum_buffer" : opt instanceof RMSprop
                    ? "square_avg" : "exp_avg")[0], opt + ": its moment ends at zero");
            if (!(opt instanceof AdamW)) assertArrayEquals(before, w.toArray(), opt + ": a zero moment moves nothing");
        }
    }

    @Test
    void parametersWithoutGradientAreSkippedAndTheirStateDoesNotAdvance() {
        for (var make : ALL) {
            Tensor a = Tensor.ones(3).requiresGrad(true), b = Tensor.ones(2).requiresGrad(true);
            Optimizer opt = make.apply(List.of(a, b));
            a.gradBuffer()[0] = 1;
            opt.step();
            assertArrayEquals(new float[] {1, 1}, b.toArray(), opt + " moved a parameter without gradient");
            assertEquals(1, opt.state().params().get(0).step());
            assertEquals(0, opt.state().params().get(1).step());
            assertTrue(opt.state().params().get(1).buffers().isEmpty());
        }
    }

    @Test
    void attachLaterBindsParametersAndReattachingTheSameKeepsState() {
        Tensor w = Tensor.ones(4).requiresGrad(true);
        Adam adam = new Adam(1e-3);
        var e = assertThrows(IllegalStateException.class, adam::step);
        assertTrue(e.getMessage().contains("attach"), e.getMessage());
        adam.attach(List.of(w));
        w.gradBuffer()[1] = 1;
        adam.step();
        adam.attach(List.of(w));            // a second fit on the same model
        adam.step();
        assertEquals(2, adam.state().params().get(0).step());
        adam.attach(List.of(Tensor.ones(4).requiresGrad(true)));
        assertEquals(0, adam.state().params().get(0).step());
    }

    @Test
    void duplicateAndNonLeafParametersAreRejected() {
        Tensor w = Tensor.ones(2).requiresGrad(true);
        var dup = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(w, w), 0.1));
        assertTrue(dup.getMessage().contains("parameter 1") && dup.getMessage().contains("parameter 0"), dup.getMessage());
        var op = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(w.mul(2f)), 0.1));
        assertTrue(op.getMessage().contains("'mul'"), op.getMessage());
    }

    @Test
    void invalidHyperparametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SGD(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new SGD(0.1).momentum(-1));
        assertThrows(IllegalArgumentException.class, () -> new Adam(0.1).betas(0.9, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new Rprop(0.1).etas(1.2, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new Rprop(0.1).stepSizes(1, 0.5));
        Tensor w = Tensor.ones(1).requiresGrad(true);
        SGD sgd = new SGD(List.of(w), 0.1).nesterov(true);
        w.gradBuffer();
        var e = assertThrows(IllegalStateException.class, sgd::step);
        assertTrue(e.getMessage().contains("momentum"), e.getMessage());
    }

    @Test
    void stateIsACopyAndLoadStateChecksWhatItLoads() {
        Tensor w = Tensor.ones(3).requiresGrad(true);
        Adam adam = new Adam(List.of(w), 0.1);
        w.gradBuffer()[0] = 1;
        adam.step();
        OptimizerState s = adam.state();
        assertEquals("adam", s.optimizer());
        assertEquals(List.of("exp_avg", "exp_avg_sq"), List.copyOf(s.params().get(0).buffers().keySet()));
        assertNotSame(s.params().get(0).buffers().get("exp_avg"), adam.state().params().get(0).buffers().get("exp_avg"));

        var kind = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(w), 0.1).loadState(s));
        assertTrue(kind.getMessage().contains("'adam'") && kind.getMessage().contains("'sgd'"), kind.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(w, Tensor.ones(3)), 0.1).loadState(s));
        var size = assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(Tensor.ones(5)), 0.1).loadState(s));
        assertTrue(size.getMessage().contains("exp_avg"), size.getMessage());
    }

    @Test
    void configNamesHyperparametersAsPyTorch() {
        assertEquals("Adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1.0E-8, weight_decay=0.0, amsgrad=false)", new Adam(1e-3).toString());
        assertEquals(0.01, new AdamW(1e-3).config().get("weight_decay"));
        assertEquals(0.99, new RMSprop(1e-3).config().get("alpha"));
    }

    @Test
    void stepAllocatesNothingAfterTheFirst() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (var make : ALL) {
            Tensor a = Tensor.ones(256).requiresGrad(true);
            a.gradBuffer()[3] = 0.5f;
            Optimizer opt = make.apply(List.of(a));
            for (int i = 0; i < 10_000; i++) opt.step();        // warm up and let the JIT compile the step
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 1000; i++) opt.step();
            long perStep = (threads.getCurrentThreadAllocatedBytes() - before) / 1000;
            // A buffer for a 256-float parameter would be 1 KB; at most the small Tensor view that grad()
            // returns may remain, when the JIT does not scalar-replace it.
            assertTrue(perStep <= 64, opt + " allocates " + perStep + " bytes per step");
        }
    }
}

package splot.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import splot.tensor.Arena;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/** Behaviour and error messages of the losses. */
class LossTest {
    @Test
    void namesAndDefaults() {
        assertEquals("cross_entropy", Loss.crossEntropy().name());
        assertEquals("binary_cross_entropy", Loss.binaryCrossEntropy().name());
        assertEquals("mse", Loss.mse().name());
        assertEquals(Reduction.MEAN, Loss.crossEntropy().reduction());
        assertEquals(new BinaryCrossEntropy(Reduction.MEAN, true), Loss.binaryCrossEntropy());
    }

    @Test
    void crossEntropyOfUniformLogitsIsLogOfClassCount() {
        Tensor loss = Loss.crossEntropy().compute(Tensor.zeros(3, 10), Tensor.of(new float[] {0, 5, 9}, 3));
        assertEquals(Shape.of(), loss.shape());
        assertEquals(Math.log(10), loss.item(), 1e-6);
    }

    @Test
    void crossEntropyBackwardIsSoftmaxMinusOneHotOverN() {
        Tensor logits = Tensor.zeros(2, 4).requiresGrad(true);
        Loss.crossEntropy().compute(logits, Tensor.of(new float[] {1, 3}, 2)).backward();
        float[] expected = {0.125f, -0.375f, 0.125f, 0.125f, 0.125f, 0.125f, 0.125f, -0.375f};
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, logits.grad().toArray(), 1e-7f);
    }

    @Test
    void crossEntropyGradientAddsToOneThereAndOverwritesAReusedArray() {
        Tensor logits = Tensor.of(new float[] {1, -2, 0.5f, 3, 0, -1, 2, 2, -3, 0.25f, 1, 0}, 3, 4).requiresGrad(true);
        for (Tensor target : new Tensor[] {Tensor.of(new float[] {1, 3, 0}, 3),
                Tensor.of(new float[] {0, 1, 0, 0, 0.5f, 0, 0, 0.5f, 1, 0, 0, 0}, 3, 4)}) {
            logits.zeroGrad();
            Loss.crossEntropy().compute(logits, target).backward();
            float[] once = logits.grad().toArray(), twice = once.clone();
            for (int i = 0; i < twice.length; i++) twice[i] *= 2;
            Loss.crossEntropy().compute(logits, target).backward();
            assertArrayEquals(twice, logits.grad().toArray(), 1e-7f, "a second backward adds, target " + target.shape());
            // Inside arena steps a leaf's next gradient is the array zeroGrad dropped, still holding the old one.
            Arena arena = new Arena();
            for (int step = 0; step < 2; step++) {
                try (var ignored = arena.step()) {
                    logits.zeroGrad();
                    Loss.crossEntropy().compute(logits, target).backward();
                    assertArrayEquals(once, logits.grad().toArray(), 0f, "step " + step + ", target " + target.shape());
                }
            }
        }
    }

    @Test
    void crossEntropyLabelsAndOneHotProbabilitiesAgree() {
        Tensor logits = Tensor.of(new float[] {1, -2, 0.5f, 3, 0, -1}, 2, 3);
        float hard = Loss.crossEntropy().compute(logits, Tensor.of(new float[] {2, 0}, 2)).item();
        float soft = Loss.crossEntropy().compute(logits, Tensor.of(new float[] {0, 0, 1, 1, 0, 0}, 2, 3)).item();
        assertEquals(hard, soft, 1e-6);
    }

    @Test
    void crossEntropyIsFiniteForHugeLogits() {
        Tensor loss = Loss.crossEntropy().compute(Tensor.of(new float[] {1000, -1000, 0}, 1, 3), Tensor.of(new float[] {1}, 1));
        assertEquals(2000, loss.item(), 1e-3);
    }

    @Test
    void crossEntropyLabelOutOfRangeNamesLabelAndClassCount() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Loss.crossEntropy().compute(Tensor.zeros(3, 5), Tensor.of(new float[] {0, 7, 1}, 3)));
        assertTrue(e.getMessage().contains("label 7.0"), e.getMessage());
        assertTrue(e.getMessage().contains("5 classes"), e.getMessage());
        assertTrue(e.getMessage().contains("position 1"), e.getMessage());
    }

    @Test
    void crossEntropyRejectsNegativeAndFractionalLabels() {
        assertThrows(IllegalArgumentException.class, () -> Loss.crossEntropy().compute(Tensor.zeros(1, 5), Tensor.of(new float[] {-1}, 1)));
        var e = assertThrows(IllegalArgumentException.class,
                () -> Loss.crossEntropy().compute(Tensor.zeros(1, 5), Tensor.of(new float[] {1.5f}, 1)));
        assertTrue(e.getMessage().contains("1.5"), e.getMessage());
    }

    @Test
    void crossEntropyShapeMismatchNamesBothShapes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Loss.crossEntropy().compute(Tensor.zeros(4, 3), Tensor.zeros(5)));
        assertTrue(e.getMessage().contains("[4, 3]") && e.getMessage().contains("[5]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Loss.crossEntropy().compute(Tensor.zeros(4), Tensor.zeros(4)));
    }

    @Test
    void elementwiseLossesNameBothShapesOnMismatch() {
        for (Loss loss : new Loss[] {Loss.mse(), Loss.binaryCrossEntropy()}) {
            var e = assertThrows(IllegalArgumentException.class, () -> loss.compute(Tensor.zeros(4, 1), Tensor.zeros(4)));
            assertTrue(e.getMessage().contains("[4, 1]") && e.getMessage().contains("[4]"), e.getMessage());
            assertTrue(e.getMessage().startsWith(loss.name()), e.getMessage());
        }
    }

    @Test
    void bceWithLogitsIsStableAtExtremes() {
        Tensor x = Tensor.of(new float[] {200, -200}, 2).requiresGrad(true);
        Tensor loss = Loss.binaryCrossEntropy(Reduction.SUM).compute(x, Tensor.of(new float[] {0, 1}, 2));
        assertEquals(400, loss.item(), 1e-3);
        loss.backward();
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {1, -1}, x.grad().toArray(), 1e-6f);
    }

    @Test
    void bceOnProbabilitiesClampsLogAtMinus100() {
        Tensor loss = Loss.binaryCrossEntropy(Reduction.SUM, false).compute(Tensor.of(new float[] {0, 1}, 2), Tensor.of(new float[] {1, 0}, 2));
        assertEquals(200, loss.item(), 1e-4);
    }

    @Test
    void noneKeepsPerItemShape() {
        assertEquals(Shape.of(3), Loss.crossEntropy(Reduction.NONE).compute(Tensor.zeros(3, 4), Tensor.zeros(3)).shape());
        assertEquals(Shape.of(2, 2), Loss.crossEntropy(Reduction.NONE).compute(Tensor.zeros(2, 4, 2), Tensor.zeros(2, 2)).shape());
        assertEquals(Shape.of(2, 3), Loss.mse(Reduction.NONE).compute(Tensor.zeros(2, 3), Tensor.ones(2, 3)).shape());
    }

    @Test
    void labelsNeedNoGradient() {
        Tensor logits = Tensor.zeros(2, 3).requiresGrad(true);
        Tensor labels = Tensor.of(new float[] {0, 1}, 2);
        Loss.crossEntropy().compute(logits, labels).backward();
        assertEquals(null, labels.grad());
    }
}

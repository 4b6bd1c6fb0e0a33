package splot.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Shape's batch helpers: {@link Shape#isItemOf} agrees with comparing {@link Shape#withoutBatch}. */
class ShapeTest {
    @Test
    void isItemOfAgreesWithWithoutBatch() {
        Shape[] items = {Shape.of(), Shape.of(784), Shape.of(1, 28, 28), Shape.of(1, 28, 27), Shape.of(28, 28)};
        Shape[] batches = {Shape.of(5), Shape.of(5, 784), Shape.of(5, 1, 28, 28), Shape.of(1, 1, 28, 27), Shape.of(5, 785),
                Shape.of(5, 28, 28), Shape.of(784), Shape.of(2, 5, 1, 28, 28)};
        for (Shape item : items) {
            for (Shape batch : batches) {
                assertEquals(batch.withoutBatch().equals(item), item.isItemOf(batch), item + " of " + batch);
            }
        }
    }
}

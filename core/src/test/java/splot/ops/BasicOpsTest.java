package splot.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/** Forward values and error messages of the basic ops. */
class BasicOpsTest {
    private final Tensor m = Tensor.of(new float[][] {{1, 5, 3}, {4, 2, 6}});

    @Test
    void reductionsOverADimension() {
        assertArrayEquals(new float[] {5, 7, 9}, m.sum(0, false).toArray());
        assertArrayEquals(new float[] {3, 4}, m.mean(1, false).toArray());
        assertEquals(Shape.of(2, 1), m.mean(1, true).shape());
        assertArrayEquals(new float[] {5, 6}, m.max(1, false).toArray());
        assertArrayEquals(new float[] {1, 2}, m.argmax(1).toArray());
        assertEquals(6f, m.max().item());
    }

    @Test
    void softmaxRowsSumToOneAndSurviveLargeLogits() {
        Tensor p = Tensor.of(new float[][] {{1000, 1001, 1002}, {-5, 0, 5}}).softmax(1);
        float[] d = p.toArray();
        assertEquals(1f, d[0] + d[1] + d[2], 1e-6f);
        assertEquals(1f, d[3] + d[4] + d[5], 1e-6f);
        assertEquals(0.66524096f, d[2], 1e-6f);
    }

    @Test
    void permuteMovesChannelsLast() {
        Tensor nchw = Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7}, 1, 2, 2, 2);
        Tensor nhwc = nchw.permute(0, 2, 3, 1);
        assertEquals(Shape.of(1, 2, 2, 2), nhwc.shape());
        assertArrayEquals(new float[] {0, 4, 1, 5, 2, 6, 3, 7}, nhwc.toArray());
    }

    @Test
    void concatAlongChannels() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 1, 2);
        Tensor b = Tensor.of(new float[] {5, 6, 7, 8}, 2, 1, 2);
        assertArrayEquals(new float[] {1, 2, 5, 6, 3, 4, 7, 8}, Tensor.concat(1, a, b).toArray());
    }

    @Test
    void geluMatchesKnownValues() {
        // x * Phi(x): Phi(1) = 0.8413447, Phi(-0.5) = 0.3085375
        float[] y = Tensor.of(new float[] {1f, -0.5f}, 2).gelu().toArray();
        assertEquals(0.8413447f, y[0], 1e-6f);
        assertEquals(-0.15426877f, y[1], 1e-6f);
    }

    @Test
    void badShapesNameBothShapes() {
        var e = assertThrows(IllegalArgumentException.class, () -> m.add(Tensor.zeros(3, 2)));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[3, 2]"), e.getMessage());
        var r = assertThrows(IllegalArgumentException.class, () -> m.reshape(4, -1));
        assertTrue(r.getMessage().contains("[2, 3]"), r.getMessage());
        var mm = assertThrows(IllegalArgumentException.class, () -> m.matmul(m));
        assertTrue(mm.getMessage().contains("[2, 3] x [2, 3]"), mm.getMessage());
    }
}

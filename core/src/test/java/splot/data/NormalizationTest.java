package splot.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import splot.tensor.Shape;

class NormalizationTest {
    private static final Shape RGB_1x2 = Shape.of(3, 1, 2);

    @Test
    void unitScalesTo0To1() {
        float[] a = {0, 51, 255};
        Normalization.unit().apply(a, 0, Shape.of(1, 1, 3));
        assertArrayEquals(new float[] {0, 0.2f, 1}, a, 1e-6f);
    }

    @Test
    void meanStdPerChannel() {
        float[] a = {0, 255, 0, 255, 0, 255};
        Normalization.meanStd(new float[] {0.5f, 0.25f, 0}, new float[] {0.5f, 0.25f, 2}).apply(a, 0, RGB_1x2);
        assertArrayEquals(new float[] {-1, 1, -1, 3, 0, 0.5f}, a, 1e-6f);
        float[] b = {127.5f, 255};
        Normalization.meanStd(new float[] {0.5f}, new float[] {1}).apply(b, 0, Shape.of(1, 1, 2));  // x/255 - 0.5
        assertArrayEquals(new float[] {0, 0.5f}, b, 1e-6f);
    }

    @Test
    void fitMeasuresEachChannel() {
        // Channel 0 holds 0 and 255 (mean 0.5, std 0.5); channel 1 holds 51 twice (mean 0.2, std ~0); channel 2: 255.
        float[] pixels = {0, 255, 51, 51, 255, 255};
        InMemoryDataset data = InMemoryDataset.ofFloats("t", pixels, new int[] {0}, RGB_1x2, List.of("x"));
        Normalization n = Normalization.fit(data);
        assertArrayEquals(new float[] {0.5f, 0.2f, 1f}, n.mean(), 1e-6f);
        assertEquals(0.5f, n.std()[0], 1e-6f);
        float[] a = pixels.clone();
        n.apply(a, 0, RGB_1x2);
        assertEquals(-1f, a[0], 1e-5f);
        assertEquals(1f, a[1], 1e-5f);
    }

    @Test
    void wrongChannelCountIsRejected() {
        InMemoryDataset gray = InMemoryDataset.ofBytes("t", new byte[4], new int[] {0}, Shape.of(1, 2, 2), List.of("x"));
        var e = assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(gray)
                .normalization(Normalization.meanStd(new float[] {0.4f, 0.5f, 0.6f}, new float[] {1})).build());
        assertEquals(true, e.getMessage().contains("need 1 or 1 means and stds, got 3 and 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Normalization.meanStd(new float[] {0}, new float[] {0}));
    }
}

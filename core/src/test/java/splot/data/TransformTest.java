package splot.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import splot.tensor.Shape;

class TransformTest {
    private static final Shape SHAPE = Shape.of(2, 3, 4);

    private static float[] ramp(int offset) {
        float[] a = new float[offset + SHAPE.size()];
        for (int i = 0; i < SHAPE.size(); i++) a[offset + i] = i + 1;
        return a;
    }

    @Test
    void flipMirrorsEveryRowOfEveryChannel() {
        float[] a = ramp(5);
        new HorizontalFlip(1).apply(a, 5, SHAPE, new SplittableRandom(1));
        for (int c = 0; c < 2; c++)
            for (int y = 0; y < 3; y++)
                for (int x = 0; x < 4; x++) assertEquals(c * 12 + y * 4 + (3 - x) + 1, a[5 + c * 12 + y * 4 + x]);
        assertEquals(0f, a[4], "nothing before the offset is touched");
        new HorizontalFlip(1).apply(a, 5, SHAPE, new SplittableRandom(1));
        assertArrayEquals(ramp(5), a);
        float[] b = ramp(0);
        new HorizontalFlip(0).apply(b, 0, SHAPE, new SplittableRandom(1));
        assertArrayEquals(ramp(0), b);
    }

    @Test
    void flipWithHalfProbabilityFlipsAboutHalf() {
        HorizontalFlip flip = new HorizontalFlip();
        SplittableRandom random = new SplittableRandom(3);
        int flipped = 0;
        for (int i = 0; i < 1000; i++) {
            float[] a = ramp(0);
            flip.apply(a, 0, SHAPE, random);
            if (a[0] != 1f) flipped++;
        }
        assertTrue(flipped > 430 && flipped < 570, "flipped " + flipped + " of 1000");
    }

    @Test
    void shiftMovesPixelsAndFillsTheGap() {
        float[] a = ramp(0);
        new RandomShift(2, -1f).shift(a, 0, SHAPE, 1, -2);
        for (int c = 0; c < 2; c++)
            for (int y = 0; y < 3; y++)
                for (int x = 0; x < 4; x++) {
                    int sy = y - 1, sx = x + 2;
                    float want = sy >= 0 && sx < 4 ? c * 12 + sy * 4 + sx + 1 : -1f;
                    assertEquals(want, a[c * 12 + y * 4 + x], "c" + c + " y" + y + " x" + x);
                }
    }

    @Test
    void randomShiftDrawsEveryOffsetInRangeAndNoOther() {
        // Tell the shift from a single bright pixel in the middle of a 1x9x9 image.
        Shape shape = Shape.of(1, 9, 9);
        RandomShift shift = new RandomShift(2);
        SplittableRandom random = new SplittableRandom(11);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            float[] a = new float[81];
            a[4 * 9 + 4] = 1;
            shift.apply(a, 0, shape, random);
            int at = -1;
            for (int j = 0; j < 81; j++) if (a[j] == 1) at = j;
            int dy = at / 9 - 4, dx = at % 9 - 4;
            assertTrue(Math.abs(dy) <= 2 && Math.abs(dx) <= 2, "shift " + dy + "," + dx);
            seen.add(dy + "," + dx);
        }
        assertEquals(25, seen.size());
        float[] b = ramp(0);
        new RandomShift(0).apply(b, 0, SHAPE, random);
        assertArrayEquals(ramp(0), b);
    }
}

package splot.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import splot.data.Normalization;
import splot.image.Image;
import splot.image.Plane;
import splot.tensor.Shape;
import splot.tensor.Tensor;

class ImageInputTest {

    static Plane ramp(int h, int w, int seed) {
        float[] d = new float[h * w];
        for (int i = 0; i < d.length; i++) d[i] = (i * 37 + seed * 11) % 256;
        return new Plane(h, w, d);
    }

    @Test
    void colourPictureBecomesAGrayItemAveragedDownAndScaled() {
        Image rgb = Image.of(ramp(56, 56, 1), ramp(56, 56, 2), ramp(56, 56, 3));
        Tensor x = ImageInput.of(rgb, Shape.of(1, 28, 28), Normalization.unit());
        assertEquals(Shape.of(1, 28, 28), x.shape());
        Plane gray = rgb.gray().channel(0);
        for (int y = 0; y < 28; y++) {
            for (int xx = 0; xx < 28; xx++) {
                double mean = (gray.get(2 * y, 2 * xx) + gray.get(2 * y, 2 * xx + 1) + gray.get(2 * y + 1, 2 * xx) + gray.get(2 * y + 1, 2 * xx + 1)) / 4;
                assertEquals(mean / 255, x.get(0, y, xx), 1e-5);
            }
        }
    }

    @Test
    void grayPictureIsRepeatedForColourModelsAndEnlarged() {
        Image gray = Image.of(Plane.of(new float[][] {{0, 255}, {255, 0}}));
        Tensor x = ImageInput.of(gray, Shape.of(3, 4, 4), Normalization.meanStd(new float[] {0.5f}, new float[] {0.5f}));
        for (int c = 0; c < 3; c++) {
            assertEquals(-1f, x.get(c, 0, 0), 1e-6f, "a black corner stays black: (0 - 0.5) / 0.5");
            assertEquals(1f, x.get(c, 0, 3), 1e-6f, "a white corner stays white");
            assertEquals(0f, x.get(c, 1, 1) + x.get(c, 1, 2), 1e-6f, "bilinear between opposite corners is symmetric");
        }
    }

    @Test
    void onlyImageModelsTakePictures() {
        assertThrows(IllegalArgumentException.class, () -> ImageInput.of(Image.of(Plane.zeros(4, 4)), Shape.of(16), Normalization.unit()));
    }
}

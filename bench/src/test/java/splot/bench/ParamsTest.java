package splot.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;
import splot.models.Zoo;
import splot.nn.Conv2d;
import splot.nn.Layer;
import splot.nn.Linear;
import splot.nn.Sequential;

/**
 * The benchmarks' layer and GEMM lists are written out in {@code @Param} annotations (JMH needs constants); this
 * derives them again from the zoo's fashion-cnn and cifar-vgg, so a change to either model shows up here.
 * Runs no benchmark.
 */
class ParamsTest {
    /** splot.ops.Convolution's column block (2^18 floats) and its most images per GEMM, copied: both are private there. */
    private static final int COLUMN_BLOCK = 1 << 18, MAX_IMAGES_PER_GEMM = 16;

    private record Model(String name, Sequential net, int batch) {
    }

    private static final List<Model> MODELS = List.of(
            new Model("fashion-cnn", Zoo.fashionCnn(), 128), new Model("cifar-vgg", Zoo.cifarVgg(), 64));

    @Test
    void convLayersAreTheModelsConvolutions() throws Exception {
        List<String> expected = new ArrayList<>();
        for (Model model : MODELS) {
            int i = 0;
            for (Layer layer : model.net.layers()) {
                if (!(layer instanceof Conv2d conv)) continue;
                var in = conv.inputShape();
                var out = conv.outputShape();
                assertEquals(3, conv.kernelHeight(), "ConvLayers assumes 3x3 kernels");
                assertEquals(1, conv.strideHeight(), "ConvLayers assumes stride 1");
                int pad = (out.dim(1) - in.dim(1) + 2) / 2;
                expected.add(model.name + "/conv" + ++i + ":" + model.batch + "x" + in.dim(0) + "x" + in.dim(1) + "x" + in.dim(2)
                        + ":" + out.dim(0) + ":pad" + pad + (layer == model.net.layers().getFirst() ? ":first" : ""));
            }
        }
        assertEquals(expected, params(ConvLayers.class, "layer"));
    }

    @Test
    void gemmShapesAreTheModelsGemms() throws Exception {
        List<String> expected = new ArrayList<>();
        for (Model model : MODELS) {
            List<Layer> layers = model.net.layers();
            List<Linear> linears = layers.stream().filter(l -> l instanceof Linear).map(l -> (Linear) l).toList();
            int convs = 0;
            for (Layer layer : layers) {
                if (!(layer instanceof Conv2d conv)) continue;
                String name = model.name + "/conv" + ++convs;
                int cout = conv.outputShape().dim(0), k = 9 * conv.inputShape().dim(0);
                int p = conv.outputShape().dim(1) * conv.outputShape().dim(2);
                int rows = Math.max(k, cout);
                int width = p * (int) Math.max(1, Math.min(MAX_IMAGES_PER_GEMM, COLUMN_BLOCK / ((long) rows * p)));
                expected.add(name + ".fwd:" + cout + "x" + width + "x" + k + ":NN");
                expected.add(name + ".dW:" + k + "x" + cout + "x" + width + ":NT");
                if (layer != layers.getFirst()) expected.add(name + ".dX:" + k + "x" + width + "x" + cout + ":TN");
            }
            // The classifier (the last Linear, 10 outputs) is left out: its GEMMs are tiny.
            for (int i = 0; i < linears.size() - 1; i++) {
                String name = model.name + "/fc" + (i + 1);
                int n = model.batch, in = linears.get(i).inputShape().dim(0), out = linears.get(i).units();
                expected.add(name + ".fwd:" + n + "x" + out + "x" + in + ":NN");
                expected.add(name + ".dX:" + n + "x" + in + "x" + out + ":NN");
                expected.add(name + ".dW:" + out + "x" + in + "x" + n + ":TN");
            }
        }
        assertEquals(expected, params(GemmModelShapes.class, "shape"));
    }

    @Test
    void gemmShapeParses() {
        GemmShape g = GemmShape.parse("fashion-cnn/conv2.dX:576x363x128:TN");
        assertEquals(new GemmShape(576, 363, 128, true, false), g);
        assertEquals(576, g.lda());
        assertEquals(363, g.ldb());
        assertEquals(2.0 * 576 * 363 * 128, g.flops());
        GemmShape nt = GemmShape.parse("x:3x5x7:NT");
        assertEquals(7, nt.lda());
        assertEquals(7, nt.ldb());
        assertThrows(IllegalArgumentException.class, () -> GemmShape.parse("x:3x5:NN"));
        assertThrows(IllegalArgumentException.class, () -> GemmShape.parse("x:3x5x7:NX"));
    }

    private static List<String> params(Class<?> benchmark, String field) throws NoSuchFieldException {
        return List.of(benchmark.getField(field).getAnnotation(Param.class).value());
    }
}

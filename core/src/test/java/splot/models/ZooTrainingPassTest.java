package splot.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import splot.nn.GraphModel;
import splot.nn.Layer;
import splot.nn.Model;
import splot.nn.Parameter;
import splot.tensor.Rng;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * Every zoo model runs forward on a small batch, in training and evaluation mode, and a backward
 * pass reaches each of its trainable parameters: a wiring mistake (a branch left out of a merge, a
 * layer built but never called) leaves some parameter without a gradient.
 */
class ZooTrainingPassTest {
    @BeforeEach
    void seed() {
        Rng.seed(42);
    }

    static List<String> names() {
        return Zoo.names();
    }

    @ParameterizedTest
    @MethodSource("names")
    void forwardShapesAndBackwardReachesEveryParameter(String name) {
        Model model = Zoo.create(name);
        Shape item = model.inputShape();
        int batch = 2;
        Tensor x = Tensor.randn(item.withBatch(batch).dims());
        Tensor out = model.call(x);
        assertEquals(Shape.of(batch, 10), out.shape(), name);

        // A random projection of the logits, so that no gradient cancels by symmetry (a plain sum
        // through batch-norm and a linear head would give exactly zero).
        Tensor weights = Tensor.randn(batch, 10);
        out.mul(weights).sum().backward();
        for (Parameter p : model.weights()) {
            if (!p.trainable()) {
                assertEquals(null, p.value().grad(), name + ": " + p.name() + " is not trainable but got a gradient");
                continue;
            }
            Tensor g = p.value().grad();
            assertNotNull(g, name + ": no gradient reached " + p.name());
            assertEquals(p.value().shape(), g.shape(), name + ": " + p.name());
            boolean nonZero = false, finite = true;
            for (float v : g.data()) {
                nonZero |= v != 0;
                finite &= Float.isFinite(v);
            }
            assertTrue(nonZero, name + ": the gradient of " + p.name() + " is all zeros");
            assertTrue(finite, name + ": the gradient of " + p.name() + " is not finite");
        }

        Tensor predicted = model.predict(x);
        assertEquals(Shape.of(batch, 10), predicted.shape(), name);
        assertTrue(model.isTraining(), "predict() restores training mode");
    }

    @Test
    void resnetMiniHasThreeResidualAdditionsAndShrinksTheImageTwice() {
        GraphModel model = (GraphModel) Zoo.create("resnet-mini");
        List<Layer> layers = model.layers();
        assertEquals(3, layers.stream().filter(l -> l instanceof splot.nn.Add).count());
        List<Shape> addShapes = layers.stream().filter(l -> l instanceof splot.nn.Add).map(Layer::outputShape).toList();
        assertEquals(List.of(Shape.of(16, 28, 28), Shape.of(32, 14, 14), Shape.of(64, 7, 7)), addShapes);
        assertTrue(model.summary().contains("Connected to"), "a graph model's summary shows its wiring");
    }

    @Test
    void inceptionBlockConcatenatesFourBranchesKeepingTheImageSize() {
        GraphModel model = (GraphModel) Zoo.create("inception-mini");
        Layer concat = model.layers().stream().filter(l -> l instanceof splot.nn.Concat).findFirst().orElseThrow();
        assertEquals(Shape.of(16 + 24 + 8 + 8, 14, 14), concat.outputShape());
        String row = model.summary().lines().filter(l -> l.contains("(Concat)")).findFirst().orElseThrow();
        assertEquals(4, row.substring(row.lastIndexOf("  ")).split(",").length, "four branches join: " + row);
    }
}

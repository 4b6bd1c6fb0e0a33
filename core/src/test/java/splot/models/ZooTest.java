package splot.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import splot.nn.Model;
import splot.nn.Parameter;
import splot.tensor.Shape;

/** Parameter counts of the zoo are the numbers the course texts print; the summary must end with them. */
class ZooTest {
    record Expected(String name, Shape output, long total, long trainable) {
        long nonTrainable() {
            return total - trainable;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The course texts' numbers where they give one; the rest from tools/reference/zoo_params.py (PyTorch). */
    static Stream<Expected> expected() {
        return Stream.of(
                new Expected("fashion-mlp", Shape.of(10), 101_770, 101_770),
                new Expected("fashion-cnn", Shape.of(10), 485_514, 485_514),
                new Expected("fashion-cnn-deep", Shape.of(10), 1_063_242, 1_063_242),
                new Expected("mnist-mlp", Shape.of(10), 932_362, 932_362),
                new Expected("mnist-cnn", Shape.of(10), 1_199_882, 1_199_882),
                new Expected("lenet5", Shape.of(10), 61_706, 61_706),
                new Expected("lenet5-relu", Shape.of(10), 61_706, 61_706),
                new Expected("cifar-vgg", Shape.of(10), 1_345_066, 1_343_146),
                new Expected("resnet-mini", Shape.of(10), 78_426, 77_754),
                new Expected("inception-mini", Shape.of(10), 7_562, 7_562));
    }

    @ParameterizedTest
    @MethodSource("expected")
    void parameterCountsAreTheReferenceNumbers(Expected e) {
        Model model = Zoo.create(e.name());
        long trainable = model.weights().stream().filter(Parameter::trainable).mapToLong(Parameter::size).sum();
        long trainableTensors = model.parameters().stream().mapToLong(t -> t.size()).sum();
        assertEquals(e.total(), model.countParams(), "total");
        assertEquals(e.trainable(), trainable, "trainable");
        assertEquals(e.trainable(), trainableTensors, "trainable tensors given to an optimizer");
        assertEquals(e.nonTrainable(), model.countParams() - trainable, "non-trainable");
        assertEquals(e.output(), model.outputShape());
    }

    @ParameterizedTest
    @MethodSource("expected")
    void summaryEndsWithTheThreeCounts(Expected e) {
        List<String> lines = Zoo.create(e.name()).summary().lines().toList();
        int n = lines.size();
        assertEquals(String.format(Locale.US, "Total params: %,d", e.total()), lines.get(n - 3));
        assertEquals(String.format(Locale.US, "Trainable params: %,d", e.trainable()), lines.get(n - 2));
        assertEquals(String.format(Locale.US, "Non-trainable params: %,d", e.nonTrainable()), lines.get(n - 1));
        assertEquals("Model: \"" + e.name() + "\"", lines.get(0));
    }

    @Test
    void everyListedModelHasAnExpectedCount() {
        assertEquals(expected().map(Expected::name).sorted().toList(), Zoo.names().stream().sorted().toList());
    }

    @Test
    void everyEntryHasAOneLineDescription() {
        for (Zoo.Entry e : Zoo.entries()) {
            assertTrue(!e.description().isBlank() && !e.description().contains("\n"), e.name());
        }
    }

    @Test
    void eachCreateGivesNewWeights() {
        Model a = Zoo.create("fashion-mlp"), b = Zoo.create("fashion-mlp");
        assertNotSame(a, b);
        float[] wa = a.parameters().get(0).data(), wb = b.parameters().get(0).data();
        boolean differ = false;
        for (int i = 0; i < wa.length && !differ; i++) differ = wa[i] != wb[i];
        assertTrue(differ, "two models share their initial weights");
    }

    @Test
    void unknownNameListsTheValidNames() {
        var ex = assertThrows(IllegalArgumentException.class, () -> Zoo.create("fashion-cnnn"));
        assertTrue(ex.getMessage().contains("'fashion-cnnn'"), ex.getMessage());
        for (String name : Zoo.names()) assertTrue(ex.getMessage().contains(name), ex.getMessage());
    }
}

package splot.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import splot.io.ModelFile;
import splot.nn.Model;
import splot.tensor.Rng;
import splot.tensor.Tensor;

/** Every zoo model can be saved to a .splot file and read back as the same model with the same outputs. */
class ZooFileTest {
    @TempDir
    Path dir;

    static List<String> names() {
        return Zoo.names();
    }

    @ParameterizedTest
    @MethodSource("names")
    void roundTripKeepsArchitectureWeightsAndOutputs(String name) throws IOException {
        Rng.seed(7);
        Model model = Zoo.create(name);
        Path file = dir.resolve(name + ".splot");
        ModelFile.save(model, file);
        Model back = ModelFile.load(file);
        assertEquals(model.summary(), back.summary());
        Tensor x = Tensor.randn(model.inputShape().withBatch(2).dims());
        assertArrayEquals(model.predict(x).data(), back.predict(x).data(), name);
    }
}

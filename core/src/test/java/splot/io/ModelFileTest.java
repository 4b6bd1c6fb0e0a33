package splot.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import splot.nn.Add;
import splot.nn.Dropout;
import splot.nn.Flatten;
import splot.nn.GraphModel;
import splot.nn.Input;
import splot.nn.Linear;
import splot.nn.Model;
import splot.nn.Node;
import splot.nn.ReLU;
import splot.nn.Sequential;
import splot.tensor.Shape;
import splot.tensor.Tensor;

class ModelFileTest {
    @TempDir
    Path dir;

    private static Sequential mlp() {
        return Sequential.of(Shape.of(1, 4, 4), new Flatten(), new Linear(8), new ReLU(), new Dropout(0.25), new Linear(3));
    }

    @Test
    void roundTripIsBitExact() throws IOException {
        Sequential model = mlp();
        Path file = dir.resolve("m.splot");
        ModelFile.save(model, file, new ModelFile.Extras(Map.of("0.exp_avg", Tensor.ones(2, 2)), Map.of("epoch", 3)));
        ModelFile.Contents back = ModelFile.read(file);
        Model loaded = back.model();
        assertEquals(model.summary(), loaded.summary());
        for (int i = 0; i < model.weights().size(); i++) {
            assertArrayEquals(model.weights().get(i).value().data(), loaded.weights().get(i).value().data());
        }
        Tensor x = Tensor.rand(2, 1, 4, 4);
        assertArrayEquals(model.predict(x).data(), loaded.predict(x).data());
        assertEquals(3L, back.extras().training().get("epoch"));
        assertEquals(Shape.of(2, 2), back.extras().optimizerState().get("0.exp_avg").shape());
    }

    @Test
    void graphModelRoundTrip() throws IOException {
        Node in = Input.of(5);
        Linear shared = new Linear(5);
        Node x = shared.on(in);
        Node y = new Add().on(shared.on(x), in);
        GraphModel g = GraphModel.of(in, new Linear(2).on(y), x);
        Path file = dir.resolve("g.splot");
        ModelFile.save(g, file);
        GraphModel back = (GraphModel) ModelFile.load(file);
        Tensor t = Tensor.rand(3, 5);
        List<Tensor> a = g.callAll(t), b = back.callAll(t);
        assertArrayEquals(a.get(0).data(), b.get(0).data());
        assertArrayEquals(a.get(1).data(), b.get(1).data());
        assertEquals(g.countParams(), back.countParams());
    }

    /** Reads weights.safetensors with a reader written from the format's description, not with SafeTensors. */
    @Test
    void weightsFollowTheSafetensorsLayout() throws IOException {
        Map<String, Tensor> tensors = new java.util.LinkedHashMap<>();
        tensors.put("a", Tensor.of(new float[] {1.5f, -2f, 3f}, 3));
        tensors.put("b.weight", Tensor.of(new float[] {4f, 5f, 6f, 7f}, 2, 2));
        byte[] bytes = SafeTensors.encode(tensors, Map.of("format", "pt"));
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong();
        assertEquals(0, (8 + n) % 8, "header padded to 8 bytes");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8).strip();
        assertTrue(header.contains("\"b.weight\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[12,28]}"), header);
        assertTrue(header.contains("\"__metadata__\":{\"format\":\"pt\"}"), header);
        ByteBuffer data = ByteBuffer.wrap(bytes, 8 + (int) n + 12, 16).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(4f, data.getFloat());
        assertEquals(5f, data.getFloat());
        assertEquals(6f, data.getFloat());
        assertEquals(7f, data.getFloat());
    }

    @Test
    void damagedFilesGiveClearErrors() throws IOException {
        Path file = dir.resolve("m.splot");
        ModelFile.save(mlp(), file);
        byte[] good = Files.readAllBytes(file);
        Path truncated = dir.resolve("t.splot");
        Files.write(truncated, java.util.Arrays.copyOf(good, good.length / 2));
        var e = assertThrows(IOException.class, () -> ModelFile.load(truncated));
        assertTrue(e.getMessage().contains("t.splot"), e.getMessage());
        Path text = dir.resolve("x.splot");
        Files.writeString(text, "hello");
        var e2 = assertThrows(IOException.class, () -> ModelFile.load(text));
        assertTrue(e2.getMessage().contains("x.splot") && e2.getMessage().contains("not"), e2.getMessage());
    }

    @Test
    void failedSaveLeavesThePreviousFile() throws IOException {
        Path file = dir.resolve("m.splot");
        Files.writeString(file, "previous");
        assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write(new byte[100]);
            throw new IOException("disk full");
        }));
        assertEquals("previous", Files.readString(file));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void jsonRoundTrip() {
        String text = "{\"a\":[1,2.5,\"x\\\"y\"],\"b\":{\"c\":true,\"d\":null},\"e\":-3e-2}";
        assertEquals(text.replace("-3e-2", "-0.03"), Json.write(Json.parse(text)));
        var e = assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\":}"));
        assertTrue(e.getMessage().contains("offset 5"), e.getMessage());
    }
}

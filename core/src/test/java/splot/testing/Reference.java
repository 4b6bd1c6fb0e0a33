package splot.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * Reference numbers produced by PyTorch (scripts under tools/reference/, fixtures under
 * src/test/resources/reference/). A fixture file is a JSON object; each tensor in it is
 * {@code {"shape": [..], "data": [..]}} with data row-major; other values are plain JSON.
 */
public final class Reference {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String file;
    private final JsonNode root;

    private Reference(String file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /** Loads {@code /reference/<name>} from the test class path. */
    public static Reference load(String name) {
        String path = "/reference/" + name;
        try (InputStream in = Reference.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("Missing fixture " + path + "; regenerate with tools/reference/");
            return new Reference(path, JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON node at a path of keys (and array indices as strings). */
    public JsonNode node(String... keys) {
        JsonNode n = root;
        for (String k : keys) {
            n = n.isArray() ? n.get(Integer.parseInt(k)) : n.get(k);
            if (n == null) throw new IllegalStateException(file + " has no entry " + String.join(".", keys));
        }
        return n;
    }

    /** A sub-object of this fixture, for files that hold several cases. */
    public Reference at(String... keys) {
        return new Reference(file + ":" + String.join(".", keys), node(keys));
    }

    /** The tensor stored at a path of keys. */
    public Tensor tensor(String... keys) {
        return toTensor(node(keys));
    }

    public double number(String... keys) {
        return node(keys).asDouble();
    }

    public int integer(String... keys) {
        return node(keys).asInt();
    }

    public static Tensor toTensor(JsonNode n) {
        JsonNode shapeNode = n.get("shape"), dataNode = n.get("data");
        int[] shape = new int[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) shape[i] = shapeNode.get(i).asInt();
        float[] data = new float[dataNode.size()];
        for (int i = 0; i < data.length; i++) data[i] = (float) dataNode.get(i).asDouble();
        return Tensor.of(data, Shape.of(shape));
    }

    /** Asserts equal shapes and |a - e| <= rtol * |e| + atol elementwise (the bound is rtol 1e-4). */
    public static void assertClose(Tensor expected, Tensor actual, double rtol, double atol, String what) {
        assertEquals(expected.shape(), actual.shape(), what + ": shape");
        float[] e = expected.data(), a = actual.data();
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs(a[i] - e[i]) <= rtol * Math.abs(e[i]) + atol)) {
                fail(what + ": element " + i + " expected " + e[i] + " but was " + a[i]);
            }
        }
    }

    /** {@link #assertClose} with rtol 1e-4 and atol 1e-5. */
    public static void assertClose(Tensor expected, Tensor actual, String what) {
        assertClose(expected, actual, 1e-4, 1e-5, what);
    }
}

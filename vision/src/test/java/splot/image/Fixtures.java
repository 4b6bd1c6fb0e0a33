package splot.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the scipy fixtures (tools/reference/convolve2d.py) and compares planes with them. */
final class Fixtures {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode convolve2d;

    private Fixtures() {
    }

    /** The parsed {@code reference/convolve2d/cases.json}, read once. */
    static synchronized JsonNode convolve2d() {
        if (convolve2d == null) convolve2d = load("/reference/convolve2d/cases.json");
        return convolve2d;
    }

    static JsonNode load(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("Missing fixture " + path + "; run /usr/bin/python3 tools/reference/convolve2d.py");
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {"shape": [h, w], "data": [...]} node as a plane. */
    static Plane plane(JsonNode n) {
        JsonNode shape = n.get("shape"), data = n.get("data");
        float[] d = new float[data.size()];
        for (int i = 0; i < d.length; i++) d[i] = (float) data.get(i).asDouble();
        return new Plane(shape.get(0).asInt(), shape.get(1).asInt(), d);
    }

    /** Same size and |actual - expected| <= atol + rtol |expected| everywhere; the message names the case and pixel. */
    static void assertClose(Plane expected, Plane actual, double atol, double rtol, String what) {
        assertEquals(expected.height() + "x" + expected.width(), actual.height() + "x" + actual.width(), what + ": size");
        for (int y = 0; y < expected.height(); y++) {
            for (int x = 0; x < expected.width(); x++) {
                double e = expected.get(y, x), a = actual.get(y, x);
                if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
                    fail(what + ": at (y=" + y + ", x=" + x + ") expected " + e + " but was " + a);
                }
            }
        }
    }
}

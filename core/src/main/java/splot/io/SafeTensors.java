package splot.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * The safetensors format (as Hugging Face's safetensors reads it): an 8-byte little-endian header
 * length, a JSON header mapping each name to {@code {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}}
 * (offsets relative to the data section), optional {@code "__metadata__"} of string values, then the
 * little-endian data. The header is padded with spaces to a multiple of 8 bytes.
 */
public final class SafeTensors {
    private SafeTensors() {
    }

    /** Encodes tensors (float32) in the given order, with optional string metadata. */
    public static byte[] encode(Map<String, Tensor> tensors, Map<String, String> metadata) {
        Map<String, Object> header = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) header.put("__metadata__", metadata);
        long offset = 0;
        for (var e : tensors.entrySet()) {
            Tensor t = e.getValue();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", "F32");
            entry.put("shape", t.shape().dims());
            entry.put("data_offsets", List.of(offset, offset + 4L * t.size()));
            header.put(e.getKey(), entry);
            offset += 4L * t.size();
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        if (8L + padded + offset > Integer.MAX_VALUE) throw new IllegalArgumentException("Tensors too large for one file: " + offset + " bytes");
        ByteBuffer buf = ByteBuffer.allocate(8 + padded + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(padded);
        buf.put(json);
        for (int i = json.length; i < padded; i++) buf.put((byte) ' ');
        // asFloatBuffer() does not advance the parent buffer: place each tensor by hand.
        int pos = 8 + padded;
        for (Tensor t : tensors.values()) {
            buf.position(pos);
            buf.asFloatBuffer().put(t.data());
            pos += 4 * t.size();
        }
        return buf.array();
    }

    /** Decodes every tensor, in header order. Errors name {@code source} and the problem. */
    public static Map<String, Tensor> decode(byte[] bytes, String source) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 8) throw new IOException(source + ": too short for a safetensors file (" + bytes.length + " bytes)");
        long headerLength = buf.getLong();
        if (headerLength < 2 || 8 + headerLength > bytes.length) {
            throw new IOException(source + ": header length " + headerLength + " does not fit a file of " + bytes.length + " bytes");
        }
        Map<String, Object> header;
        try {
            header = Json.parseObject(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": unreadable safetensors header: " + e.getMessage(), e);
        }
        int dataStart = 8 + (int) headerLength;
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var e : header.entrySet()) {
            if (e.getKey().equals("__metadata__")) continue;
            out.put(e.getKey(), tensor(e.getKey(), e.getValue(), buf, dataStart, bytes.length, source));
        }
        return out;
    }

    /** The {@code __metadata__} strings, or an empty map. */
    @SuppressWarnings("unchecked")
    public static Map<String, String> metadata(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = buf.getLong();
        Map<String, Object> header = Json.parseObject(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        Object m = header.get("__metadata__");
        return m == null ? Map.of() : (Map<String, String>) m;
    }

    @SuppressWarnings("unchecked")
    private static Tensor tensor(String name, Object spec, ByteBuffer buf, int dataStart, int fileLength, String source)
            throws IOException {
        if (!(spec instanceof Map<?, ?> m) || !"F32".equals(m.get("dtype"))) {
            throw new IOException(source + ": tensor '" + name + "' is not float32 (dtype " + (spec instanceof Map<?, ?> mm ? mm.get("dtype") : spec) + ")");
        }
        List<Object> shapeList = (List<Object>) m.get("shape");
        List<Object> offsets = (List<Object>) m.get("data_offsets");
        int[] dims = new int[shapeList.size()];
        for (int i = 0; i < dims.length; i++) dims[i] = ((Number) shapeList.get(i)).intValue();
        Shape shape = Shape.of(dims);
        long begin = ((Number) offsets.get(0)).longValue(), end = ((Number) offsets.get(1)).longValue();
        if (end - begin != 4L * shape.size() || dataStart + end > fileLength || begin < 0) {
            throw new IOException(source + ": tensor '" + name + "' of shape " + shape + " has data offsets [" + begin + ", " + end
                    + "] that do not fit (file has " + (fileLength - dataStart) + " data bytes)");
        }
        float[] data = new float[shape.size()];
        buf.position(dataStart + (int) begin);
        buf.asFloatBuffer().get(data);
        return Tensor.of(data, shape);
    }
}

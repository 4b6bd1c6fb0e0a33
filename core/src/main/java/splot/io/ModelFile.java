package splot.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import splot.nn.Model;
import splot.nn.Parameter;
import splot.tensor.Tensor;

/**
 * The {@code .splot} model file: a zip holding
 * <ul>
 *   <li>{@code model.json} — the architecture ({@link Architecture}) and a format version;</li>
 *   <li>{@code weights.safetensors} — every parameter and buffer by name ({@code conv2d.weight}), float32;</li>
 *   <li>{@code optimizer.safetensors} — optional optimizer state, for resuming exactly;</li>
 *   <li>{@code training.json} — optional plain training state (history, epoch, optimizer settings).</li>
 * </ul>
 * Saving is atomic: a failed save leaves the previous file intact.
 */
public final class ModelFile {
    static final String FORMAT = "splot-model";
    static final int VERSION = 1;

    private ModelFile() {
    }

    /** What a file holds beside the model. Any part may be empty. */
    public record Extras(Map<String, Tensor> optimizerState, Map<String, Object> training) {
        public static final Extras NONE = new Extras(Map.of(), Map.of());
    }

    /** A loaded file: the model with its weights, and the extras. */
    public record Contents(Model model, Extras extras) {
    }

    public static void save(Model model, Path path) throws IOException {
        save(model, path, Extras.NONE);
    }

    public static void save(Model model, Path path, Extras extras) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        json.put("version", VERSION);
        json.put("model", Architecture.describe(model));
        Map<String, Tensor> weights = new LinkedHashMap<>();
        for (Parameter p : model.weights()) weights.put(p.name(), p.value());
        AtomicFiles.write(path, out -> {
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                put(zip, "model.json", Json.write(json).getBytes(StandardCharsets.UTF_8));
                put(zip, "weights.safetensors", SafeTensors.encode(weights, Map.of("format", "pt")));
                if (!extras.optimizerState().isEmpty()) {
                    put(zip, "optimizer.safetensors", SafeTensors.encode(extras.optimizerState(), Map.of()));
                }
                if (!extras.training().isEmpty()) {
                    put(zip, "training.json", Json.write(extras.training()).getBytes(StandardCharsets.UTF_8));
                }
            }
        });
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    /** Loads the model with its weights. */
    public static Model load(Path path) throws IOException {
        return read(path).model();
    }

    /** Loads the model, its weights and the extras; a damaged file fails naming the file and the problem. */
    public static Contents read(Path path) throws IOException {
        Map<String, byte[]> entries = entries(path);
        String where = path.toString();
        byte[] modelJson = require(entries, "model.json", where);
        byte[] weightBytes = require(entries, "weights.safetensors", where);
        Model model;
        try {
            Map<String, Object> json = Json.parseObject(new String(modelJson, StandardCharsets.UTF_8));
            if (!FORMAT.equals(json.get("format"))) throw new IOException(where + ": model.json is not a Splot model description");
            @SuppressWarnings("unchecked")
            Map<String, Object> arch = (Map<String, Object>) json.get("model");
            model = Architecture.rebuild(arch);
        } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
            throw new IOException(where + ": damaged model.json: " + e.getMessage(), e);
        }
        copyWeights(model, SafeTensors.decode(weightBytes, where + "!weights.safetensors"), where);
        Map<String, Tensor> optimizer = entries.containsKey("optimizer.safetensors")
                ? SafeTensors.decode(entries.get("optimizer.safetensors"), where + "!optimizer.safetensors") : Map.of();
        Map<String, Object> training = Map.of();
        if (entries.containsKey("training.json")) {
            try {
                training = Json.parseObject(new String(entries.get("training.json"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new IOException(where + ": damaged training.json: " + e.getMessage(), e);
            }
        }
        return new Contents(model, new Extras(optimizer, training));
    }

    private static void copyWeights(Model model, Map<String, Tensor> stored, String where) throws IOException {
        List<Parameter> params = model.weights();
        for (Parameter p : params) {
            Tensor t = stored.get(p.name());
            if (t == null) throw new IOException(where + ": weights have no '" + p.name() + "'; stored: " + stored.keySet());
            if (!t.shape().equals(p.value().shape())) {
                throw new IOException(where + ": weight '" + p.name() + "' has shape " + t.shape() + ", the model expects " + p.value().shape());
            }
            System.arraycopy(t.data(), 0, p.value().data(), 0, t.size());
        }
        if (stored.size() != params.size()) {
            throw new IOException(where + ": file has " + stored.size() + " weight tensors, the model has " + params.size());
        }
    }

    private static Map<String, byte[]> entries(Path path) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(path); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                zip.transferTo(bytes);
                entries.put(e.getName(), bytes.toByteArray());
            }
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(path.toString(), null, "no such model file");
        } catch (ZipException | java.io.EOFException e) {
            throw new IOException(path + ": not a readable .splot file (damaged zip: " + e.getMessage() + ")", e);
        }
        if (entries.isEmpty()) throw new IOException(path + ": not a .splot file (no zip entries found)");
        return entries;
    }

    private static byte[] require(Map<String, byte[]> entries, String name, String where) throws IOException {
        byte[] b = entries.get(name);
        if (b == null) throw new IOException(where + ": damaged .splot file, no " + name + " (found " + entries.keySet() + ")");
        return b;
    }
}

package splot.peers;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Peer: ONNX Runtime 1.29.0 (CPU execution provider), inference only.
 *
 * <p>Loads {@code <dir>/<model>.onnx} written by python/export_onnx.py (dir from
 * {@code -Dsplot.onnx.dir}, default bench/peers/target/onnx) and the parameter count the exporter
 * wrote beside it. Graph optimisation level ALL, intra-op threads = the harness's thread count,
 * inter-op 1, sequential execution.
 */
public final class OrtBench {
    static final Path DIR = Path.of(System.getProperty("splot.onnx.dir", "bench/peers/target/onnx"));

    private OrtBench() {}

    public static void main(String[] args) {
        Harness.main("onnxruntime-1.29.0", args, OrtBench::run);
    }

    static Harness.Measured run(BenchModel spec) throws Exception {
        Path file = DIR.resolve(spec.id + ".onnx");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file.toAbsolutePath() + " not found: export the models first with "
                    + "/usr/bin/python3 bench/peers/python/export_onnx.py " + DIR + " (run.sh does)");
        }
        long params = Long.parseLong(Files.readString(DIR.resolve(spec.id + ".params")).trim());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (SessionOptions options = new SessionOptions()) {
            options.setOptimizationLevel(OptLevel.ALL_OPT);
            options.setExecutionMode(ExecutionMode.SEQUENTIAL);
            options.setIntraOpNumThreads(Harness.threads());
            options.setInterOpNumThreads(1);
            try (OrtSession session = env.createSession(file.toString(), options)) {
                System.err.printf("[ort] %s: %s, inputs %s%n", spec.id, file,
                        session.getInputInfo().values());
                return new Harness.Measured(params, Double.NaN, infer(spec, env, session));
            }
        }
    }

    private static double infer(BenchModel spec, OrtEnvironment env, OrtSession session) throws Exception {
        HostBatch[] pool = Inputs.infer(spec);
        long[] shape = {Protocol.INFER_BATCH, spec.channels, spec.height, spec.width};
        String input = session.getInputNames().iterator().next();
        return Protocol.imagesPerSecond(Protocol.INFER_WARMUP, Protocol.INFER_BATCHES, Protocol.INFER_BATCH, i -> {
            HostBatch b = pool[i % pool.length];
            try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(b.images()), shape);
                 OrtSession.Result out = session.run(Map.of(input, x))) {
                float[][] logits = (float[][]) out.get(0).getValue();
                if (logits.length != b.n() || logits[0].length != 10) {
                    throw new IllegalStateException("logits " + logits.length + "x" + logits[0].length);
                }
            }
        });
    }
}

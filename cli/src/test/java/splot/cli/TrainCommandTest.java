package splot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import splot.io.Json;
import splot.train.Checkpoint;

/**
 * The training workflow through the CLI, on a small Fashion-MNIST-shaped data set written here:
 * two easy classes (bright top half vs bright bottom half) among ten, with noise.
 */
class TrainCommandTest {
    @TempDir
    static Path data;

    @TempDir
    Path work;

    @BeforeAll
    static void writeData() throws IOException {
        writeSplit(data, "train", 600, 1);
        writeSplit(data, "t10k", 200, 2);
    }

    static void writeSplit(Path dir, String prefix, int n, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] px = new byte[n * 784], labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int label = i % 2 == 0 ? 0 : 8;
            labels[i] = (byte) label;
            for (int p = 0; p < 784; p++) {
                boolean top = p < 392;
                int v = (label == 0) == top ? 150 + r.nextInt(100) : r.nextInt(60);
                px[i * 784 + p] = (byte) v;
            }
        }
        writeIdx(dir.resolve(prefix + "-images-idx3-ubyte.gz"), 0x803, new int[] {n, 28, 28}, px);
        writeIdx(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), 0x801, new int[] {n}, labels);
    }

    static void writeIdx(Path file, int magic, int[] dims, byte[] body) throws IOException {
        try (OutputStream f = Files.newOutputStream(file); DataOutputStream out = new DataOutputStream(new GZIPOutputStream(f))) {
            out.writeInt(magic);
            for (int d : dims) out.writeInt(d);
            out.write(body);
        }
    }

    private MainTest.Run train(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--model", "fashion-mlp", "--data-dir", data.toString(),
                "--batch-size", "50", "--patience", "10"));
        args.addAll(List.of(extra));
        return MainTest.run(args.toArray(String[]::new));
    }

    @Test
    void trainsSavesAndEvalReproducesTheTestAccuracy() throws IOException {
        Path out = work.resolve("mlp.splot");
        MainTest.Run r = train("--epochs", "2", "--out", out.toString());
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(r.out().contains("Epoch 2/2"), r.out());
        String accuracyLine = r.out().lines().filter(l -> l.startsWith("Test accuracy: ")).findFirst().orElseThrow();
        double printed = Double.parseDouble(accuracyLine.split(" ")[2]);
        assertTrue(printed > 0.95, accuracyLine);
        assertTrue(Files.exists(work.resolve("mlp.history.csv")));

        MainTest.Run e = MainTest.run("eval", out.toString(), "--data-dir", data.toString(), "--json");
        assertEquals(0, e.exit(), e.err());
        List<String> lines = e.out().lines().toList();
        var json = Json.parseObject(lines.getLast());
        assertEquals(printed, ((Number) json.get("accuracy")).doubleValue(), 1e-4);
        assertEquals(200L, json.get("samples"));
        assertTrue(json.containsKey("loss"));
    }

    @Test
    void valSplitZeroTrainsOnEverythingAndWatchesTheTrainingLoss() throws IOException {
        Path out = work.resolve("all.splot");
        MainTest.Run r = train("--epochs", "2", "--val-split", "0", "--out", out.toString());
        assertEquals(0, r.exit(), r.err() + r.out());
        var history = Checkpoint.load(out).resume().history();
        assertEquals(2, history.get("loss").size());
        assertTrue(!history.has("val_loss"), "no validation data, so no val_loss: " + history.metricNames());
        MainTest.Run bad = train("--epochs", "1", "--val-split", "1");
        assertTrue(bad.exit() != 0, bad.out());
        assertTrue(bad.err().contains("validation split must be in [0, 1), got 1.0"), bad.err());
    }

    @Test
    void resumeContinuesTheRunAndItsHistory() throws IOException {
        Path out = work.resolve("run.splot");
        assertEquals(0, train("--epochs", "1", "--out", out.toString()).exit());
        Checkpoint.Loaded first = Checkpoint.load(out);
        double lossAfterOne = first.resume().history().get("val_loss").getLast();
        MainTest.Run r = MainTest.run("train", "--resume", out.toString(), "--data-dir", data.toString(), "--epochs", "3",
                "--batch-size", "50", "--patience", "10");
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(r.out().contains("Resuming") && r.out().contains("Epoch 2/3") && !r.out().contains("Epoch 1/3"), r.out());
        Checkpoint.Loaded after = Checkpoint.load(out);
        assertEquals(3, after.resume().epochsDone());
        List<Double> valLoss = after.resume().history().get("val_loss");
        assertEquals(3, valLoss.size());
        assertEquals(lossAfterOne, valLoss.get(0));
        // No jump: the resumed epochs keep improving on the first rather than starting over.
        assertTrue(valLoss.get(1) < lossAfterOne && valLoss.get(2) < lossAfterOne, valLoss.toString());
        assertTrue(after.resume().optimizerState().params().getFirst().step() > first.resume().optimizerState().params().getFirst().step());
    }

    @Test
    void predictNamesTheClassOfAPicture() throws IOException {
        Path out = work.resolve("p.splot");
        assertEquals(0, train("--epochs", "2", "--out", out.toString()).exit());
        Path png = work.resolve("top.png");
        var img = new java.awt.image.BufferedImage(56, 56, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        var g = img.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, 56, 28);
        g.dispose();
        javax.imageio.ImageIO.write(img, "png", png.toFile());
        MainTest.Run r = MainTest.run("predict", out.toString(), png.toString(), "--top", "2");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith(png + ": T-shirt/top ("), r.out());
        MainTest.Run missing = MainTest.run("predict", out.toString(), work.resolve("none.png").toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("none.png"), missing.err());
    }

    /** A run killed with SIGKILL in the middle of an epoch leaves its last checkpoint complete and loadable. */
    @Test
    void sigkillMidEpochLeavesTheLastCheckpointLoadable() throws Exception {
        Path out = work.resolve("killed.splot");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                "splot.cli.Main", "train", "--model", "fashion-mlp", "--data-dir", data.toString(), "--epochs", "1000",
                "--batch-size", "10", "--patience", "1000", "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("log.txt").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(out) && System.nanoTime() < deadline && p.isAlive()) Thread.sleep(20);
            assertTrue(Files.exists(out), "no checkpoint written: " + Files.readString(work.resolve("log.txt")));
            Thread.sleep(150); // into the next epoch, or the next save
        } finally {
            p.destroyForcibly(); // SIGKILL on Linux
            p.waitFor(30, TimeUnit.SECONDS);
        }
        Checkpoint.Loaded loaded = Checkpoint.load(out);
        assertTrue(loaded.resume().epochsDone() >= 1);
        assertEquals(loaded.resume().epochsDone(), loaded.resume().history().epochs());
    }
}

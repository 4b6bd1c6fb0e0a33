package splot.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import splot.data.TensorDataset;
import splot.nn.Linear;
import splot.nn.Model;
import splot.nn.ReLU;
import splot.nn.Sequential;
import splot.optim.Adam;
import splot.optim.SGD;
import splot.tensor.Rng;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/** Real training runs on a small synthetic problem: three Gaussian blobs in 2-D. */
class TrainerTest {
    @TempDir
    Path dir;

    static TensorDataset blobs(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] centres = {{0, 3}, {3, -2}, {-3, -2}};
        float[] x = new float[n * 2], y = new float[n];
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            y[i] = c;
            x[2 * i] = centres[c][0] + (float) (r.nextGaussian() * 0.8);
            x[2 * i + 1] = centres[c][1] + (float) (r.nextGaussian() * 0.8);
        }
        return new TensorDataset(Tensor.of(x, n, 2), Tensor.of(y, n), List.of("a", "b", "c"));
    }

    static Sequential mlp() {
        return Sequential.of(Shape.of(2), new Linear(16), new ReLU(), new Linear(3));
    }

    @Test
    void fitLearnsAndRecordsHistory() {
        Rng.seed(1);
        Sequential model = mlp();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        History h = model.fit(blobs(600, 1), Fit.epochs(5).batchSize(32).validation(blobs(300, 2))
                .optimizer(new Adam(1e-2)).out(new PrintStream(log, true)));
        assertEquals(5, h.epochs());
        assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy", "lr"), h.metricNames());
        assertTrue(h.get("val_accuracy").getLast() > 0.95, h.toString());
        assertTrue(h.get("loss").getLast() < h.get("loss").getFirst(), h.toString());
        assertTrue(log.toString().contains("Epoch 5/5"), log.toString());
        Evaluation e = model.evaluate(blobs(300, 3));
        assertTrue(e.accuracy() > 0.95, e.toString());
        assertEquals(300, e.samples());
        assertTrue(e.toJson().contains("\"samples\":300"), e.toJson());
    }

    @Test
    void earlyStoppingEndsTheRun() {
        Rng.seed(2);
        Sequential model = mlp();
        EarlyStopping es = new EarlyStopping("val_loss", 2);
        // A learning rate of 0 cannot improve val_loss after the first epoch.
        History h = model.fit(blobs(90, 1), Fit.epochs(50).batchSize(30).validation(blobs(30, 2))
                .optimizer(new SGD(0.0)).verbose(false).callbacks(es));
        assertEquals(3, h.epochs());
        assertEquals(2, es.stoppedEpoch());
    }

    /** Two epochs, save, resume to four: the same weights and history as four epochs in one go. */
    @Test
    void resumedRunMatchesAnUninterruptedOne() throws Exception {
        TensorDataset train = blobs(300, 4), val = blobs(60, 5);
        Rng.seed(3);
        Sequential straight = mlp();
        History full = straight.fit(train, Fit.epochs(4).batchSize(32).validation(val).optimizer(new Adam(1e-2)).verbose(false).seed(9));

        Rng.seed(3);
        Sequential first = mlp();
        Path ckpt = dir.resolve("run.splot");
        first.fit(train, Fit.epochs(2).batchSize(32).validation(val).optimizer(new Adam(1e-2)).verbose(false).seed(9)
                .callbacks(new ModelCheckpoint(ckpt)));
        Checkpoint.Loaded loaded = Checkpoint.load(ckpt);
        assertNotNull(loaded.resume());
        assertEquals(2, loaded.resume().epochsDone());
        Model resumed = loaded.model();
        History rest = resumed.fit(train, Fit.epochs(4).batchSize(32).validation(val).optimizer(new Adam(1e-2)).verbose(false).seed(9)
                .resume(loaded.resume()));

        assertEquals(full.get("loss"), rest.get("loss"));
        for (int i = 0; i < straight.parameters().size(); i++) {
            assertArrayEquals(straight.parameters().get(i).data(), resumed.parameters().get(i).data());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> resumed.fit(train, Fit.epochs(4).optimizer(new SGD(0.1))
                .verbose(false).resume(loaded.resume())));
        assertTrue(e.getMessage().contains("adam"), e.getMessage());
    }

    @Test
    void savedModelEvaluatesTheSame() throws Exception {
        Rng.seed(4);
        Sequential model = mlp();
        model.fit(blobs(300, 6), Fit.epochs(2).optimizer(new Adam(1e-2)).verbose(false));
        Path file = dir.resolve("m.splot");
        model.save(file);
        Evaluation before = model.evaluate(blobs(99, 7));
        Evaluation after = Model.load(file).evaluate(blobs(99, 7));
        assertEquals(before, after);
        assertTrue(Files.size(file) > 0);
    }

    @Test
    void historyLoggerWritesCsv() throws Exception {
        Rng.seed(5);
        Path csv = dir.resolve("h.csv");
        mlp().fit(blobs(60, 1), Fit.epochs(2).verbose(false).validationSplit(0.2).callbacks(new HistoryLogger(csv)));
        List<String> lines = Files.readAllLines(csv);
        assertEquals(3, lines.size());
        assertEquals("epoch,loss,accuracy,val_loss,val_accuracy,lr", lines.get(0));
    }
}

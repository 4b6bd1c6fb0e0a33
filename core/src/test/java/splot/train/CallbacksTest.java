package splot.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import splot.loss.Loss;
import splot.nn.Linear;
import splot.nn.Sequential;
import splot.optim.SGD;
import splot.tensor.Shape;

/** Callbacks driven by scripted metric sequences, without training. */
class CallbacksTest {
    private final Sequential model = Sequential.of(Shape.of(2), new Linear(1));
    private final Training run = new Training(model, new SGD(model.parameters(), 0.1), Loss.mse(), splot.data.Normalization.none(), java.util.List.of("a"), 0, 100, 10, new History(), null);

    /** Feeds val_loss values one epoch at a time; returns the epoch at which a stop was requested, or -1. */
    private int feed(EarlyStopping es, double... valLosses) {
        es.onTrainBegin(run);
        for (int e = 0; e < valLosses.length; e++) {
            run.setEpoch(e);
            es.onEpochEnd(e, Map.of("loss", 1.0, "val_loss", valLosses[e]), run);
            if (run.stopRequested()) return e;
        }
        return -1;
    }

    @Test
    void stopsAfterPatienceEpochsWithoutImprovement() {
        EarlyStopping es = new EarlyStopping("val_loss", 3);
        // best at epoch 2 (0.5); epochs 3, 4, 5 do not improve -> stop at epoch 5
        assertEquals(5, feed(es, 1.0, 0.8, 0.5, 0.6, 0.55, 0.7, 0.1));
        assertEquals(2, es.bestEpoch());
        assertTrue(run.stopReason().contains("val_loss"), run.stopReason());
    }

    @Test
    void keepsGoingWhileImproving() {
        EarlyStopping es = new EarlyStopping("val_loss", 2);
        assertEquals(-1, feed(es, 1.0, 0.9, 0.95, 0.8, 0.85, 0.7, 0.6));
        assertFalse(run.stopRequested());
    }

    @Test
    void minDeltaIgnoresTinyImprovements() {
        EarlyStopping es = new EarlyStopping("val_loss", 2).minDelta(0.1);
        assertEquals(2, feed(es, 1.0, 0.95, 0.92));
    }

    @Test
    void accuracyIsMaximised() {
        EarlyStopping es = new EarlyStopping("val_accuracy", 1);
        es.onTrainBegin(run);
        es.onEpochEnd(0, Map.of("val_accuracy", 0.5), run);
        es.onEpochEnd(1, Map.of("val_accuracy", 0.6), run);
        assertFalse(run.stopRequested());
        es.onEpochEnd(2, Map.of("val_accuracy", 0.55), run);
        assertTrue(run.stopRequested());
    }

    @Test
    void restoresBestWeights() {
        EarlyStopping es = new EarlyStopping("val_loss", 1).restoreBestWeights(true);
        es.onTrainBegin(run);
        float[] w = model.parameters().get(0).data();
        w[0] = 1f;
        es.onEpochEnd(0, Map.of("val_loss", 0.1), run);
        w[0] = 2f;
        run.setEpoch(1);
        es.onEpochEnd(1, Map.of("val_loss", 0.3), run);
        es.onTrainEnd(run);
        assertEquals(1f, w[0]);
    }

    @Test
    void unknownMetricListsTheAvailableOnes() {
        EarlyStopping es = new EarlyStopping("val_acc", 5);
        es.onTrainBegin(run);
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", 1.0);
        logs.put("val_loss", 1.0);
        var e = assertThrows(IllegalArgumentException.class, () -> es.onEpochEnd(0, logs, run));
        assertEquals("Early stopping conditioned on metric `val_acc` which is not available. Available metrics are: loss,val_loss",
                e.getMessage());
    }

    @Test
    void nanLossStopsNamingTheStep() {
        TerminateOnNaN t = new TerminateOnNaN();
        t.onEpochBegin(2, run);
        t.onBatchEnd(0, 0.5, 0, 1, run);
        var e = assertThrows(TrainingStopped.class, () -> t.onBatchEnd(6, Double.NaN, 0, 1, run));
        assertTrue(e.getMessage().contains("epoch 3, step 7"), e.getMessage());
    }

    @Test
    void historyKeepsEpochsAlignedAndRoundTrips() {
        History h = new History();
        h.add(Map.of("loss", 1.0));
        h.add(Map.of("loss", 0.5, "val_loss", 0.7));
        assertEquals(List.of(1.0, 0.5), h.get("loss"));
        assertTrue(Double.isNaN(h.get("val_loss").get(0)));
        History back = History.fromMap(h.toMap());
        assertEquals(h.get("loss"), back.get("loss"));
        assertTrue(h.toCsv().startsWith("epoch,"));
    }
}

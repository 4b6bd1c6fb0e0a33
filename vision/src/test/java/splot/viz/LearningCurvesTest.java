package splot.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearningCurvesTest {
    private static final LearningCurves.Options OPTIONS = LearningCurves.Options.DEFAULT;

    /** A plausible 12-epoch run that starts to overfit after epoch 7. */
    static Map<String, List<Double>> history() {
        Map<String, List<Double>> m = new LinkedHashMap<>();
        List<Double> loss = new ArrayList<>(), valLoss = new ArrayList<>(), acc = new ArrayList<>(), valAcc = new ArrayList<>();
        for (int e = 0; e < 12; e++) {
            loss.add(1.6 * Math.exp(-0.35 * e) + 0.05);
            valLoss.add(1.5 * Math.exp(-0.4 * e) + 0.25 + 0.012 * Math.max(0, e - 6) * (e - 6));
            acc.add(0.55 + 0.43 * (1 - Math.exp(-0.4 * e)));
            valAcc.add(0.55 + 0.33 * (1 - Math.exp(-0.5 * e)) - 0.004 * Math.max(0, e - 6));
        }
        m.put("loss", loss);
        m.put("accuracy", acc);
        m.put("val_loss", valLoss);
        m.put("val_accuracy", valAcc);
        m.put("lr", List.of(1e-3, 1e-3, 1e-3, 1e-3, 1e-3, 1e-3, 5e-4, 5e-4, 5e-4, 5e-4, 5e-4, 5e-4));
        return m;
    }

    private static int titleHeight() {
        return Draw.lineHeight(Draw.TITLE) + 10;
    }

    @Test
    void twoPanelsSideBySideWithBothCurvesInEach(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("curves.png");
        LearningCurves.write(file, history(), OPTIONS);
        BufferedImage png = Gallery.decode(file);
        Gallery.keep("curves", png);
        assertEquals(2 * Draw.MARGIN + 2 * OPTIONS.panelWidth() + Draw.MARGIN, png.getWidth());
        assertEquals(2 * Draw.MARGIN + titleHeight() + OPTIONS.panelHeight(), png.getHeight());
        int top = Draw.MARGIN + titleHeight();
        for (int panel = 0; panel < 2; panel++) {
            int left = Draw.MARGIN + panel * (OPTIONS.panelWidth() + Draw.MARGIN);
            int train = Gallery.count(png, left, top, OPTIONS.panelWidth(), OPTIONS.panelHeight(), LearningCurves.TRAIN.getRGB() & 0xFFFFFF, 30);
            int val = Gallery.count(png, left, top, OPTIONS.panelWidth(), OPTIONS.panelHeight(), LearningCurves.VALIDATION.getRGB() & 0xFFFFFF, 30);
            assertTrue(train > 200, "panel " + panel + " shows the training curve (" + train + " pixels)");
            assertTrue(val > 200, "panel " + panel + " shows the validation curve (" + val + " pixels)");
        }
        assertTrue(Gallery.count(png, 0, 0, png.getWidth(), png.getHeight(), LearningCurves.BEST.getRGB() & 0xFFFFFF, 30) > 10,
                "the epoch of lowest validation loss is marked");
    }

    @Test
    void aTrainingHistoryDrawsTheSameCurves() {
        Map<String, List<Double>> m = history();
        splot.train.History h = new splot.train.History();
        for (int e = 0; e < 12; e++) {
            Map<String, Double> epoch = new LinkedHashMap<>();
            for (var entry : m.entrySet()) epoch.put(entry.getKey(), entry.getValue().get(e));
            h.add(epoch);
        }
        assertEquals(m, LearningCurves.metrics(h));
        assertEquals(m, LearningCurves.metrics(h.toMap()));
        BufferedImage fromHistory = LearningCurves.render(h, OPTIONS), fromMap = LearningCurves.render(m, OPTIONS);
        assertEquals(fromMap.getWidth(), fromHistory.getWidth());
        for (int y = 0; y < fromMap.getHeight(); y += 3) {
            for (int x = 0; x < fromMap.getWidth(); x += 3) assertEquals(fromMap.getRGB(x, y), fromHistory.getRGB(x, y));
        }
    }

    @Test
    void lossOnlyGivesOnePanel() {
        Map<String, List<Double>> m = new LinkedHashMap<>(history());
        m.remove("accuracy");
        m.remove("val_accuracy");
        BufferedImage png = Gallery.keep("curves-loss-only", LearningCurves.render(m, OPTIONS.withTitle("Loss only")));
        assertEquals(2 * Draw.MARGIN + OPTIONS.panelWidth(), png.getWidth());
    }

    @Test
    void gapsForMissingValuesAndOneEpoch() {
        Map<String, Object> plain = new LinkedHashMap<>();
        plain.put("loss", Arrays.asList(0.9, null, 0.5));
        plain.put("val_loss", Arrays.asList(1.0, 0.8, Double.NaN));
        Map<String, List<Double>> m = LearningCurves.metrics(plain);
        assertTrue(Double.isNaN(m.get("loss").get(1)));
        assertEquals(0.5, m.get("loss").get(2));
        Gallery.keep("curves-gaps", LearningCurves.render(m, OPTIONS));
        Gallery.keep("curves-one-epoch", LearningCurves.render(Map.of("loss", List.of(0.7)), OPTIONS));
    }

    @Test
    void noKnownMetricIsAnErrorListingWhatThereIs() {
        var e = assertThrows(IllegalArgumentException.class, () -> LearningCurves.render(Map.of("lr", List.of(0.1)), OPTIONS));
        assertTrue(e.getMessage().contains("lr"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LearningCurves.metrics(Map.of("loss", 3)));
    }

    @Test
    void writesAtomicallyOverAnOldFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.png");
        Files.writeString(file, "old");
        LearningCurves.write(file, history(), OPTIONS);
        Gallery.decode(file);
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left beside the picture");
        }
    }
}

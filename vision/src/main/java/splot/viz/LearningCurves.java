package splot.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import splot.image.Image;
import splot.train.History;

/**
 * Learning curves: training against validation loss (left panel) and accuracy (right panel) per epoch,
 * epochs counted from 1, as the texts plot Keras' {@code history}. The panel of a missing metric pair is
 * left out; the epoch with the lowest validation loss is marked (the one early stopping would keep).
 *
 * <p>Metrics come from a {@link History} or as name -> one value per epoch ({@code loss}, {@code val_loss},
 * {@code accuracy}, {@code val_accuracy}); a missing value (null or NaN) leaves a gap. {@link #metrics(Map)}
 * reads the plain form of a history file ({@code History.toMap()}, JSON).
 *
 * <pre>{@code
 * History history = model.fit(train, fit);
 * LearningCurves.write(Path.of("curves.png"), history, LearningCurves.Options.DEFAULT);
 * }</pre>
 */
public final class LearningCurves {
    /**
     * @param title       across the top; null for "Learning curves"
     * @param panelWidth  pixels per panel
     * @param panelHeight pixels per panel
     */
    public record Options(String title, int panelWidth, int panelHeight) {
        public static final Options DEFAULT = new Options(null, 560, 400);

        public Options {
            if (panelWidth < 200 || panelHeight < 150) {
                throw new IllegalArgumentException("Panels need at least 200x150 pixels to hold axes and a legend, got " + panelWidth + "x" + panelHeight);
            }
        }

        public Options withTitle(String t) {
            return new Options(t, panelWidth, panelHeight);
        }
    }

    /** The metric pairs drawn, one panel each: {train name, validation name, axis title}. */
    static final List<String[]> PANELS = List.of(new String[] {"loss", "val_loss", "loss"},
            new String[] {"accuracy", "val_accuracy", "accuracy"});

    static final Color TRAIN = new Color(0x1F, 0x77, 0xB4), VALIDATION = new Color(0xFF, 0x7F, 0x0E), BEST = new Color(0x2C, 0xA0, 0x2C);

    private LearningCurves() {
    }

    /** The panels side by side under a title; throws, listing the metrics there are, when none of the pairs is present. */
    public static BufferedImage render(Map<String, ? extends List<? extends Number>> metrics, Options options) {
        List<XYChart> charts = new ArrayList<>();
        for (String[] p : PANELS) {
            if (metrics.containsKey(p[0]) || metrics.containsKey(p[1])) charts.add(chart(metrics, p, options));
        }
        if (charts.isEmpty()) {
            throw new IllegalArgumentException("Learning curves need loss or accuracy per epoch (loss, val_loss, accuracy, val_accuracy);"
                    + " the history has: " + (metrics.isEmpty() ? "nothing" : String.join(", ", metrics.keySet())));
        }
        String title = options.title() != null ? options.title() : "Learning curves";
        int titleHeight = Draw.lineHeight(Draw.TITLE) + 10;
        int width = 2 * Draw.MARGIN + charts.size() * options.panelWidth() + (charts.size() - 1) * Draw.MARGIN;
        width = Math.max(width, Draw.textWidth(title, Draw.TITLE) + 2 * Draw.MARGIN);
        BufferedImage out = Draw.canvas(width, 2 * Draw.MARGIN + titleHeight + options.panelHeight());
        Graphics2D g = Draw.graphics(out);
        try {
            Draw.text(g, title, Draw.TITLE, Draw.INK, Draw.MARGIN, Draw.MARGIN);
            for (int i = 0; i < charts.size(); i++) {
                Graphics2D panel = (Graphics2D) g.create(Draw.MARGIN + i * (options.panelWidth() + Draw.MARGIN),
                        Draw.MARGIN + titleHeight, options.panelWidth(), options.panelHeight());
                try {
                    charts.get(i).paint(panel, options.panelWidth(), options.panelHeight());
                } finally {
                    panel.dispose();
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** The curves of a training run's history. */
    public static BufferedImage render(History history, Options options) {
        return render(metrics(history), options);
    }

    /** {@link #render(History, Options)} written as a PNG, atomically. */
    public static void write(Path file, History history, Options options) throws IOException {
        Image.writePng(render(history, options), file);
    }

    /** {@link #render(Map, Options)} written as a PNG, atomically. */
    public static void write(Path file, Map<String, ? extends List<? extends Number>> metrics, Options options) throws IOException {
        Image.writePng(render(metrics, options), file);
    }

    /** A history's metrics, name -> one value per epoch. */
    public static Map<String, List<Double>> metrics(History history) {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        for (String name : history.metricNames()) out.put(name, history.get(name));
        return out;
    }

    /**
     * Metrics from their plain form, name -> list of numbers (as {@code History.toMap()} and a history JSON
     * file give them); a null or non-number value becomes NaN. Non-list entries are an error naming them.
     */
    public static Map<String, List<Double>> metrics(Map<String, ?> plain) {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        for (var e : plain.entrySet()) {
            if (!(e.getValue() instanceof List<?> list)) {
                throw new IllegalArgumentException("Metric '" + e.getKey() + "' should be a list of per-epoch values, got " + e.getValue());
            }
            List<Double> values = new ArrayList<>(list.size());
            for (Object v : list) values.add(v instanceof Number n ? n.doubleValue() : Double.NaN);
            out.put(e.getKey(), values);
        }
        return out;
    }

    private static XYChart chart(Map<String, ? extends List<? extends Number>> metrics, String[] panel, Options options) {
        XYChart chart = new XYChartBuilder().width(options.panelWidth()).height(options.panelHeight())
                .title(panel[2].substring(0, 1).toUpperCase(Locale.ROOT) + panel[2].substring(1))
                .xAxisTitle("epoch").yAxisTitle(panel[2]).build();
        style(chart);
        int epochs = 0;
        for (String name : new String[] {panel[0], panel[1]}) {
            List<? extends Number> values = metrics.get(name);
            if (values == null || values.isEmpty()) continue;
            epochs = Math.max(epochs, values.size());
            XYSeries s = chart.addSeries(name.startsWith("val_") ? "validation" : "training", epochAxis(values.size()), toArray(values));
            s.setLineColor(name.startsWith("val_") ? VALIDATION : TRAIN);
            s.setMarkerColor(name.startsWith("val_") ? VALIDATION : TRAIN);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineWidth(2f);
        }
        markBest(chart, metrics.get("val_loss"), panel, metrics);
        chart.getStyler().setXAxisMin(1.0).setXAxisMax((double) Math.max(2, epochs));
        // Epochs are whole numbers: ticks at fractions would read as half-epochs.
        chart.getStyler().setXAxisTickLabelsFormattingFunction(x -> Math.abs(x - Math.rint(x)) < 1e-9 ? String.valueOf(Math.round(x)) : "");
        if (panel[2].equals("accuracy")) {
            chart.getStyler().setYAxisDecimalPattern("0.00");
            // Accuracy rises: the lower right corner is where the curves are not.
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        } else {
            chart.getStyler().setYAxisDecimalPattern("0.0##");
        }
        return chart;
    }

    /** The epoch of lowest validation loss, as a ring on the curve of this panel's validation metric. */
    private static void markBest(XYChart chart, List<? extends Number> valLoss, String[] panel, Map<String, ? extends List<? extends Number>> metrics) {
        if (valLoss == null) return;
        int best = -1;
        double lowest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < valLoss.size(); i++) {
            double v = value(valLoss.get(i));
            if (v < lowest) {
                lowest = v;
                best = i;
            }
        }
        List<? extends Number> curve = metrics.get(panel[1]);
        if (best < 0 || curve == null || best >= curve.size() || Double.isNaN(value(curve.get(best)))) return;
        XYSeries s = chart.addSeries("lowest val_loss (epoch " + (best + 1) + ")", new double[] {best + 1}, new double[] {value(curve.get(best))});
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.DIAMOND);
        s.setMarkerColor(BEST);
    }

    private static void style(XYChart chart) {
        var st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotBorderColor(Draw.FRAME);
        st.setPlotGridLinesColor(new Color(0xE4, 0xE4, 0xEA));
        st.setPlotGridLinesStroke(new BasicStroke(1f));
        st.setChartFontColor(Draw.INK);
        st.setChartTitleFont(Draw.HEADING);
        st.setChartTitleBoxVisible(false);
        st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        st.setAxisTickLabelsFont(Draw.LABEL);
        st.setAxisTickLabelsColor(Draw.MUTED);
        st.setLegendFont(Draw.LABEL);
        st.setLegendPosition(Styler.LegendPosition.InsideNE);
        st.setLegendBorderColor(Draw.FRAME);
        st.setLegendBackgroundColor(new Color(255, 255, 255, 230));
        st.setMarkerSize(6);
    }

    private static double[] epochAxis(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = i + 1;
        return x;
    }

    private static double[] toArray(List<? extends Number> values) {
        double[] y = new double[values.size()];
        for (int i = 0; i < y.length; i++) y[i] = value(values.get(i));
        return y;
    }

    private static double value(Number n) {
        return n == null ? Double.NaN : n.doubleValue();
    }
}

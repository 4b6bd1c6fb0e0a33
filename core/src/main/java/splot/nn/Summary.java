package splot.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import splot.tensor.Shape;

/** Renders a model as Keras prints {@code model.summary()}. */
final class Summary {

    private Summary() {
    }

    static String of(Model model) {
        boolean graph = model instanceof GraphModel;
        List<String[]> rows = new ArrayList<>();
        for (Layer l : model.layers()) {
            String connected = graph ? ((GraphModel) model).inputsOf(l) : null;
            rows.add(new String[] {" " + l.name() + " (" + l.getClass().getSimpleName() + ")", kerasShape(l.outputShape()),
                    String.format(Locale.US, "%,d", l.countParams()), connected});
        }
        // Keras' widths, widened when a layer's name or shape is longer, so columns always line up.
        int[] columns = {29, 26, 12};
        for (String[] r : rows) {
            columns[0] = Math.max(columns[0], r[0].length() + 1);
            columns[1] = Math.max(columns[1], r[1].length() + 1);
        }
        int width = columns[0] + columns[1] + columns[2] + (graph ? 24 : 0);
        StringBuilder sb = new StringBuilder();
        sb.append("Model: \"").append(model.name()).append("\"\n");
        sb.append("_".repeat(width)).append('\n');
        sb.append(row(columns, " Layer (type)", "Output Shape", "Param #", graph ? "Connected to" : null)).append('\n');
        sb.append("=".repeat(width)).append('\n');
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            sb.append(row(columns, r[0], r[1], r[2], r[3])).append('\n');
            if (i < rows.size() - 1) sb.append('\n'); // Keras leaves a blank line between rows
        }
        long total = model.countParams();
        long trainable = model.weights().stream().filter(Parameter::trainable).mapToLong(Parameter::size).sum();
        sb.append("=".repeat(width)).append('\n');
        sb.append(String.format(Locale.US, "Total params: %,d%n", total));
        sb.append(String.format(Locale.US, "Trainable params: %,d%n", trainable));
        sb.append(String.format(Locale.US, "Non-trainable params: %,d%n", total - trainable));
        return sb.toString();
    }

    private static String row(int[] columns, String layer, String shape, String params, String connected) {
        StringBuilder sb = new StringBuilder();
        sb.append(pad(layer, columns[0])).append(pad(shape, columns[1])).append(pad(params, columns[2]));
        if (connected != null) sb.append(connected);
        return sb.toString().stripTrailing();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }

    /** {@code (None, 64, 26, 26)}: the batch dimension is unknown, as in Keras. */
    static String kerasShape(Shape item) {
        StringBuilder sb = new StringBuilder("(None");
        for (int d : item.dims()) sb.append(", ").append(d);
        return sb.append(')').toString();
    }
}

package splot.peers;

import java.util.Locale;

/**
 * One JSON line of the results file:
 * {@code {"lib":..,"model":..,"params":..,"threads":2,"batch":..,"train_img_per_s":..,"infer_img_per_s":..}}.
 * {@code batch} is the training batch size; {@code trainImgPerS} is NaN (written null) for an
 * inference-only peer.
 */
public record Result(String lib, String model, long params, int threads, int batch,
                     double trainImgPerS, double inferImgPerS) {

    /** The line, with throughputs rounded to 0.1 image/s. */
    public String toJson() {
        return String.format(Locale.ROOT,
                "{\"lib\":\"%s\",\"model\":\"%s\",\"params\":%d,\"threads\":%d,\"batch\":%d,"
                        + "\"train_img_per_s\":%s,\"infer_img_per_s\":%s}",
                lib, model, params, threads, batch, number(trainImgPerS), number(inferImgPerS));
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "null" : String.format(Locale.ROOT, "%.1f", v);
    }
}

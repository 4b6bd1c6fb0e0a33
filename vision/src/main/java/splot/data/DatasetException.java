package splot.data;

import java.io.IOException;

/**
 * A data set file that is missing, corrupt or not what was expected, or a download that did not deliver
 * the expected bytes. The message names the file (or URL), what was expected and what came.
 */
public class DatasetException extends IOException {
    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}

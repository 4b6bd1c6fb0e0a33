package splot.train;

/** Thrown when a run cannot go on, such as a loss that became NaN; the message says at which step. */
public final class TrainingStopped extends RuntimeException {
    public TrainingStopped(String message) {
        super(message);
    }
}

package splot.tensor;

/**
 * Pushes the gradient of an op's output back into the gradients of its inputs.
 * Implementations accumulate ({@code +=}), never assign: a tensor used twice gets the sum of both uses.
 */
@FunctionalInterface
public interface Backward {
    /** @param gradOut gradient of the loss with respect to the op's output, same length as the output */
    void apply(float[] gradOut);
}

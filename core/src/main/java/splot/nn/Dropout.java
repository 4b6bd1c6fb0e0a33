package splot.nn;

import java.util.Map;
import java.util.SplittableRandom;
import splot.kernel.DropoutMask;
import splot.kernel.Elementwise;
import splot.tensor.Arena;
import splot.tensor.GradTarget;
import splot.tensor.Rng;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * In training, zeroes each element with probability {@code rate} and scales the rest by
 * 1 / (1 - rate) (inverted dropout, as PyTorch and Keras); in evaluation, the identity.
 * Any shape -> the same shape. Random choices follow the global {@link Rng}: each call draws one key from this
 * layer's generator, and the key and an element's index decide whether it is kept ({@link DropoutMask}), so a seed
 * gives the same masks on any number of threads.
 */
public final class Dropout extends Layer {
    private final float rate;
    private SplittableRandom random;

    public Dropout(double rate) {
        if (rate < 0 || rate >= 1) throw new IllegalArgumentException("Dropout rate must be in [0, 1), got " + rate);
        this.rate = (float) rate;
    }

    @Override
    protected Shape build(Shape input) {
        random = Rng.split();
        return input;
    }

    @Override
    protected Tensor forward(Tensor x) {
        if (!isTraining() || rate == 0) return x;
        // One draw a call; the mask is a function of it and the element's index (see DropoutMask), recomputed by
        // the backward pass instead of stored: a pass over the activations fewer each way.
        DropoutMask mask = DropoutMask.of(random.nextLong(), rate);
        float[] in = x.data(), out = Arena.floats(in.length);
        Elementwise.dropout(mask, in, out, in.length, false);
        return Tensor.fromOp("dropout", out, x.shape(), g -> {
            GradTarget gx = x.gradTarget();
            Elementwise.dropout(mask, g, gx.data(), g.length, gx.add());
        }, x);
    }

    public float rate() {
        return rate;
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("rate", rate);
    }
}

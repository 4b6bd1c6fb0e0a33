package splot.nn;

import java.util.Map;
import java.util.SplittableRandom;
import splot.tensor.Rng;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * In training, zeroes each element with probability {@code rate} and scales the rest by
 * 1 / (1 - rate) (inverted dropout, as PyTorch and Keras); in evaluation, the identity.
 * Any shape -> the same shape. Random choices follow the global {@link Rng}.
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
        float keep = 1 - rate, scale = 1 / keep;
        float[] in = x.data();
        float[] mask = new float[in.length];
        float[] out = new float[in.length];
        for (int i = 0; i < in.length; i++) {
            if (random.nextFloat() < keep) {
                mask[i] = scale;
                out[i] = in[i] * scale;
            }
        }
        return Tensor.fromOp("dropout", out, x.shape(), g -> {
            float[] gx = x.gradBuffer();
            for (int i = 0; i < g.length; i++) gx[i] += g[i] * mask[i];
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

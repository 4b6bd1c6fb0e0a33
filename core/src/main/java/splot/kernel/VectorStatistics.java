package splot.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link StatisticsKernels} on the preferred float vector. Sums are taken in float lanes over blocks of at most
 * {@link #BLOCK} values (64 partial sums of 16 values each on AVX-512) and each block's total is added in double,
 * so the rounding stays that of a sum of 16 floats whatever the run's length; centring subtracts the mean rounded to
 * float, and the input gradient is {@code k dy + (b (x - mean) + c)} with the channel's coefficients folded in double
 * and applied as fused multiply-adds. The scalar loops ran at about one float a cycle: batch normalisation was a tenth
 * of cifar-vgg's training step. Widening to double lanes instead ({@code convertShape(F2D)}) kept the scalar loops'
 * doubles but ran boxed in some JVMs for the first 60-odd training steps (four times the garbage collections, steps
 * at twice the time). A convolution's bias gradient behind a plain ReLU takes {@link #sum} too
 * ({@link Sums#blockSum}); behind a tanh or a pool it keeps {@link Sums}' scalar loop: a vector one there was one
 * more early C2 compile, and lenet5's 60 timed training steps ran 15% slower (four alternating rounds). No helper
 * takes or returns a vector (see {@link VectorGemmKernels}).
 *
 * <p>No vector op is called on a loop's running sum: {@code s0 = s0.add(v)} has C2 decide {@code add}'s target from a
 * type profile, which the Vector API's own methods, left to C1 without profiling (the launcher's compiler directives),
 * may never have gathered, and in some JVMs the whole loop then ran boxed (batch normalisation's statistics 8 times
 * slower, 14 MB of garbage a call; session 26). A fresh vector's type is exact: {@code v.add(s0)}, the same sum, and
 * {@code zero.add(s0)} before the lanes are combined.
 */
final class VectorStatistics implements StatisticsKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Values per block summed in float lanes before the block's total goes into the double sum. */
    static final int BLOCK = 64 * L;

    /**
     * Lane i's partner {@code i ^ h}: adding a vector to its rearrangement by each h from L / 2 down to 1 leaves the sum
     * of its lanes in lane 0, in one order whether the loop runs interpreted or compiled. {@code reduceLanes(ADD)} leaves
     * the order to the implementation, and the interpreter's differs from C2's: a convolution's bias gradient behind a
     * ReLU, and batch normalisation's statistics, came out in other floats in the first steps of one run than of the next.
     */
    static final VectorShuffle<Float>[] SWAPS = swaps();

    /** The shuffles for h = L / 2, L / 4, ..., 1, in that order. */
    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] swaps() {
        VectorShuffle<Float>[] swaps = new VectorShuffle[Integer.numberOfTrailingZeros(L)];
        for (int k = 0, h = L / 2; h >= 1; k++, h /= 2) {
            int partner = h;
            swaps[k] = VectorShuffle.fromOp(S, i -> i ^ partner);
        }
        return swaps;
    }

    @Override
    public double sum(float[] a, int off, int len) {
        double total = 0;
        int k = 0;
        for (; k + 4 * L <= len; ) {
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            for (int end = Math.min(len, k + BLOCK) - 4 * L; k <= end; k += 4 * L) {
                int i = off + k;
                s0 = FloatVector.fromArray(S, a, i).add(s0);
                s1 = FloatVector.fromArray(S, a, i + L).add(s1);
                s2 = FloatVector.fromArray(S, a, i + 2 * L).add(s2);
                s3 = FloatVector.fromArray(S, a, i + 3 * L).add(s3);
            }
            FloatVector t = FloatVector.zero(S).add(s0).add(s1).add(FloatVector.zero(S).add(s2).add(s3));
            for (VectorShuffle<Float> swap : SWAPS) t = t.rearrange(swap).add(t);
            total += t.lane(0);
        }
        for (; k < len; k++) total += a[off + k];
        return total;
    }

    @Override
    public double squares(float[] x, int off, int len, double m) {
        float mf = (float) m;
        double total = 0;
        int k = 0;
        for (; k + 4 * L <= len; ) {
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            for (int end = Math.min(len, k + BLOCK) - 4 * L; k <= end; k += 4 * L) {
                int i = off + k;
                FloatVector d0 = FloatVector.fromArray(S, x, i).sub(mf), d1 = FloatVector.fromArray(S, x, i + L).sub(mf);
                FloatVector d2 = FloatVector.fromArray(S, x, i + 2 * L).sub(mf), d3 = FloatVector.fromArray(S, x, i + 3 * L).sub(mf);
                s0 = d0.fma(d0, s0);
                s1 = d1.fma(d1, s1);
                s2 = d2.fma(d2, s2);
                s3 = d3.fma(d3, s3);
            }
            FloatVector t = FloatVector.zero(S).add(s0).add(s1).add(FloatVector.zero(S).add(s2).add(s3));
            for (VectorShuffle<Float> swap : SWAPS) t = t.rearrange(swap).add(t);
            total += t.lane(0);
        }
        for (; k < len; k++) {
            double d = x[off + k] - m;
            total += d * d;
        }
        return total;
    }

    @Override
    public double products(float[] dy, float[] x, int off, int len, double m) {
        float mf = (float) m;
        double total = 0;
        int k = 0;
        for (; k + 4 * L <= len; ) {
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            for (int end = Math.min(len, k + BLOCK) - 4 * L; k <= end; k += 4 * L) {
                int i = off + k;
                s0 = FloatVector.fromArray(S, x, i).sub(mf).fma(FloatVector.fromArray(S, dy, i), s0);
                s1 = FloatVector.fromArray(S, x, i + L).sub(mf).fma(FloatVector.fromArray(S, dy, i + L), s1);
                s2 = FloatVector.fromArray(S, x, i + 2 * L).sub(mf).fma(FloatVector.fromArray(S, dy, i + 2 * L), s2);
                s3 = FloatVector.fromArray(S, x, i + 3 * L).sub(mf).fma(FloatVector.fromArray(S, dy, i + 3 * L), s3);
            }
            FloatVector t = FloatVector.zero(S).add(s0).add(s1).add(FloatVector.zero(S).add(s2).add(s3));
            for (VectorShuffle<Float> swap : SWAPS) t = t.rearrange(swap).add(t);
            total += t.lane(0);
        }
        for (; k < len; k++) total += dy[off + k] * (x[off + k] - m);
        return total;
    }

    @Override
    public void normGradient(float[] dy, float[] x, int off, int len, double mean, double invStd, double k, double meanDy,
                             double meanDyXhat, float[] dx, boolean add) {
        // k (dy - meanDy - (x - mean) invStd meanDyXhat) = k dy + (b (x - mean) + c)
        float mf = (float) mean, a = (float) k, b = (float) (-k * invStd * meanDyXhat), c = (float) (-k * meanDy);
        FloatVector av = FloatVector.broadcast(S, a), bv = FloatVector.broadcast(S, b), cv = FloatVector.broadcast(S, c);
        int p = off, end = off + len;
        for (; p + L <= end; p += L) {
            FloatVector centred = FloatVector.fromArray(S, x, p).sub(mf);
            FloatVector g = FloatVector.fromArray(S, dy, p).fma(av, centred.fma(bv, cv));
            (add ? FloatVector.fromArray(S, dx, p).add(g) : g).intoArray(dx, p);
        }
        ScalarStatistics.normGradientRange(dy, x, p, end, mean, invStd, k, meanDy, meanDyXhat, dx, add);
    }
}

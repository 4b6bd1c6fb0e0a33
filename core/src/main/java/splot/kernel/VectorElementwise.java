package splot.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The elementwise loops on the preferred vector width, each with a scalar tail (tanh's is a masked vector). Every
 * operation is the scalar one lane by lane (no fused multiply-add, products and sums in the same order), so the floats
 * are identical to {@link ScalarElementwise}'s, but for tanh's last bit.
 */
final class VectorElementwise implements ElementwiseKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    @Override
    public void relu(float[] x, float[] out, int from, int to) {
        int i = from;
        for (int end = to - L; i <= end; i += L) FloatVector.fromArray(S, x, i).max(0f).intoArray(out, i);
        for (; i < to; i++) out[i] = Math.max(x[i], 0f);
    }

    @Override
    public void reluBackward(float[] x, float[] g, float[] gx, int from, int to) {
        int i = from;
        for (int end = to - L; i <= end; i += L) {
            VectorMask<Float> positive = FloatVector.fromArray(S, x, i).compare(VectorOperators.GT, 0f);
            FloatVector acc = FloatVector.fromArray(S, gx, i);
            acc.lanewise(VectorOperators.ADD, FloatVector.fromArray(S, g, i), positive).intoArray(gx, i);
        }
        for (; i < to; i++) if (x[i] > 0) gx[i] += g[i];
    }

    @Override
    public void reluGradient(float[] y, int yOff, float[] g, int gOff, float[] out, int outOff, int n) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (int end = n - L; i <= end; i += L) {
            VectorMask<Float> positive = FloatVector.fromArray(S, y, yOff + i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, g, gOff + i), positive).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = y[yOff + i] > 0 ? g[gOff + i] : 0f;
    }

    @Override
    public void tanh(float[] x, float[] out, int from, int to) {
        int i = from;
        for (int end = to - L; i <= end; i += L) FloatVector.fromArray(S, x, i).lanewise(VectorOperators.TANH).intoArray(out, i);
        // The tail as one masked vector, empty or not, rather than a scalar loop: whether there is a tail depends on the
        // caller (lenet5's dense layers have none, its convolution's 100-float runs have 4), and C2's code, compiled
        // from calls of one kind, threw itself out at the first call of the other, two or three times a run, and the
        // loop ran boxed in C1 until compiled again (BENCHMARKS.md, session 13).
        VectorMask<Float> tail = S.indexInRange(i, to);
        FloatVector.fromArray(S, x, i, tail).lanewise(VectorOperators.TANH).intoArray(out, i, tail);
    }

    @Override
    public void tanhBackward(float[] y, float[] g, float[] gx, int from, int to) {
        int i = from;
        for (int end = to - L; i <= end; i += L) {
            FloatVector yv = FloatVector.fromArray(S, y, i);
            FloatVector slope = FloatVector.broadcast(S, 1f).sub(yv.mul(yv));
            FloatVector.fromArray(S, gx, i).add(FloatVector.fromArray(S, g, i).mul(slope)).intoArray(gx, i);
        }
        for (; i < to; i++) gx[i] += g[i] * (1 - y[i] * y[i]);
    }

    @Override
    public void tanhGradientRun(float[] g, int gOff, float[] y, int yOff, int n) {
        int i = 0;
        for (int end = n - L; i <= end; i += L) {
            FloatVector yv = FloatVector.fromArray(S, y, yOff + i);
            FloatVector slope = FloatVector.broadcast(S, 1f).sub(yv.mul(yv));
            FloatVector.fromArray(S, g, gOff + i).mul(slope).add(0f).intoArray(g, gOff + i);
        }
        for (; i < n; i++) g[gOff + i] = 0f + g[gOff + i] * (1f - y[yOff + i] * y[yOff + i]);
    }

    /**
     * A row at a time, a vector of cells at a time: the cells' windows are the next L/2 of the pooled row, loaded whole,
     * blended with zeros past the row's last window and spread over the lanes in pairs by one permute; a vector that
     * runs past the row's end writes the next row's first cells, which that row then overwrites, and leaves them out of
     * the sum. The plane's last cells, short of a vector, go one at a time. On LeNet-5's 28 x 28 planes (its first layer)
     * this took 340 ns a plane against 730 for the pool's backward pass, the tanh's gradient and the sum one after the
     * other, on its 10 x 10 ones 93 against 107 (BENCHMARKS.md, session 38).
     */
    @Override
    public double tanhAvgHalvingGradient(float[] gy, int gyOff, Window2d pool, float[] t, int tOff, float[] dy, int dyOff) {
        int width = pool.width(), ow = pool.outW(), pooledRows = 2 * pool.outH(), cells = pool.height() * width;
        // No vector from a field in a loop's phi, and no masked load or store: in some compiles C2 boxed them, 10x slower.
        FloatVector sum = FloatVector.zero(S);
        for (int y = 0; y < pool.height(); y++) {
            int row = y * width, windows = gyOff + (y >> 1) * ow;
            for (int x = 0; x < width; x += L) {
                int at = row + x, window = windows + (x >> 1);
                if (at + L > cells || window + L > gy.length) {
                    // The plane's last cells, or windows at the end of gy: one at a time.
                    double rest = ScalarElementwise.tanhAvgHalvingCells(gy, gyOff, pool, t, tOff, dy, dyOff, at);
                    return sum.reduceLanes(VectorOperators.ADD) + rest;
                }
                // Lanes past the row's last window (or all, in a row no window covers) get none: zeros. Those past the
                // row's end go to the next row's first cells, which that row then overwrites.
                int exist = y < pooledRows ? Math.max(0, Math.min(L / 2, ow - (x >> 1))) : 0;
                VectorMask<Float> existing = VectorMask.fromLong(S, (1L << exist) - 1);
                FloatVector windowGradients = ZERO.blend(FloatVector.fromArray(S, gy, window), existing);
                FloatVector s = ZERO.add(windowGradients.mul(0.25f)).rearrange(PAIRS);
                FloatVector tv = FloatVector.fromArray(S, t, tOff + at);
                FloatVector d = ZERO.add(s.mul(ONE.sub(tv.mul(tv))));
                d.intoArray(dy, dyOff + at);
                // The running sum as the argument, not the receiver: see gatherRow.
                sum = d.blend(ZERO, VectorMask.fromLong(S, -1L << Math.min(L, width - x))).add(sum);
            }
        }
        return sum.reduceLanes(VectorOperators.ADD);
    }

    /** Lane i from lane i / 2: the lower half's values, each twice. */
    static final VectorShuffle<Float> PAIRS = VectorShuffle.fromOp(S, i -> i / 2);

    @Override
    public void mul(float[] a, float[] b, float[] out, int from, int to) {
        int i = from;
        for (int end = to - L; i <= end; i += L) FloatVector.fromArray(S, a, i).mul(FloatVector.fromArray(S, b, i)).intoArray(out, i);
        for (; i < to; i++) out[i] = a[i] * b[i];
    }

    @Override
    public void addProduct(float[] a, float[] b, float[] acc, int from, int to) {
        int i = from;
        for (int end = to - L; i <= end; i += L) {
            FloatVector prod = FloatVector.fromArray(S, a, i).mul(FloatVector.fromArray(S, b, i));
            FloatVector.fromArray(S, acc, i).add(prod).intoArray(acc, i);
        }
        for (; i < to; i++) acc[i] += a[i] * b[i];
    }

    @Override
    public void add(float[] a, float[] b, float[] out, int from, int to) {
        int i = from;
        for (int end = to - L; i <= end; i += L) FloatVector.fromArray(S, a, i).add(FloatVector.fromArray(S, b, i)).intoArray(out, i);
        for (; i < to; i++) out[i] = a[i] + b[i];
    }

    @Override
    public void biasRun(float[] x, int xOff, float bias, boolean relu, float[] y, int yOff, int n) {
        int i = 0;
        if (relu) {
            for (int end = n - L; i <= end; i += L) FloatVector.fromArray(S, x, xOff + i).add(bias).max(0f).intoArray(y, yOff + i);
            for (; i < n; i++) y[yOff + i] = Math.max(x[xOff + i] + bias, 0f);
        } else {
            for (int end = n - L; i <= end; i += L) FloatVector.fromArray(S, x, xOff + i).add(bias).intoArray(y, yOff + i);
            for (; i < n; i++) y[yOff + i] = x[xOff + i] + bias;
        }
    }

    @Override
    public void affineRun(float[] x, int off, int n, float scale, float shift) {
        int i = off, to = off + n;
        for (int end = to - L; i <= end; i += L) FloatVector.fromArray(S, x, i).mul(scale).add(shift).intoArray(x, i);
        for (; i < to; i++) x[i] = x[i] * scale + shift;
    }

    @Override
    public boolean transposeBlock(float[] src, int srcAt, int srcStride, float[] dst, int dstAt, int dstStride) {
        if (!VectorTranspose16.AVAILABLE) return false;
        VectorTranspose16.block(src, srcAt, srcStride, dst, dstAt, dstStride, 16);
        return true;
    }

    @Override
    public void addTo(float[] a, int aOff, float[] acc, int accOff, int n) {
        if (n < L) {
            for (int i = 0; i < n; i++) acc[accOff + i] += a[aOff + i];
            return;
        }
        // The last vector, [n - L, n), is summed before the loop stores anything and stored after it: where the loop's
        // last vector overlaps it, both hold the same sums. So col2im's rows of 24 or 26 floats take two whole vectors
        // and no masked tail; a masked store, fast alone, fell out of C2's intrinsics inside col2im and ran its
        // lane-by-lane checks in Java (a tenth of lenet5's training).
        FloatVector last = FloatVector.fromArray(S, acc, accOff + n - L).add(FloatVector.fromArray(S, a, aOff + n - L));
        for (int i = 0; i < n - L; i += L) {
            FloatVector.fromArray(S, acc, accOff + i).add(FloatVector.fromArray(S, a, aOff + i)).intoArray(acc, accOff + i);
        }
        last.intoArray(acc, accOff + n - L);
    }

    /**
     * A run shorter than a vector is copied as one whole vector: the lanes past its end land in the gap or in the next
     * run, which is written after it. Only a store that would end past the last run, or a load past the end of src,
     * is done float by float. im2col's rows of a valid 5x5 convolution on 14 x 14 are runs of 10: 1,500
     * System.arraycopy calls an image, a call's overhead each, made conv2 of lenet5 spend longer in im2col than in
     * its GEMM.
     */
    @Override
    public void copyRuns(float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int dstStride, int n, int runs) {
        if (n >= L) {
            for (int r = 0; r < runs; r++) copyRun(src, srcOff + r * srcStride, dst, dstOff + r * dstStride, n);
            return;
        }
        int dstEnd = dstOff + (runs - 1) * dstStride + n;
        for (int r = 0; r < runs; r++) {
            int from = srcOff + r * srcStride, to = dstOff + r * dstStride;
            if (to + L <= dstEnd && from + L <= src.length) {
                FloatVector.fromArray(S, src, from).intoArray(dst, to);
            } else {
                for (int i = 0; i < n; i++) dst[to + i] = src[from + i];
            }
        }
    }

    /** n >= L floats as whole vectors, the last one ending at n (overlapping the one before when n is not a multiple of L). */
    private static void copyRun(float[] src, int from, float[] dst, int to, int n) {
        for (int i = 0; i < n - L; i += L) FloatVector.fromArray(S, src, from + i).intoArray(dst, to + i);
        FloatVector.fromArray(S, src, from + n - L).intoArray(dst, to + n - L);
    }

    /**
     * Where the vector after the one at i starts when n items are covered by whole vectors: i + L, but the last one
     * at n - L (overlapping the one before when n is not a multiple of L; at 0 when n < L).
     */
    static int nextVector(int i, int n) {
        int last = n - L;
        return i < last && i + L > last ? last : i + L;
    }

    /** The receiver of {@link #gatherRow}'s vector calls (see there why a constant). */
    static final FloatVector ONE = FloatVector.broadcast(S, 1f);

    /** Lane indexes 0, 2, 4, ... and 1, 3, 5, ... into two vectors side by side: their even and odd lanes. */
    static final FloatVector EVEN = FloatVector.fromArray(S, laneIndexes(0), 0);
    static final FloatVector ODD = FloatVector.fromArray(S, laneIndexes(1), 0);

    /**
     * Whether {@link #EVEN} and {@link #ODD} pick from two vectors in one step. AVX-512 has a two-source permute
     * (vpermt2ps); on AVX2 a two-vector selectFrom is two permutes and a blend under a mask computed from the indexes,
     * and took 0.82 ns a pair where the one-vector form below took 0.39 (Zen 3, BENCHMARKS.md, session 15).
     */
    static final boolean TWO_SOURCE_PERMUTE = L >= 16;
    /** Lane i from lane 2i (or 2i + 1) mod L of one vector: a vector's even (odd) lanes in each half. */
    static final VectorShuffle<Float> EVEN_TWICE = VectorShuffle.fromOp(S, i -> 2 * i % L);
    static final VectorShuffle<Float> ODD_TWICE = VectorShuffle.fromOp(S, i -> (2 * i + 1) % L);
    /** The upper half of the lanes, where the second vector's picks go when blended with the first's. */
    static final VectorMask<Float> UPPER_HALF = VectorMask.fromLong(S, (1L << L) - (1L << (L / 2)));

    private static float[] laneIndexes(int first) {
        float[] at = new float[L];
        for (int i = 0; i < L; i++) at[i] = 2 * i + first;
        return at;
    }

    /**
     * Stride 1 with image rows no wider than a vector (lenet5's second convolution: 14 floats): each input row is
     * gathered in one register from every tap that reads it, a lane-shifted load of the tap's row of col under a mask
     * of the columns it reaches, and stored once. The generic loop adds one short run per tap and output row
     * instead (some 15% of lenet5's training step, most of it call and tail overhead on runs of 10 floats). The taps
     * come in the generic loop's order, so each pixel sums the same terms in the same order. Lanes a tap does not
     * reach add +0, which changes no float but a -0 in x (to +0); a gradient that starts at +0 never holds one.
     */
    @Override
    public boolean col2imNarrow(float[] col, int colOff, int ldCol, Window2d w, float[] x, int xOff) {
        if (w.width() > L || w.strideH() != 1 || w.strideW() != 1 || w.dilationW() != 1) return false;
        int taps = w.kernelH() * w.kernelW();
        for (int c = 0; c < w.channels(); c++) {
            for (int iy = 0; iy < w.height(); iy++) gatherRow(col, colOff + c * taps * ldCol, ldCol, w, x, xOff + c * w.inPlane(), iy);
        }
        return true;
    }

    /**
     * Input row iy of the plane at x[plane...] += its taps from the column rows at col[taps...]. A method of its own,
     * with no vector crossing its boundary: called once a row, C2 compiles it after a few images, while a loop over
     * the whole image would wait for a much larger compile (on-stack replacement) and meanwhile run its vectors boxed.
     *
     * <p>Every vector call here is made on the constant {@link #ONE}, never on the running sum. A Vector API method
     * dispatches on its receiver's class, which C2 knows for a constant or a fresh load but not for a value carried
     * around a loop; for that one it needs the JDK method's type profile, and the masked add this loop first had is
     * called nowhere else. About one JVM in ten compiled it with that call left virtual, every vector boxed: lenet5
     * trained at 12.8-16.4 ms a step instead of 5.0 for the rest of the run (7 of 70 StepTimes runs; BENCHMARKS.md,
     * session 12).
     */
    private static void gatherRow(float[] col, int taps, int ldCol, Window2d w, float[] x, int plane, int iy) {
        int width = w.width(), oh = w.outH(), ow = w.outW(), kw = w.kernelW(), at = plane + iy * width;
        // A whole vector spills into the rows after this one, written back unchanged: only inside this plane, whose
        // later rows come later on this thread (past it could be another image, another thread's).
        boolean whole = at + L <= plane + w.inPlane();
        VectorMask<Float> row = S.indexInRange(0, width);
        FloatVector sum = whole ? FloatVector.fromArray(S, x, at) : FloatVector.fromArray(S, x, at, row);
        for (int i = 0; i < w.kernelH(); i++) {
            int oy = iy + w.padTop() - i * w.dilationH();
            if (oy < 0 || oy >= oh) continue;
            for (int j = 0; j < kw; j++) {
                // Lane ix takes output column ix - d of the tap's row: the columns [lo, hi) it reaches.
                int d = j - w.padLeft(), lo = Math.max(0, d), hi = Math.min(width, ow + d);
                if (lo >= hi) continue;
                int src = taps + (i * kw + j) * ldCol + oy * ow - d;
                // Zero outside the columns the tap reaches; 1 x terms + sum is the sum's float (fma rounds once).
                FloatVector terms = FloatVector.fromArray(S, col, src, VectorMask.fromLong(S, (1L << hi) - (1L << lo)));
                sum = ONE.fma(terms, sum);
            }
        }
        FloatVector out = ONE.mul(sum);
        if (whole) out.intoArray(x, at);
        else out.intoArray(x, at, row);
    }

    /**
     * L outputs from 2L inputs of each row: the rows' maximum, then the maximum of its even and odd lanes (picked as
     * {@link #TWO_SOURCE_PERMUTE} says). Max is exact and order-free (NaN and signed zeros as Math.max), so the floats
     * are the scalar loop's. A row shorter than a vector is one vector whose extra lanes land in [o + n, limit); a
     * longer one ends on a vector overlapping the one before. Where neither fits (the last row of a block, or loads
     * past the end of x), the scalar loop.
     */
    @Override
    public void maxPoolRowBiasRelu(float[] x, int top, int width, float bias, float[] y, int o, int n, int limit) {
        boolean whole = n >= L || o + L <= limit;
        if (!whole || top + width + 2 * L > x.length) {
            ScalarElementwise.maxPoolRow(x, top, width, bias, y, o, n);
            return;
        }
        for (int i = 0; i < n; i = nextVector(i, n)) {
            int q = top + 2 * i;
            FloatVector m0 = FloatVector.fromArray(S, x, q).max(FloatVector.fromArray(S, x, q + width));
            FloatVector m1 = FloatVector.fromArray(S, x, q + L).max(FloatVector.fromArray(S, x, q + width + L));
            FloatVector even, odd;
            if (TWO_SOURCE_PERMUTE) {
                even = EVEN.selectFrom(m0, m1);
                odd = ODD.selectFrom(m0, m1);
            } else {
                even = m0.rearrange(EVEN_TWICE).blend(m1.rearrange(EVEN_TWICE), UPPER_HALF);
                odd = m0.rearrange(ODD_TWICE).blend(m1.rearrange(ODD_TWICE), UPPER_HALF);
            }
            even.max(odd).add(bias).max(0f).intoArray(y, o + i);
        }
    }

    /**
     * L windows at a time, the corners picked as {@link #maxPoolRowBiasRelu} picks them and summed in the scalar loop's
     * order, so the floats are its own; the last vector overlaps the one before, and a row of fewer than L windows goes
     * to the scalar loop.
     */
    @Override
    public void avgPoolRow(float[] x, int top, int width, float[] y, int o, int n) {
        if (n < L) {
            Elementwise.SCALAR.avgPoolRow(x, top, width, y, o, n);
            return;
        }
        for (int i = 0; i < n; i = nextVector(i, n)) {
            int q = top + 2 * i;
            FloatVector t0 = FloatVector.fromArray(S, x, q), t1 = FloatVector.fromArray(S, x, q + L);
            FloatVector b0 = FloatVector.fromArray(S, x, q + width), b1 = FloatVector.fromArray(S, x, q + width + L);
            FloatVector sum;
            if (TWO_SOURCE_PERMUTE) {
                sum = ZERO.add(EVEN.selectFrom(t0, t1)).add(ODD.selectFrom(t0, t1)).add(EVEN.selectFrom(b0, b1)).add(ODD.selectFrom(b0, b1));
            } else {
                sum = ZERO.add(t0.rearrange(EVEN_TWICE).blend(t1.rearrange(EVEN_TWICE), UPPER_HALF))
                        .add(t0.rearrange(ODD_TWICE).blend(t1.rearrange(ODD_TWICE), UPPER_HALF))
                        .add(b0.rearrange(EVEN_TWICE).blend(b1.rearrange(EVEN_TWICE), UPPER_HALF))
                        .add(b0.rearrange(ODD_TWICE).blend(b1.rearrange(ODD_TWICE), UPPER_HALF));
            }
            sum.mul(0.25f).intoArray(y, o + i);
        }
    }

    private static final FloatVector ZERO = FloatVector.zero(S);

    /**
     * L windows at a time, each of the four corners picked from the two rows as {@link #maxPoolRowBiasRelu} picks
     * them, and {@link Pool2d#halvingWinner}'s choice made with lane masks: the right corner when it is greater, the
     * lower pair when its max is greater. Windows whose sum is NaN (a NaN in it, or infinities of both signs) go to
     * the scalar loop, which picks as halvingWinner does there. The last vector overlaps the one before. A row of
     * fewer than L windows (fashion-cnn's 13, cifar-vgg's 8 and 4) is one vector masked to the row
     * ({@link #shortRowWinners}): branch-free, where the scalar loop's compares are coin tosses its branches lose.
     */
    @Override
    public void maxPoolRowWinners(float[] x, int top, int width, float[] y, int[] argmax, int o, int at, int n) {
        if (n < L) {
            shortRowWinners(x, top, width, y, argmax, o, at, n);
            return;
        }
        for (int i = 0; i < n; i = nextVector(i, n)) {
            int q = top + 2 * i;
            FloatVector t0 = FloatVector.fromArray(S, x, q), t1 = FloatVector.fromArray(S, x, q + L);
            FloatVector b0 = FloatVector.fromArray(S, x, q + width), b1 = FloatVector.fromArray(S, x, q + width + L);
            FloatVector a, b, c, d;
            if (TWO_SOURCE_PERMUTE) {
                a = EVEN.selectFrom(t0, t1);
                b = ODD.selectFrom(t0, t1);
                c = EVEN.selectFrom(b0, b1);
                d = ODD.selectFrom(b0, b1);
            } else {
                a = t0.rearrange(EVEN_TWICE).blend(t1.rearrange(EVEN_TWICE), UPPER_HALF);
                b = t0.rearrange(ODD_TWICE).blend(t1.rearrange(ODD_TWICE), UPPER_HALF);
                c = b0.rearrange(EVEN_TWICE).blend(b1.rearrange(EVEN_TWICE), UPPER_HALF);
                d = b0.rearrange(ODD_TWICE).blend(b1.rearrange(ODD_TWICE), UPPER_HALF);
            }
            if (a.add(b).add(c).add(d).test(VectorOperators.IS_NAN).anyTrue()) {
                ScalarElementwise.maxPoolRowWinnersScalar(x, q, width, y, argmax, o + i, at + 2 * i, L);
                continue;
            }
            VectorMask<Float> right = b.compare(VectorOperators.GT, a), rightBelow = d.compare(VectorOperators.GT, c);
            VectorMask<Float> below = c.max(d).compare(VectorOperators.GT, a.max(b));
            VectorMask<Float> column = right.andNot(below).or(rightBelow.and(below));
            a.blend(b, right).blend(c.blend(d, rightBelow), below).intoArray(y, o + i);
            IntVector.broadcast(INTS, at + 2 * i).add(TWICE_LANE)
                    .add(IntVector.zero(INTS).blend(width, below.cast(INTS)))
                    .add(IntVector.zero(INTS).blend(1, column.cast(INTS)))
                    .intoArray(argmax, o + i);
        }
    }

    /**
     * {@link #maxPoolRowWinners} of a row of n < L windows: one vector of windows, its loads and stores masked to the
     * row (masked-off lanes load zeros, so no NaN comes from outside it). Written out again rather than shared with
     * the loop above: masks there cost the whole-vector rows half their speed, and a method holding the common part
     * is too big for C2 to inline, so its vector arguments went through memory (2.5x slower, measured).
     */
    private static void shortRowWinners(float[] x, int top, int width, float[] y, int[] argmax, int o, int at, int n) {
        VectorMask<Float> first = S.indexInRange(0, 2 * n), second = S.indexInRange(L, 2 * n), outputs = S.indexInRange(0, n);
        // A row of at most L / 2 windows has all its inputs in the first vectors: the second mask is empty. (Choosing
        // a constant zero vector there instead made C2 keep every vector of the method on the heap.)
        FloatVector t0 = FloatVector.fromArray(S, x, top, first), t1 = FloatVector.fromArray(S, x, top + L, second);
        FloatVector b0 = FloatVector.fromArray(S, x, top + width, first), b1 = FloatVector.fromArray(S, x, top + width + L, second);
        FloatVector a = EVEN.selectFrom(t0, t1), b = ODD.selectFrom(t0, t1), c = EVEN.selectFrom(b0, b1), d = ODD.selectFrom(b0, b1);
        if (a.add(b).add(c).add(d).test(VectorOperators.IS_NAN).anyTrue()) {
            ScalarElementwise.maxPoolRowWinnersScalar(x, top, width, y, argmax, o, at, n);
            return;
        }
        VectorMask<Float> right = b.compare(VectorOperators.GT, a), rightBelow = d.compare(VectorOperators.GT, c);
        VectorMask<Float> below = c.max(d).compare(VectorOperators.GT, a.max(b));
        VectorMask<Float> column = right.andNot(below).or(rightBelow.and(below));
        a.blend(b, right).blend(c.blend(d, rightBelow), below).intoArray(y, o, outputs);
        IntVector.broadcast(INTS, at).add(TWICE_LANE)
                .add(IntVector.zero(INTS).blend(width, below.cast(INTS)))
                .add(IntVector.zero(INTS).blend(1, column.cast(INTS)))
                .intoArray(argmax, o, outputs.cast(INTS));
    }

    /**
     * {@link #maxPoolRowWinners}'s loop on the window's values plus bias, and a ReLU on the winner. A row of fewer than L
     * windows is one whole vector too where the row's place may spill into the next (fashion-cnn's first convolution:
     * 13 windows a row), its lanes past the row reading the rows after it; the plane's last row, which may not spill,
     * goes to the scalar loop, as do windows whose sum is NaN.
     */
    @Override
    public void maxPoolRowBiasReluWinners(float[] x, int top, int width, float bias, float[] y, int[] argmax, int o, int at, int n, int limit) {
        if (n < L && (o + L > limit || top + width + 2 * L > x.length)) {
            ScalarElementwise.maxPoolRowBiasReluWinnersScalar(x, top, width, bias, y, argmax, o, at, n);
            return;
        }
        for (int i = 0; i < n; i = nextVector(i, n)) {
            int q = top + 2 * i;
            FloatVector t0 = FloatVector.fromArray(S, x, q), t1 = FloatVector.fromArray(S, x, q + L);
            FloatVector b0 = FloatVector.fromArray(S, x, q + width), b1 = FloatVector.fromArray(S, x, q + width + L);
            FloatVector a, b, c, d;
            if (TWO_SOURCE_PERMUTE) {
                a = EVEN.selectFrom(t0, t1).add(bias);
                b = ODD.selectFrom(t0, t1).add(bias);
                c = EVEN.selectFrom(b0, b1).add(bias);
                d = ODD.selectFrom(b0, b1).add(bias);
            } else {
                a = t0.rearrange(EVEN_TWICE).blend(t1.rearrange(EVEN_TWICE), UPPER_HALF).add(bias);
                b = t0.rearrange(ODD_TWICE).blend(t1.rearrange(ODD_TWICE), UPPER_HALF).add(bias);
                c = b0.rearrange(EVEN_TWICE).blend(b1.rearrange(EVEN_TWICE), UPPER_HALF).add(bias);
                d = b0.rearrange(ODD_TWICE).blend(b1.rearrange(ODD_TWICE), UPPER_HALF).add(bias);
            }
            if (a.add(b).add(c).add(d).test(VectorOperators.IS_NAN).anyTrue()) {
                ScalarElementwise.maxPoolRowBiasReluWinnersScalar(x, q, width, bias, y, argmax, o + i, at + 2 * i, Math.min(L, n - i));
                continue;
            }
            VectorMask<Float> right = b.compare(VectorOperators.GT, a), rightBelow = d.compare(VectorOperators.GT, c);
            VectorMask<Float> below = c.max(d).compare(VectorOperators.GT, a.max(b));
            VectorMask<Float> column = right.andNot(below).or(rightBelow.and(below));
            a.blend(b, right).blend(c.blend(d, rightBelow), below).max(0f).intoArray(y, o + i);
            IntVector.broadcast(INTS, at + 2 * i).add(TWICE_LANE)
                    .add(IntVector.zero(INTS).blend(width, below.cast(INTS)))
                    .add(IntVector.zero(INTS).blend(1, column.cast(INTS)))
                    .intoArray(argmax, o + i);
        }
    }

    /** Int lanes as many as {@link #S}'s float lanes, for {@link #maxPoolRowWinners}'s positions. */
    static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, S.vectorShape());
    /** 0, 2, 4, ...: the offset of each lane's window in a row of pairs. */
    static final IntVector TWICE_LANE = IntVector.zero(INTS).addIndex(2);

    /** 0, 1, 2, ...: each lane's offset from the first index of a vector. */
    static final IntVector LANE = IntVector.zero(INTS).addIndex(1);

    @Override
    public void dropout(DropoutMask mask, float[] x, float[] out, int from, int to, boolean add) {
        int i = from, scaleBits = Float.floatToRawIntBits(mask.scale());
        for (int end = to - L; i <= end; i += L) {
            // DropoutMask.bits lane by lane, written out here: a vector passed to a helper is boxed until C2 inlines it.
            IntVector h = IntVector.broadcast(INTS, i).add(LANE).mul(DropoutMask.GOLDEN).add(mask.key0());
            for (int round = 0; ; round++) {
                h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16)).mul(DropoutMask.MIX1);
                h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 13)).mul(DropoutMask.MIX2);
                h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16));
                if (round == 1) break;
                h = h.lanewise(VectorOperators.XOR, mask.key1());
            }
            FloatVector multiplier = h.lanewise(VectorOperators.LSHR, 8).sub(mask.keepBelow())
                    .lanewise(VectorOperators.ASHR, 31).and(scaleBits).reinterpretAsFloats();
            FloatVector kept = FloatVector.fromArray(S, x, i).mul(multiplier);
            (add ? FloatVector.fromArray(S, out, i).add(kept) : kept).intoArray(out, i);
        }
        for (; i < to; i++) {
            float kept = x[i] * Float.intBitsToFloat(mask.bits(i));
            out[i] = add ? out[i] + kept : kept;
        }
    }

    @Override
    public void adam(AdamStep s, float[] p, float[] grad, float[] expAvg, float[] expAvgSq, int from, int to) {
        int i = from;
        for (int end = to - L; i <= end; i += L) {
            FloatVector pv = FloatVector.fromArray(S, p, i);
            if (s.decoupled()) pv = pv.mul(s.shrink());
            FloatVector g = FloatVector.fromArray(S, grad, i).add(pv.mul(s.weightDecay()));
            FloatVector m = FloatVector.fromArray(S, expAvg, i).mul(s.beta1()).add(g.mul(s.oneMinusBeta1()));
            FloatVector v = FloatVector.fromArray(S, expAvgSq, i).mul(s.beta2()).add(g.mul(s.oneMinusBeta2()).mul(g));
            // Subnormal moments stored as zero, as ScalarElementwise.flushed does one float (it says why); inline,
            // since no vector crosses a method call here (VectorHelpersTest).
            m = m.blend(0f, m.abs().lt(Float.MIN_NORMAL));
            v = v.blend(0f, v.abs().lt(Float.MIN_NORMAL));
            FloatVector denom = v.sqrt().div(s.biasCorrection2Sqrt()).add(s.eps());
            pv.sub(m.div(denom).mul(s.stepSize())).intoArray(p, i);
            m.intoArray(expAvg, i);
            v.intoArray(expAvgSq, i);
        }
        for (; i < to; i++) ScalarElementwise.adamOne(s, p, grad, expAvg, expAvgSq, i);
    }
}

package splot.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The vector loops (and their split across threads) give exactly the scalar reference's floats. */
class ElementwiseTest {
    private static final ElementwiseKernels VECTOR = new VectorElementwise();
    private static final ElementwiseKernels SCALAR = new ScalarElementwise();
    /** Odd sizes around the vector width, and one large enough to be split across threads. */
    private static final int[] SIZES = {1, 7, 17, 32, 33, 129, 3 * Elementwise.CHUNK + 17, Elementwise.PARALLEL_ELEMENTS + 77};

    @Test
    void storeOrAddCopiesAndAddsALargeGradientSplitAcrossThreads() {
        // Split even with the workers parked (past ASLEEP_INLINE_ELEMENTS), not a whole number of grains: stored over
        // what out held, or added to it; the element past n untouched.
        SplittableRandom r = new SplittableRandom(41);
        int n = Elementwise.ASLEEP_INLINE_ELEMENTS + 3;
        float[] g = new float[n], held = new float[n + 1];
        for (int i = 0; i < n; i++) g[i] = (float) r.nextGaussian();
        for (int i = 0; i <= n; i++) held[i] = (float) r.nextGaussian();
        float[] stored = held.clone(), added = held.clone();
        Elementwise.storeOrAdd(g, null, stored, n, false);
        Elementwise.storeOrAdd(g, null, added, n, true);
        for (int i = 0; i < n; i++) {
            assertEquals(g[i], stored[i], "stored " + i);
            assertEquals(held[i] + g[i], added[i], "added " + i);
        }
        assertEquals(held[n], stored[n]);
        assertEquals(held[n], added[n]);
    }

    @Test
    void theVectorLoopsAreInUse() {
        assertNotSame(Elementwise.SCALAR, Elementwise.KERNELS, "tests run with the Vector API module");
        assertEquals(Elementwise.SCALAR, Elementwise.choose("false"));
    }

    @Test
    void reluAndItsGradient() {
        SplittableRandom r = new SplittableRandom(1);
        for (int n : SIZES) {
            float[] x = random(n, r), g = random(n, r), acc = random(n, r);
            float[] want = new float[n], got = new float[n], fromPublic = new float[n];
            SCALAR.relu(x, want, 0, n);
            VECTOR.relu(x, got, 0, n);
            Elementwise.relu(x, fromPublic, n);
            assertArrayEquals(want, got, "relu n=" + n);
            assertArrayEquals(want, fromPublic, "relu n=" + n);
            float[] gWant = acc.clone(), gGot = acc.clone(), gPublic = acc.clone();
            SCALAR.reluBackward(x, g, gWant, 0, n);
            VECTOR.reluBackward(x, g, gGot, 0, n);
            Elementwise.reluBackward(x, g, gPublic, n, true);
            assertArrayEquals(gWant, gGot, "relu backward n=" + n);
            assertArrayEquals(gWant, gPublic, "relu backward n=" + n);
            // Stored rather than added: x > 0 ? g : 0 whatever the array held before (a -0 gradient stays -0, where
            // adding it to zeros gave +0).
            float[] storedWant = new float[n], stored = acc.clone();
            SCALAR.reluGradient(x, 0, g, 0, storedWant, 0, n);
            Elementwise.reluBackward(x, g, stored, n, false);
            assertArrayEquals(storedWant, stored, "relu backward stored n=" + n);
            for (int i = 0; i < n; i++) assertEquals(x[i] > 0 ? g[i] : 0f, stored[i], 0f, "relu backward stored at " + i);
        }
    }

    /**
     * The vector tanh against Math.tanh over every scale, 2^-35 to 2^5 (tiny values, where tanh(x) rounds to x, every
     * power of two between, and the saturation past 9), and the specials: NaN, infinities, signed zeros, subnormals.
     */
    @Test
    void tanhWithinOneUlpOfMathTanhOverEveryScale() {
        SplittableRandom r = new SplittableRandom(11);
        int n = 200_003;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            float magnitude = (float) Math.pow(2, r.nextDouble() * 40 - 35); // 2^-35 .. 2^5
            x[i] = r.nextBoolean() ? magnitude : -magnitude;
        }
        float[] specials = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE,
            Float.MAX_VALUE, -Float.MAX_VALUE, 0x1p-12f, -0x1p-12f, Math.nextDown(0x1p-12f), 20f, -20f, 9.01f, 1e-30f};
        System.arraycopy(specials, 0, x, 0, specials.length);
        float[] want = new float[n], got = new float[n];
        SCALAR.tanh(x, want, 0, n);
        VECTOR.tanh(x, got, 0, n);
        for (int i = 0; i < n; i++) {
            if (Float.isNaN(want[i])) {
                assertTrue(Float.isNaN(got[i]), "tanh(NaN) is " + got[i]);
                continue;
            }
            assertTrue(Math.abs(Float.floatToIntBits(want[i]) - Float.floatToIntBits(got[i])) <= 1,
                    "tanh(" + x[i] + "): Math.tanh gives " + want[i] + ", the vector loop " + got[i]);
        }
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(got[1]), "tanh(-0) is -0");
    }

    @Test
    void tanhWithinOneUlpOfMathTanhAndItsGradientExact() {
        SplittableRandom r = new SplittableRandom(5);
        for (int n : SIZES) {
            float[] x = new float[n], g = random(n, r), acc = random(n, r);
            for (int i = 0; i < n; i++) x[i] = (float) (r.nextDouble() * 20 - 10);
            float[] want = new float[n], got = new float[n], fromPublic = new float[n];
            SCALAR.tanh(x, want, 0, n);
            VECTOR.tanh(x, got, 0, n);
            Elementwise.tanh(x, fromPublic, n);
            for (int i = 0; i < n; i++) {
                assertTrue(Math.abs(Float.floatToIntBits(want[i]) - Float.floatToIntBits(got[i])) <= 1,
                        "tanh(" + x[i] + "): Math.tanh gives " + want[i] + ", the vector loop " + got[i]);
                // Not equal to got[i] bit for bit: the Vector API's tanh is the JIT's intrinsic once C2 has compiled the
                // loop and Math.tanh lane by lane before, so two calls may differ in the last bit (a CI run saw it).
                assertTrue(Math.abs(Float.floatToIntBits(want[i]) - Float.floatToIntBits(fromPublic[i])) <= 1,
                        "tanh(" + x[i] + "): Math.tanh gives " + want[i] + ", Elementwise.tanh " + fromPublic[i]);
            }
            float[] gWant = acc.clone(), gGot = acc.clone(), gPublic = acc.clone();
            SCALAR.tanhBackward(want, g, gWant, 0, n);
            VECTOR.tanhBackward(want, g, gGot, 0, n);
            Elementwise.tanhBackward(want, g, gPublic, n);
            assertArrayEquals(gWant, gGot, "tanh backward n=" + n);
            assertArrayEquals(gWant, gPublic, "tanh backward n=" + n);
        }
    }

    @Test
    void sumsAndProductsOnAnyRange() {
        SplittableRandom r = new SplittableRandom(2);
        for (int n : SIZES) {
            float[] a = random(n, r), b = random(n, r), acc = random(n, r);
            // A range that starts off the vector grid, as a thread's piece or a tail may.
            int from = Math.min(3, n), to = n;
            for (int op = 0; op < 4; op++) {
                float[] want = acc.clone(), got = acc.clone(), whole = acc.clone(), wholeRef = acc.clone();
                run(SCALAR, op, a, b, want, from, to);
                run(VECTOR, op, a, b, got, from, to);
                assertArrayEquals(want, got, "op " + op + " n=" + n);
                run(SCALAR, op, a, b, wholeRef, 0, n);
                switch (op) {
                    case 0 -> Elementwise.mul(a, b, whole, n);
                    case 1 -> Elementwise.addProduct(a, b, whole, n);
                    case 2 -> Elementwise.add(a, b, whole, n);
                    default -> Elementwise.addTo(a, whole, n);
                }
                assertArrayEquals(wholeRef, whole, "public op " + op + " n=" + n);
            }
        }
    }

    @Test
    void adamStepWithAndWithoutDecay() {
        SplittableRandom r = new SplittableRandom(3);
        AdamStep plain = new AdamStep(1.1e-3f, 0.0316f, 0.9f, 0.999f, 0.1f, 0.001f, 1e-8f, 0f, false, 1f);
        AdamStep decayed = new AdamStep(2e-3f, 0.05f, 0.8f, 0.99f, 0.2f, 0.01f, 1e-6f, 0.01f, true, 0.9999f);
        for (AdamStep s : new AdamStep[] {plain, decayed}) {
            for (int n : SIZES) {
                float[] p = random(n, r), grad = random(n, r), m = random(n, r), v = random(n, r);
                for (int i = 0; i < n; i++) v[i] = Math.abs(v[i]);
                adamOnEveryPath(s, p, grad, m, v);
            }
        }
    }

    /**
     * Moments that a zero gradient decays into the subnormals are stored as zero, on every path alike; those that stay
     * normal are kept. (0.9 times the least subnormal rounds back to it: unflushed, such a moment never leaves.)
     */
    @Test
    void adamFlushesSubnormalMomentsToZero() {
        AdamStep s = new AdamStep(1e-3f, 1f, 0.9f, 0.999f, 0.1f, 0.001f, 1e-8f, 0f, false, 1f);
        float[] seeds = {1.5e-38f, 1.2e-38f, 1e-40f, Float.MIN_VALUE, -1.2e-38f, 0f, 0.25f};
        for (int n : SIZES) {
            float[] p = new float[n], grad = new float[n], m = new float[n], v = new float[n];
            for (int i = 0; i < n; i++) {
                p[i] = 0.5f;
                m[i] = seeds[i % seeds.length];
                v[i] = Math.abs(seeds[(i + 3) % seeds.length]);
            }
            float[][] want = adamOnEveryPath(s, p, grad, m, v);
            for (int i = 0; i < n; i++) {
                float kept = 0.9f * m[i], keptSq = 0.999f * v[i];
                assertEquals(Math.abs(kept) < Float.MIN_NORMAL ? 0f : kept, want[1][i], "exp_avg " + i + " from " + m[i]);
                assertEquals(keptSq < Float.MIN_NORMAL ? 0f : keptSq, want[2][i], "exp_avg_sq " + i + " from " + v[i]);
            }
            if (n >= seeds.length) {
                assertTrue(want[1][0] != 0f && want[1][1] == 0f, "1.5e-38 decays to a normal float, 1.2e-38 below one");
            }
        }
    }

    /**
     * One Adam step by the scalar loop, the vector loop and the public entry (split across threads when large), each on
     * its own copies; asserts they agree to the bit and returns the scalar loop's p, exp_avg and exp_avg_sq.
     */
    private static float[][] adamOnEveryPath(AdamStep s, float[] p, float[] grad, float[] m, float[] v) {
        float[][] want = {p.clone(), m.clone(), v.clone()}, got = {p.clone(), m.clone(), v.clone()},
                whole = {p.clone(), m.clone(), v.clone()};
        SCALAR.adam(s, want[0], grad, want[1], want[2], 0, p.length);
        VECTOR.adam(s, got[0], grad, got[1], got[2], 0, p.length);
        Elementwise.adam(s, whole[0], grad, whole[1], whole[2]);
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(want[k], got[k], "adam array " + k + " n=" + p.length + " " + s);
            assertArrayEquals(want[k], whole[k], "adam array " + k + " n=" + p.length + " " + s);
        }
        return want;
    }

    @Test
    void addToRunsAtDifferentOffsetsMatchScalar() {
        SplittableRandom r = new SplittableRandom(12);
        for (int n : SIZES) {
            float[] a = random(n + 5, r), acc = random(n + 3, r);
            float[] want = acc.clone(), got = acc.clone(), run = acc.clone();
            SCALAR.addTo(a, 5, want, 3, n);
            VECTOR.addTo(a, 5, got, 3, n);
            Elementwise.addRun(a, 5, run, 3, n);
            for (int i = 0; i < 3; i++) assertEquals(acc[i], got[i], "untouched before the run, n=" + n);
            assertArrayEquals(want, got, "n=" + n);
            assertArrayEquals(want, run, "n=" + n);
        }
    }

    /** The convolution epilogue's runs: bias with and without the ReLU, into another run or in place, then the affine map. */
    @Test
    void biasAndAffineRunsMatchTheirDefinitionAndScalar() {
        SplittableRandom r = new SplittableRandom(15);
        float bias = 0.375f, scale = -1.25f, shift = 0.0625f;
        for (int n : SIZES) {
            float[] x = random(n + 6, r), y = random(n + 4, r);
            if (n > 3) {
                x[6 + 1] = -bias;   // x + bias is 0
                x[6 + 2] = Float.NaN;
                x[6 + 3] = -0f - bias;
            }
            for (boolean relu : new boolean[] {false, true}) {
                float[] want = y.clone(), got = y.clone(), run = y.clone();
                SCALAR.biasRun(x, 6, bias, relu, want, 4, n);
                VECTOR.biasRun(x, 6, bias, relu, got, 4, n);
                Elementwise.biasRun(x, 6, bias, relu, run, 4, n);
                for (int i = 0; i < n; i++) {
                    float v = x[6 + i] + bias;
                    assertEquals(relu ? Math.max(v, 0f) : v, want[4 + i], "scalar reference, i=" + i);
                }
                for (int i = 0; i < 4; i++) assertEquals(y[i], got[i], "untouched before the run, n=" + n);
                assertArrayEquals(want, got, "n=" + n + ", relu=" + relu);
                assertArrayEquals(want, run, "n=" + n + ", relu=" + relu);

                float[] inPlace = x.clone(), inPlaceWant = x.clone();
                SCALAR.biasRun(inPlaceWant, 6, bias, relu, inPlaceWant, 6, n);
                VECTOR.biasRun(inPlace, 6, bias, relu, inPlace, 6, n);
                assertArrayEquals(inPlaceWant, inPlace, "in place, n=" + n + ", relu=" + relu);

                SCALAR.affineRun(inPlaceWant, 6, n, scale, shift);
                VECTOR.affineRun(inPlace, 6, n, scale, shift);
                for (int i = 0; i < 6; i++) assertEquals(x[i], inPlace[i], "untouched before the affine run, n=" + n);
                for (int i = 0; i < n; i++) {
                    float v = x[6 + i] + bias;
                    assertEquals((relu ? Math.max(v, 0f) : v) * scale + shift, inPlaceWant[6 + i], "scalar affine, i=" + i);
                }
                assertArrayEquals(inPlaceWant, inPlace, "affine, n=" + n + ", relu=" + relu);
            }
        }
    }

    /** The tanh's gradient of a plane in place: its definition, a negative zero stored as +0, NaN kept, both loops alike. */
    @Test
    void tanhGradientRunMatchesItsDefinitionAndScalar() {
        SplittableRandom r = new SplittableRandom(17);
        for (int n : SIZES) {
            float[] y = random(n + 5, r), g = random(n + 3, r);
            if (n > 3) {
                g[3 + 1] = -0f;
                y[5 + 2] = 1f;      // a slope of 0 times a negative gradient: -0
                g[3 + 2] = -0.5f;
                y[5 + 3] = Float.NaN;
            }
            float[] want = g.clone(), got = g.clone(), run = g.clone();
            SCALAR.tanhGradientRun(want, 3, y, 5, n);
            VECTOR.tanhGradientRun(got, 3, y, 5, n);
            Elementwise.tanhGradientRun(run, 3, y, 5, n);
            for (int i = 0; i < n; i++) {
                float slope = 1f - y[5 + i] * y[5 + i];
                assertEquals(0f + g[3 + i] * slope, want[3 + i], "scalar reference, i=" + i);
            }
            if (n > 3) {
                assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(want[3 + 1]), "-0 stored as +0");
                assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(want[3 + 2]), "-0.5 x 0 stored as +0");
                assertTrue(Float.isNaN(want[3 + 3]), "NaN kept");
            }
            for (int i = 0; i < 3; i++) assertEquals(g[i], got[i], "untouched before the run, n=" + n);
            assertArrayEquals(want, got, "n=" + n);
            assertArrayEquals(want, run, "n=" + n);
        }
    }

    /**
     * A plane's gradient through a halving average pool and a tanh, on planes of odd and even sides up to past two
     * vectors wide (a last row and column no window covers, rows ending inside a vector): the floats of the pool's
     * backward pass into zeros and the tanh's gradient run one after the other, in both loops; their sums within float
     * rounding of the plane's sum in double.
     */
    @Test
    void tanhAvgHalvingGradientIsThePoolsGradientThenTheTanhs() {
        SplittableRandom r = new SplittableRandom(23);
        for (int[] hw : new int[][] {{2, 2}, {3, 5}, {7, 7}, {10, 10}, {17, 16}, {28, 28}, {33, 34}, {6, 40}}) {
            int h = hw[0], w = hw[1];
            Window2d pool = new Window2d(1, h, w, 2, 2, 2, 2, 0, 0, 1, 1, h / 2, w / 2);
            assertTrue(Pool2d.isHalving(pool), pool.toString());
            float[] gy = random(4 + pool.outPlane(), r), t = random(6 + h * w, r);
            for (int i = 0; i < t.length; i++) t[i] = (float) Math.tanh(t[i]);
            if (pool.outPlane() > 1) gy[4 + 1] = -0f;
            float[] want = new float[3 + h * w];
            Pool2d.avgBackPlane(gy, 4, pool, want, 3);
            SCALAR.tanhGradientRun(want, 3, t, 6, h * w);
            double sum = 0;
            for (int i = 0; i < h * w; i++) sum += want[3 + i];
            for (ElementwiseKernels kern : new ElementwiseKernels[] {SCALAR, VECTOR}) {
                float[] got = new float[3 + h * w + 5];
                java.util.Arrays.fill(got, Float.NaN);
                double gotSum = kern.tanhAvgHalvingGradient(gy, 4, pool, t, 6, got, 3);
                String what = kern.getClass().getSimpleName() + " " + h + "x" + w;
                for (int i = 0; i < h * w; i++) {
                    assertEquals(Float.floatToRawIntBits(want[3 + i]), Float.floatToRawIntBits(got[3 + i]), what + " cell " + i);
                }
                assertTrue(Float.isNaN(got[2]) && Float.isNaN(got[3 + h * w]), what + ": nothing written outside the plane");
                assertEquals(sum, gotSum, 1e-6 * (1 + h * w), what + " sum");
            }
        }
    }

    /** A whole 16 x 16 block between strided rows; the scalar loops leave it to Transpose. */
    @Test
    void transposeBlockMatchesItsDefinitionWhereTheVectorLoopsTakeIt() {
        SplittableRandom r = new SplittableRandom(16);
        int srcStride = 37, dstStride = 21;
        float[] src = random(5 + 15 * srcStride + 16, r), dst = random(3 + 15 * dstStride + 16, r);
        float[] declined = dst.clone();
        assertEquals(false, SCALAR.transposeBlock(src, 5, srcStride, declined, 3, dstStride));
        assertArrayEquals(dst, declined, "nothing written when the block is declined");
        assertEquals(VectorTranspose16.AVAILABLE, VectorElementwise.L == 16, "AVX-512 takes whole blocks in registers");
        float[] want = dst.clone(), got = dst.clone();
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 16; j++) want[3 + j * dstStride + i] = src[5 + i * srcStride + j];
        }
        boolean taken = VECTOR.transposeBlock(src, 5, srcStride, got, 3, dstStride);
        assertEquals(VectorTranspose16.AVAILABLE, taken, "the vector loops take whole blocks where they can");
        assertArrayEquals(taken ? want : dst, got, taken ? "the block transposed" : "nothing written when the block is declined");
    }

    @Test
    void reluGradientAtDifferentOffsetsMatchesScalar() {
        SplittableRandom r = new SplittableRandom(14);
        for (int n : SIZES) {
            float[] y = random(n + 7, r), g = random(n + 2, r), out = random(n + 4, r);
            if (n > 3) {
                y[7 + 1] = 0f;
                y[7 + 2] = Float.NaN;
                y[7 + 3] = -0f;
            }
            float[] want = out.clone(), got = out.clone(), run = out.clone();
            SCALAR.reluGradient(y, 7, g, 2, want, 4, n);
            VECTOR.reluGradient(y, 7, g, 2, got, 4, n);
            Elementwise.reluGradientRun(y, 7, g, 2, run, 4, n);
            for (int i = 0; i < n; i++) assertEquals(y[7 + i] > 0 ? g[2 + i] : 0f, want[4 + i], "scalar reference, i=" + i);
            for (int i = 0; i < 4; i++) assertEquals(out[i], got[i], "untouched before the run, n=" + n);
            assertArrayEquals(want, got, "n=" + n);
            assertArrayEquals(want, run, "n=" + n);
        }
    }

    /** Forward (stored) and backward (added) alike; from odd starts, so the vector loop meets unaligned indices. */
    @Test
    void dropoutMatchesScalarOnAnySplitAndFollowsTheMaskDefinition() {
        SplittableRandom r = new SplittableRandom(16);
        DropoutMask mask = DropoutMask.of(r.nextLong(), 0.3);
        for (int n : SIZES) {
            float[] x = random(n + 3, r), acc = random(n + 3, r);
            for (boolean add : new boolean[] {false, true}) {
                float[] want = acc.clone(), got = acc.clone();
                SCALAR.dropout(mask, x, want, 3, n + 3, add);
                VECTOR.dropout(mask, x, got, 3, n + 3, add);
                String what = "n=" + n + " add=" + add;
                assertArrayEquals(want, got, what);
                for (int i = 3; i < n + 3; i++) {
                    float kept = x[i] * Float.intBitsToFloat(mask.bits(i));
                    assertEquals(add ? acc[i] + kept : kept, want[i], what + " i=" + i);
                }
                for (int i = 0; i < 3; i++) assertEquals(acc[i], want[i], "untouched before from: " + what);
                float[] x0 = java.util.Arrays.copyOfRange(x, 3, n + 3), base = java.util.Arrays.copyOfRange(acc, 3, n + 3);
                float[] ref = base.clone();
                SCALAR.dropout(mask, x0, ref, 0, n, add);
                float[] whole = base.clone();
                Elementwise.dropout(mask, x0, whole, n, add);
                assertArrayEquals(ref, whole, "in chunks, or split over threads: " + what);
            }
        }
    }

    @Test
    void dropoutMasksKeepTheirRateWithoutPatternsAcrossIndicesOrCalls() {
        int n = 1 << 20;
        DropoutMask first = DropoutMask.of(0x1234_5678_9ABC_DEF0L, 0.25), second = DropoutMask.of(0x1234_5678_9ABC_DEF1L, 0.25);
        long kept = 0, keptPairs = 0, keptInBoth = 0, keptAtStride = 0;
        for (int i = 0; i < n; i++) {
            boolean k = first.bits(i) != 0;
            if (k) kept++;
            if (k && first.bits(i + 1) != 0) keptPairs++;
            if (k && second.bits(i) != 0) keptInBoth++;
            if (k && first.bits(i + 1024) != 0) keptAtStride++;
        }
        // Each count against its expectation for independent draws, within about 6 standard deviations.
        assertEquals(0.75 * n, kept, 6 * Math.sqrt(n * 0.75 * 0.25), "kept");
        double pairs = 0.75 * 0.75 * n, sd = 6 * Math.sqrt(n * 0.5625 * 0.4375);
        assertEquals(pairs, keptPairs, sd, "neighbours both kept");
        assertEquals(pairs, keptInBoth, sd, "kept by two calls whose keys differ in one bit");
        assertEquals(pairs, keptAtStride, sd, "kept a row of 1,024 apart");
        assertEquals(Float.floatToRawIntBits(1 / 0.75f), first.bits(java.util.stream.IntStream.range(0, n)
                .filter(i -> first.bits(i) != 0).findFirst().orElseThrow()), "kept elements are scaled by 1 / (1 - rate)");
        assertEquals(1 << 24, DropoutMask.of(1, 0).keepBelow(), "rate 0 keeps every element");
    }

    @Test
    void copyRunsWritesEveryRunAndNothingOutside() {
        SplittableRandom r = new SplittableRandom(13);
        for (ElementwiseKernels k : new ElementwiseKernels[] {SCALAR, VECTOR}) {
            for (int n : new int[] {1, 7, 10, 16, 17, 33}) {
                for (int runs : new int[] {1, 2, 5}) {
                    for (int gap : new int[] {0, 3}) {
                        int srcStride = n + 4, dstStride = n + gap, dstOff = 2;
                        // The last run ends at the end of src: a whole-vector load from it would overrun.
                        float[] src = random(1 + (runs - 1) * srcStride + n, r);
                        int end = dstOff + (runs - 1) * dstStride + n;
                        float[] dst = new float[end + 40];
                        java.util.Arrays.fill(dst, Float.NaN);
                        k.copyRuns(src, 1, srcStride, dst, dstOff, dstStride, n, runs);
                        String what = k + " n=" + n + " runs=" + runs + " gap=" + gap;
                        for (int i = 0; i < dstOff; i++) assertTrue(Float.isNaN(dst[i]), "before the runs: " + what);
                        for (int i = end; i < dst.length; i++) assertTrue(Float.isNaN(dst[i]), "after the runs: " + what);
                        for (int run = 0; run < runs; run++) {
                            for (int i = 0; i < n; i++) {
                                assertEquals(src[1 + run * srcStride + i], dst[dstOff + run * dstStride + i], what + " run " + run);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void maxPoolRowsMatchScalarAndStayInsideTheirLimit() {
        SplittableRandom r = new SplittableRandom(14);
        for (int n : new int[] {1, 5, 13, 16, 17, 40}) {
            for (int spill : new int[] {0, 1, 64}) {
                int width = 2 * n + 3;
                float[] x = random(2 * width + (spill == 1 ? 0 : 40), r);
                x[0] = Float.NaN;
                x[width + 3] = -0f;
                float[] want = new float[n + 80], got = new float[n + 80];
                java.util.Arrays.fill(got, 7f);
                java.util.Arrays.fill(want, 7f);
                SCALAR.maxPoolRowBiasRelu(x, 0, width, 0.25f, want, 2, n, 2 + n + spill);
                VECTOR.maxPoolRowBiasRelu(x, 0, width, 0.25f, got, 2, n, 2 + n + spill);
                String what = "n=" + n + " spill=" + spill;
                assertArrayEquals(java.util.Arrays.copyOfRange(want, 0, 2 + n), java.util.Arrays.copyOfRange(got, 0, 2 + n), what);
                for (int i = 2 + n + spill; i < got.length; i++) assertEquals(7f, got[i], "past the limit: " + what);
            }
        }
    }

    @Test
    void maxPoolRowsWithWinnersAfterTheBiasMatchScalarAndStayInsideTheirLimit() {
        SplittableRandom r = new SplittableRandom(15);
        for (int n : new int[] {1, 5, 13, 16, 17, 40}) {
            for (int spill : new int[] {0, 1, 64}) {
                for (int trial = 0; trial < 4; trial++) {
                    int width = 2 * n + 3;
                    float[] x = random(2 * width + (spill == 1 ? 0 : 40), r);
                    // Ties after the bias: whole numbers, where a random row seldom has two equal values.
                    for (int i = 0; i < x.length; i += 3) x[i] = Float.isFinite(x[i]) ? Math.round(x[i]) : x[i];
                    float[] want = new float[n + 80], got = new float[n + 80];
                    int[] wantAt = new int[n + 80], gotAt = new int[n + 80];
                    java.util.Arrays.fill(got, 7f);
                    java.util.Arrays.fill(gotAt, -7);
                    float bias = trial * 0.5f - 0.75f;
                    SCALAR.maxPoolRowBiasReluWinners(x, 0, width, bias, want, wantAt, 2, 5, n, 2 + n + spill);
                    VECTOR.maxPoolRowBiasReluWinners(x, 0, width, bias, got, gotAt, 2, 5, n, 2 + n + spill);
                    String what = "n=" + n + " spill=" + spill + " bias=" + bias;
                    assertArrayEquals(java.util.Arrays.copyOfRange(want, 2, 2 + n), java.util.Arrays.copyOfRange(got, 2, 2 + n), what);
                    assertArrayEquals(java.util.Arrays.copyOfRange(wantAt, 2, 2 + n), java.util.Arrays.copyOfRange(gotAt, 2, 2 + n), what);
                    for (int i = 2 + n + spill; i < got.length; i++) {
                        assertEquals(7f, got[i], "past the limit: " + what);
                        assertEquals(-7, gotAt[i], "past the limit: " + what);
                    }
                    assertEquals(7f, got[0], what);
                    assertEquals(-7, gotAt[1], what);
                }
            }
        }
    }

    private static void run(ElementwiseKernels k, int op, float[] a, float[] b, float[] out, int from, int to) {
        switch (op) {
            case 0 -> k.mul(a, b, out, from, to);
            case 1 -> k.addProduct(a, b, out, from, to);
            case 2 -> k.add(a, b, out, from, to);
            default -> k.addTo(a, from, out, from, to - from);
        }
    }

    /** Normal numbers with zeros, a NaN and infinities among them. */
    private static float[] random(int n, SplittableRandom r) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(100);
            x[i] = k == 0 ? 0f : k == 1 ? -0f : k == 2 ? Float.NaN : k == 3 ? Float.POSITIVE_INFINITY : (float) r.nextGaussian();
        }
        return x;
    }
}

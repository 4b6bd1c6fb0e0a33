package splot.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static splot.testing.RandomFloats.uniform;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Winograd F(4x4, 3x3): the vector loops give the scalar loops' floats, and the three transforms around one GEMM per
 * point give the 3x3 cross-correlation by its definition, on blocks of several images and channels, odd and even
 * sizes, and every padding from 0 to 2; with an epilogue, its pool winners point at the outputs they took.
 */
class Winograd4Test {
    private static final Winograd4Kernels VECTOR = new VectorWinograd4();
    private static final Winograd4Kernels SCALAR = new ScalarWinograd4();
    /** Runs shorter than a vector, one vector, and longer ones whose last vector overlaps the one before. */
    private static final int[] COUNTS = {1, 7, 16, 17, 20, 33, 63, 129};

    @Test
    void theVectorLoopsAreInUse() {
        assertNotSame(Winograd4.SCALAR, Winograd4.KERNELS, "tests run with the Vector API module");
        assertEquals(Winograd4.SCALAR, Winograd4.choose("false"));
    }

    /** The filter gradient's turn from dU, vector against scalar, bit for bit. */
    @Test
    void filterGradientRowsGiveTheScalarFloats() {
        SplittableRandom r = new SplittableRandom(29);
        // Input channels fewer than a vector, one, and past whole vectors (the scalar tail), for the first, a middle and
        // the last output channel, dw at an offset; the taps are added to what dw holds.
        for (int ins : new int[] {1, 7, 16, 17, 33, 129}) {
            int outs = 3, s = outs * ins + 5, dwOff = 4;
            float[] du = uniform(36 * s, r), start = uniform(dwOff + outs * ins * 9 + 3, r);
            float[] want = start.clone(), got = start.clone();
            for (int o = 0; o < outs; o++) {
                SCALAR.filterGradientRow(du, s, ins, o, want, dwOff, new float[Winograd4.GRADIENT_STAGE + 2], 2);
                VECTOR.filterGradientRow(du, s, ins, o, got, dwOff, new float[Winograd4.GRADIENT_STAGE + 2], 2);
            }
            assertArrayEquals(want, got, ins + " input channels");
        }
    }

    /**
     * U and V as the GEMM's panels hold each value that plain rows hold, where {@link Gemm#sgemmPacked} reads it: V's
     * column f of channel c at panel f / width, row c, place f % width; U's (o, i) at panel o / mr, column i, place o % mr
     * (for dx the turned filters', (i, o) likewise, to a rounding), zeros past the last row. The products of the panels
     * are the products of the rows, float for float. Three groups of images, so a last panel half full; 1, 7 and 33 channels
     * in, 17 out, so a last panel of U's rows part zeros.
     */
    @Test
    void panelsOfUAndVHoldTheRowsValues() {
        SplittableRandom r = new SplittableRandom(9);
        int group = Winograd4.group(), width = Gemm.tileColumns(), mr = Gemm.tileRows(), outs = 17;
        for (int ins : new int[] {1, 7, 33}) {
            int images = 3 * group - 5, h = 9, w = 10, outH = 9, outW = 10;
            float[] x = uniform(images * ins * h * w, r), g = uniform(outs * ins * 9, r);
            int cols = Winograd4.columns(images, outH, outW), ld = Math.ceilDiv(cols, width) * width, vs = ins * ld + 16;
            float[] rows = new float[36 * vs], panels = new float[36 * vs], scratch = new float[Winograd4.scratchSize(outH, outW)];
            Winograd4.transformInput(x, 0, ins * h * w, h * w, images, ins, h, w, 1, 1, outH, outW, rows, ld, vs, scratch);
            Winograd4.transformInput(x, 0, ins * h * w, h * w, images, ins, h, w, 1, 1, outH, outW, panels,
                    Winograd4.Columns.panels(ins, width), vs, scratch);
            for (int t = 0; t < 36; t++) {
                for (int c = 0; c < ins; c++) {
                    for (int f = 0; f < ld; f++) {
                        int at = t * vs + f / width * ins * width + c * width + f % width;
                        // The padding columns past cols hold whatever was there; the rows' copied over, for the products.
                        if (f >= cols) panels[at] = rows[t * vs + c * ld + f];
                        assertEquals(rows[t * vs + c * ld + f], panels[at], "V: point " + t + ", channel " + c + ", column " + f + " of " + ins);
                    }
                }
            }
            float[] u = new float[36 * Winograd4.filterStride(outs, ins)];
            Winograd4.transformFilters(g, 0, outs, ins, false, u);
            int us = Winograd4.packedFilterStride(outs, ins, mr), padded = Math.ceilDiv(outs, mr) * mr;
            float[] up = new float[36 * us];
            java.util.Arrays.fill(up, Float.NaN);
            Winograd4.transformFiltersPacked(g, 0, outs, ins, false, mr, up, new float[9 * padded * ins]);
            for (int t = 0; t < 36; t++) {
                for (int o = 0; o < padded; o++) {
                    for (int i = 0; i < ins; i++) {
                        float want = o < outs ? u[t * Winograd4.filterStride(outs, ins) + o * ins + i] : 0f;
                        assertEquals(want, up[t * us + o / mr * mr * ins + i * mr + o % mr], "U: point " + t + ", (" + o + ", " + i + ")");
                    }
                }
            }
            float[] want = new float[outs * ld], got = new float[outs * ld];
            for (int t : new int[] {0, 17, 35}) {
                PackedGemm.sgemm(Gemm.KERNELS, false, false, outs, ld, ins, u, t * Winograd4.filterStride(outs, ins), ins, rows, t * vs, ld,
                        want, 0, ld, false);
                Gemm.sgemmPacked(outs, ld, ins, up, t * us, panels, t * vs, got, 0, ld, false);
                assertArrayEquals(want, got, "point " + t + "'s product, " + ins + " channels");
            }
            // The turned filters for dx: ins x outs matrices.
            Winograd4.transformFilters(g, 0, outs, ins, true, u);
            int ts = Winograd4.packedFilterStride(ins, outs, mr), paddedIns = Math.ceilDiv(ins, mr) * mr;
            float[] tp = new float[36 * ts];
            Winograd4.transformFiltersPacked(g, 0, outs, ins, true, mr, tp, new float[9 * paddedIns * outs]);
            for (int t = 0; t < 36; t++) {
                for (int i = 0; i < paddedIns; i++) {
                    for (int o = 0; o < outs; o++) {
                        float turned = i < ins ? u[t * Winograd4.filterStride(outs, ins) + i * outs + o] : 0f;
                        // transformFilters takes the turned ones an input channel at a time, a product of other sizes: a rounding apart.
                        assertEquals(turned, tp[t * ts + i / mr * mr * outs + o * mr + i % mr], 1e-6f * (1 + Math.abs(turned)),
                                "turned U: point " + t + ", (" + i + ", " + o + ")");
                    }
                }
            }
        }
    }

    /**
     * One group of the vector's lanes and of two, on planes of 1 x 1 to 3 x 2 tiles, into plain rows and into panels of
     * one group's columns and of two (placed a few floats apart beyond their size), from a first column of 0 or a group.
     */
    @Test
    void vectorAndScalarInputTilesAgreeExactly() {
        SplittableRandom r = new SplittableRandom(1);
        for (int group : new int[] {VectorWinograd4.L, 2 * VectorWinograd4.L}) {
            for (int[] tiles : new int[][] {{1, 1}, {1, 3}, {2, 2}, {3, 2}}) {
                for (int panelGroups : new int[] {0, 1, 2}) {
                    int th = tiles[0], tw = tiles[1], wp = 4 * tw + 2 + r.nextInt(3), vAt = r.nextInt(4), first = group * r.nextInt(2);
                    int columns = first + th * tw * group, width = panelGroups * group;
                    int shift = panelGroups == 0 ? 30 : Integer.numberOfTrailingZeros(width), stride = panelGroups == 0 ? 0 : width + 5;
                    int ms = panelGroups == 0 ? columns + 3 : Math.ceilDiv(columns, width) * stride + 3;
                    float[] pad = uniform((4 * th + 2) * wp * group, r);
                    float[] want = new float[36 * ms + vAt], got = new float[36 * ms + vAt];
                    SCALAR.inputTiles(pad, wp, th, tw, group, want, vAt, first, shift, stride, ms, new float[Winograd4.STAGE + 1], 1);
                    VECTOR.inputTiles(pad, wp, th, tw, group, got, vAt, first, shift, stride, ms, new float[Winograd4.STAGE + 1], 1);
                    assertArrayEquals(want, got, "input tiles, group " + group + ", " + th + " x " + tw + ", panels of " + panelGroups
                            + " groups");
                }
            }
        }
    }

    /** The weight gradient's A dy A^T, as {@link #vectorAndScalarInputTilesAgreeExactly} takes B^T d B. */
    @Test
    void vectorAndScalarGradientTilesAgreeExactly() {
        SplittableRandom r = new SplittableRandom(11);
        for (int group : new int[] {VectorWinograd4.L, 2 * VectorWinograd4.L}) {
            for (int[] tiles : new int[][] {{1, 1}, {1, 3}, {2, 2}, {3, 2}}) {
                int th = tiles[0], tw = tiles[1], wp = 4 * tw + r.nextInt(3), ms = th * tw * group + 3, at = r.nextInt(4);
                float[] pad = uniform(4 * th * wp * group, r);
                float[] want = new float[36 * ms + at], got = new float[36 * ms + at];
                SCALAR.gradientTiles(pad, wp, th, tw, group, want, at, ms, new float[Winograd4.STAGE + 1], 1);
                VECTOR.gradientTiles(pad, wp, th, tw, group, got, at, ms, new float[Winograd4.STAGE + 1], 1);
                assertArrayEquals(want, got, "gradient tiles, group " + group + ", " + th + " x " + tw);
            }
        }
    }

    /**
     * The weight gradient by F(4x4): V of x and dM = A dy A^T of the output gradient, laid out alike, their products per
     * point summed over the columns (plain loops here), and G^T dU G, against dW by its definition in double, within 1e-4
     * of its largest value: blocks of one image to two groups and more (the last short), odd and even sizes, padding 0
     * to 2, planes with gaps between them; the sum of two pieces' dU, each added in order, and dW added to what it held.
     */
    @Test
    void weightGradientTransformsGiveTheDefinition() {
        SplittableRandom r = new SplittableRandom(12);
        int[] sizes = {1, 2, 3, 4, 5, 7, 8, 11, 13, 17, 24};
        for (int trial = 0; trial < 40; trial++) {
            int h = sizes[r.nextInt(sizes.length)], w = sizes[r.nextInt(sizes.length)];
            int padTop = r.nextInt(3), padLeft = r.nextInt(3), images = 1 + r.nextInt(2 * Winograd4.group() + 3), ins = 1 + r.nextInt(3), outs = 1 + r.nextInt(3);
            int outH = Math.max(1, h + padTop + r.nextInt(3) - 2), outW = Math.max(1, w + padLeft + r.nextInt(3) - 2);
            int xPlane = h * w + 3, xImage = ins * xPlane + 5, yPlane = outH * outW + 2, yImage = outs * yPlane + 7;
            float[] x = uniform(images * xImage, r), dy = uniform(images * yImage, r), got = uniform(outs * ins * 9, r);
            double[] want = new double[got.length];
            for (int k = 0; k < got.length; k++) want[k] = got[k];
            for (int b = 0; b < images; b++) {
                for (int o = 0; o < outs; o++) {
                    for (int c = 0; c < ins; c++) {
                        for (int k = 0; k < 9; k++) {
                            for (int oy = 0; oy < outH; oy++) {
                                for (int ox = 0; ox < outW; ox++) {
                                    int iy = oy - padTop + k / 3, ix = ox - padLeft + k % 3;
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                        want[(o * ins + c) * 9 + k] += (double) dy[b * yImage + o * yPlane + oy * outW + ox] * x[b * xImage + c * xPlane + iy * w + ix];
                                    }
                                }
                            }
                        }
                    }
                }
            }
            int cols = Winograd4.columns(images, outH, outW), ld = cols + r.nextInt(3), vs = ins * ld + 1, ms = outs * ld + 2;
            float[] v = new float[36 * vs], dm = new float[36 * ms], scratch = new float[Winograd4.scratchSize(outH, outW)];
            Winograd4.transformInput(x, 0, xImage, xPlane, images, ins, h, w, padTop, padLeft, outH, outW, v, ld, vs, scratch);
            Winograd4.transformOutputGradient(dy, 0, yImage, yPlane, images, outs, outH, outW, dm, ld, ms, scratch);
            // Two pieces, the columns split between them: dU_t (outs x ins) = dM_t V_t^T over each piece's columns.
            int us = outs * ins + 5, split = r.nextInt(cols + 1);
            float[][] du = {new float[36 * us], new float[36 * us]};
            for (int t = 0; t < 36; t++) {
                for (int o = 0; o < outs; o++) {
                    for (int c = 0; c < ins; c++) {
                        for (int f = 0; f < cols; f++) du[f < split ? 0 : 1][t * us + o * ins + c] += dm[t * ms + o * ld + f] * v[t * vs + c * ld + f];
                    }
                }
            }
            int from = r.nextInt(outs);
            Winograd4.filterGradient(du, 2, us, outs, ins, got, 0, 0, from);
            Winograd4.filterGradient(du, 2, us, outs, ins, got, 0, from, outs);
            String what = "trial " + trial + ": " + images + " x " + ins + " x " + h + "x" + w + " pad " + padTop + "," + padLeft
                    + " to " + outs + " x " + outH + "x" + outW;
            double largest = 1;
            for (double value : want) largest = Math.max(largest, Math.abs(value));
            for (int k = 0; k < want.length; k++) {
                assertTrue(Math.abs(want[k] - got[k]) <= 1e-4 * largest, what + ": dw " + k + " expected " + want[k] + " but was " + got[k]);
            }
        }
    }

    /**
     * Every image count of a group (the lanes past the images zeroed), and rows shorter than a vector, one, and past it,
     * ending at the end of x; the plane around the row keeps what it held.
     */
    @Test
    void vectorAndScalarInterleaveAlike() {
        SplittableRandom r = new SplittableRandom(8);
        int group = VectorWinograd4.L;
        for (int images = 1; images <= group; images++) {
            for (int count : new int[] {1, 5, group, group + 3, 2 * group + 1}) {
                int stride = count + r.nextInt(4), src = r.nextInt(3), dst = r.nextInt(3);
                float[] x = uniform(src + (images - 1) * stride + count, r);
                float[] want = uniform(dst + (count + 2) * group, r), got = want.clone();
                SCALAR.interleave(x, src, stride, images, count, want, dst, group, new float[300], 7);
                VECTOR.interleave(x, src, stride, images, count, got, dst, group, new float[300], 7);
                for (int p = 0; p < count; p++) {
                    for (int lane = 0; lane < group; lane++) assertEquals(lane < images ? x[src + lane * stride + p] : 0f, want[dst + p * group + lane]);
                }
                assertArrayEquals(want, got, images + " images, " + count + " pixels");
            }
        }
    }

    /**
     * Planes of one tile to several each way, cut at every place within a tile (outputs 1 to 4 past the last whole
     * tile), every image count of a group, stored and added, pooled and not: the same floats in the same places, and
     * nothing outside the planes touched.
     */
    @Test
    void vectorAndScalarStoresAlike() {
        SplittableRandom r = new SplittableRandom(9);
        int group = VectorWinograd4.L;
        for (int trial = 0; trial < 60; trial++) {
            int outH = 1 + r.nextInt(13), outW = 1 + r.nextInt(13), images = 1 + r.nextInt(group), th = Winograd4.tiles(outH), tw = Winograd4.tiles(outW);
            int stride = th * tw * group + r.nextInt(3), plane = r.nextInt(5), imageStride = outH * outW + r.nextInt(4);
            boolean accumulate = r.nextBoolean();
            float[] sc = uniform(16 * stride, r), y0 = uniform(plane + group * imageStride + 3, r);
            float[] want = y0.clone(), got = y0.clone();
            SCALAR.storeTiles(sc, stride, th, tw, group, images, outH, outW, want, plane, imageStride, accumulate, new float[520], 3);
            VECTOR.storeTiles(sc, stride, th, tw, group, images, outH, outW, got, plane, imageStride, accumulate, new float[520], 3);
            String what = images + " images, " + outH + "x" + outW + (accumulate ? ", added" : "");
            assertArrayEquals(want, got, what);
            float[] pWant = y0.clone(), pGot = y0.clone();
            SCALAR.storePooled(sc, stride, th, tw, group, images, outH, outW, pWant, plane, imageStride, new float[520], 3);
            VECTOR.storePooled(sc, stride, th, tw, group, images, outH, outW, pGot, plane, imageStride, new float[520], 3);
            assertArrayEquals(pWant, pGot, what + ", pooled");
        }
    }

    @Test
    void vectorAndScalarOutputTilesAgreeExactly() {
        SplittableRandom r = new SplittableRandom(2);
        for (int group : new int[] {VectorWinograd4.L, 2 * VectorWinograd4.L}) {
            for (int tiles : new int[] {1, 3, 4, 9}) {
                int ms = tiles * group + 5, mAt = r.nextInt(4);
                float[] m = uniform(36 * ms + mAt, r);
                float[] want = new float[16 * tiles * group], got = new float[16 * tiles * group];
                SCALAR.outputTiles(m, mAt, ms, tiles, group, want, new float[Winograd4.STAGE + 2], 2);
                VECTOR.outputTiles(m, mAt, ms, tiles, group, got, new float[Winograd4.STAGE + 2], 2);
                assertArrayEquals(want, got, "output tiles, group " + group + ", " + tiles + " tiles");
            }
        }
    }

    /**
     * U against G g G^T in double, forward and turned (dx), on shapes of one filter, odd counts and more than a GEMM
     * tile's columns, with the weights at an offset: within 1e-6 of the largest point (the taps' matrix is rounded
     * to floats once, and the product sums nine of them).
     */
    @Test
    void filtersAreTheTransformInDouble() {
        double[][] g = {{0.25, 0, 0}, {-1.0 / 6, -1.0 / 6, -1.0 / 6}, {-1.0 / 6, 1.0 / 6, -1.0 / 6},
                {1.0 / 24, 1.0 / 12, 1.0 / 6}, {1.0 / 24, -1.0 / 12, 1.0 / 6}, {0, 0, 1}};
        SplittableRandom r = new SplittableRandom(7);
        for (int[] shape : new int[][] {{1, 1}, {3, 40}, {16, 16}, {17, 33}, {64, 32}, {5, 129}, {129, 5}}) {
            for (boolean turned : new boolean[] {false, true}) {
                int outs = shape[0], ins = shape[1], wOff = r.nextInt(4), stride = Winograd4.filterStride(outs, ins);
                float[] w = uniform(wOff + outs * ins * 9, r), u = new float[36 * stride];
                Winograd4.transformFilters(w, wOff, outs, ins, turned, u);
                for (int o = 0; o < outs; o++) {
                    for (int i = 0; i < ins; i++) {
                        for (int t = 0; t < 36; t++) {
                            double want = 0;
                            for (int k = 0; k < 9; k++) {
                                double tap = w[wOff + (o * ins + i) * 9 + (turned ? 8 - k : k)];
                                want += g[t / 6][k / 3] * g[t % 6][k % 3] * tap;
                            }
                            float got = u[t * stride + (turned ? i * outs + o : o * ins + i)];
                            assertEquals(want, got, 1e-6, "point " + t + " of filter (" + o + ", " + i + ") of " + outs + " x " + ins
                                    + (turned ? ", turned" : ""));
                        }
                    }
                }
            }
        }
    }

    @Test
    void eachOutputOfATileHasItsOwnRow() {
        boolean[] seen = new boolean[16];
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                int row = Winograd4.row(r, c);
                assertTrue(!seen[row], "row " + row + " twice");
                seen[row] = true;
                assertEquals(2 * (r / 2) + c / 2, row / 4, "window of (" + r + ", " + c + ")");
            }
        }
    }

    /**
     * Blocks of images of {@code ins} channels (a group, and over one or two groups) side by side in the GEMMs (written
     * here as plain loops), {@code outs} output channels, against the correlation by its definition in double: within
     * 1e-5 of the largest output (or of 1), on values and weights in [-1, 1]; with the forward filters and the turned
     * ones of an input gradient, stored and added to what is there. Planes are stored with gaps between them, so
     * strides are checked too.
     */
    @Test
    void transformsGiveTheCorrelationByItsDefinition() {
        SplittableRandom r = new SplittableRandom(3);
        int[] sizes = {1, 2, 3, 4, 5, 7, 8, 11, 13, 17, 24, 33};
        double worst = 0;
        for (int trial = 0; trial < 60; trial++) {
            int h = sizes[r.nextInt(sizes.length)], w = sizes[r.nextInt(sizes.length)];
            int padTop = r.nextInt(3), padLeft = r.nextInt(3), images = 1 + r.nextInt(2 * Winograd4.group() + 3), ins = 1 + r.nextInt(3), outs = 1 + r.nextInt(3);
            int outH = Math.max(1, h + padTop + r.nextInt(3) - 2), outW = Math.max(1, w + padLeft + r.nextInt(3) - 2);
            int xPlane = h * w + 3, xImage = ins * xPlane + 5, yPlane = outH * outW + 2, yImage = outs * yPlane + 7;
            // turned: g holds the weights of the convolution from outs channels to ins, whose input gradient this is.
            boolean turned = r.nextBoolean(), accumulate = r.nextBoolean();
            float[] x = uniform(images * xImage, r), g = uniform(outs * ins * 9, r);
            float[] want = accumulate ? uniform(images * yImage, r) : new float[images * yImage], got = want.clone();
            for (int b = 0; b < images; b++) {
                for (int o = 0; o < outs; o++) {
                    for (int oy = 0; oy < outH; oy++) {
                        for (int ox = 0; ox < outW; ox++) {
                            double sum = want[b * yImage + o * yPlane + oy * outW + ox];
                            for (int c = 0; c < ins; c++) {
                                for (int k = 0; k < 9; k++) {
                                    int iy = oy - padTop + k / 3, ix = ox - padLeft + k % 3;
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                        float tap = turned ? g[(c * outs + o) * 9 + 8 - k] : g[(o * ins + c) * 9 + k];
                                        sum += (double) x[b * xImage + c * xPlane + iy * w + ix] * tap;
                                    }
                                }
                            }
                            want[b * yImage + o * yPlane + oy * outW + ox] = (float) sum;
                        }
                    }
                }
            }
            int cols = Winograd4.columns(images, outH, outW), ld = cols + r.nextInt(3), vs = ins * ld + 1, ms = outs * ld + 2;
            float[] u = new float[36 * Winograd4.filterStride(outs, ins)], v = new float[36 * vs], m = new float[36 * ms];
            float[] scratch = new float[Winograd4.scratchSize(outH, outW)];
            if (turned) Winograd4.transformFilters(g, 0, ins, outs, true, u);
            else Winograd4.transformFilters(g, 0, outs, ins, false, u);
            Winograd4.transformInput(x, 0, xImage, xPlane, images, ins, h, w, padTop, padLeft, outH, outW, v, ld, vs, scratch);
            for (int t = 0; t < 36; t++) {
                for (int o = 0; o < outs; o++) {
                    for (int f = 0; f < cols; f++) {
                        float sum = 0;
                        for (int c = 0; c < ins; c++) sum += u[t * Winograd4.filterStride(outs, ins) + o * ins + c] * v[t * vs + c * ld + f];
                        m[t * ms + o * ld + f] = sum;
                    }
                }
            }
            if (accumulate) Winograd4.addOutput(m, ld, ms, outs, images, got, 0, yImage, yPlane, outH, outW, scratch);
            else Winograd4.transformOutput(m, ld, ms, outs, images, null, 0, got, 0, yImage, yPlane, outH, outW, scratch);
            String what = "trial " + trial + ": " + images + " x " + ins + " x " + h + "x" + w + " pad " + padTop + "," + padLeft
                    + " to " + outs + " x " + outH + "x" + outW + (turned ? ", turned" : "") + (accumulate ? ", added" : "");
            double largest = 1;
            for (float value : want) largest = Math.max(largest, Math.abs(value));
            for (int i = 0; i < want.length; i++) {
                double error = Math.abs(want[i] - got[i]);
                worst = Math.max(worst, error / largest);
                assertTrue(error <= 1e-5 * largest, what + ": output " + i + " expected " + want[i] + " but was " + got[i]);
            }
        }
        assertTrue(worst > 0, "some rounding: the transforms ran");
    }
}

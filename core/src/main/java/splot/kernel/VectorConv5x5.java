package splot.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Conv5x5}'s loops on the preferred vector width, a vector of output maps a register.
 *
 * <p>y: eight outputs of a row at a time (eight accumulators); for each input channel and kernel row, the twelve inputs
 * those outputs read are broadcast once and serve all five taps of the row, each tap one load of its weights: 17 loads
 * to 40 fused multiply-adds, where a broadcast per multiply-add would be one to one. 8 + 12 + 1 of AVX-512's 32
 * registers.
 *
 * <p>dW: the 25 taps' gradients of one input channel held in 25 registers while the positions go by (the 25, dy's row
 * and a broadcast).
 */
final class VectorConv5x5 {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private VectorConv5x5() {
    }

    /** See {@link Conv5x5#forward}. */
    static void forward(float[] x, int xOff, int channels, int inPlane, int width, int outH, int outW, float[] wT, float[] yT,
                        int yOff) {
        for (int y = 0; y < outH; y++) {
            for (int q0 = 0; q0 < outW; q0 += 8) {
                // A last block short of eight outputs starts earlier and computes a few again: the same floats.
                int first = Math.min(q0, outW - 8);
                FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
                for (int c = 0; c < channels; c++) {
                    for (int i = 0; i < 5; i++) {
                        int at = xOff + c * inPlane + (y + i) * width + first, tap = (c * 5 + i) * 5 * L;
                        FloatVector x0 = FloatVector.broadcast(S, x[at + 0]);
                        FloatVector x1 = FloatVector.broadcast(S, x[at + 1]);
                        FloatVector x2 = FloatVector.broadcast(S, x[at + 2]);
                        FloatVector x3 = FloatVector.broadcast(S, x[at + 3]);
                        FloatVector x4 = FloatVector.broadcast(S, x[at + 4]);
                        FloatVector x5 = FloatVector.broadcast(S, x[at + 5]);
                        FloatVector x6 = FloatVector.broadcast(S, x[at + 6]);
                        FloatVector x7 = FloatVector.broadcast(S, x[at + 7]);
                        FloatVector x8 = FloatVector.broadcast(S, x[at + 8]);
                        FloatVector x9 = FloatVector.broadcast(S, x[at + 9]);
                        FloatVector x10 = FloatVector.broadcast(S, x[at + 10]);
                        FloatVector x11 = FloatVector.broadcast(S, x[at + 11]);
                        FloatVector w = FloatVector.fromArray(S, wT, tap);
                        a0 = x0.fma(w, a0); a1 = x1.fma(w, a1); a2 = x2.fma(w, a2); a3 = x3.fma(w, a3);
                        a4 = x4.fma(w, a4); a5 = x5.fma(w, a5); a6 = x6.fma(w, a6); a7 = x7.fma(w, a7);
                        w = FloatVector.fromArray(S, wT, tap + 1 * L);
                        a0 = x1.fma(w, a0); a1 = x2.fma(w, a1); a2 = x3.fma(w, a2); a3 = x4.fma(w, a3);
                        a4 = x5.fma(w, a4); a5 = x6.fma(w, a5); a6 = x7.fma(w, a6); a7 = x8.fma(w, a7);
                        w = FloatVector.fromArray(S, wT, tap + 2 * L);
                        a0 = x2.fma(w, a0); a1 = x3.fma(w, a1); a2 = x4.fma(w, a2); a3 = x5.fma(w, a3);
                        a4 = x6.fma(w, a4); a5 = x7.fma(w, a5); a6 = x8.fma(w, a6); a7 = x9.fma(w, a7);
                        w = FloatVector.fromArray(S, wT, tap + 3 * L);
                        a0 = x3.fma(w, a0); a1 = x4.fma(w, a1); a2 = x5.fma(w, a2); a3 = x6.fma(w, a3);
                        a4 = x7.fma(w, a4); a5 = x8.fma(w, a5); a6 = x9.fma(w, a6); a7 = x10.fma(w, a7);
                        w = FloatVector.fromArray(S, wT, tap + 4 * L);
                        a0 = x4.fma(w, a0); a1 = x5.fma(w, a1); a2 = x6.fma(w, a2); a3 = x7.fma(w, a3);
                        a4 = x8.fma(w, a4); a5 = x9.fma(w, a5); a6 = x10.fma(w, a6); a7 = x11.fma(w, a7);
                    }
                }
                int out = yOff + (y * outW + first) * L;
                a0.intoArray(yT, out);
                a1.intoArray(yT, out + 1 * L);
                a2.intoArray(yT, out + 2 * L);
                a3.intoArray(yT, out + 3 * L);
                a4.intoArray(yT, out + 4 * L);
                a5.intoArray(yT, out + 5 * L);
                a6.intoArray(yT, out + 6 * L);
                a7.intoArray(yT, out + 7 * L);
            }
        }
    }

    /**
     * Per position q of each output row (a loop of its own, so that C2 checks x's bounds once a row): one load of dy's
     * row, and for each tap a broadcast of the input it read there and a fused multiply-add.
     */
    static void addWeightGradient(float[] x, int xOff, int imageStride, int images, int width, int outH, int outW,
                                  float[] dyT, float[] gwT, int gOff) {
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00, a03 = a00, a04 = a00, a10 = a00, a11 = a00,
                a12 = a00, a13 = a00, a14 = a00, a20 = a00, a21 = a00, a22 = a00, a23 = a00, a24 = a00, a30 = a00,
                a31 = a00, a32 = a00, a33 = a00, a34 = a00, a40 = a00, a41 = a00, a42 = a00, a43 = a00, a44 = a00;
        // The accumulators go into gwT in place below: through a helper that C2 did not inline in a method this large,
        // each was boxed, 25 allocations a call.
        for (int b = 0; b < images; b++) {
            for (int y = 0; y < outH; y++) {
                int r0 = xOff + b * imageStride + y * width, r1 = r0 + width, r2 = r1 + width, r3 = r2 + width;
                int r4 = r3 + width;
                int row = (b * outH + y) * outW * L;
                for (int q = 0; q < outW; q++) {
                    FloatVector d = FloatVector.fromArray(S, dyT, row + q * L);
                    a00 = FloatVector.broadcast(S, x[r0 + q + 0]).fma(d, a00);
                    a01 = FloatVector.broadcast(S, x[r0 + q + 1]).fma(d, a01);
                    a02 = FloatVector.broadcast(S, x[r0 + q + 2]).fma(d, a02);
                    a03 = FloatVector.broadcast(S, x[r0 + q + 3]).fma(d, a03);
                    a04 = FloatVector.broadcast(S, x[r0 + q + 4]).fma(d, a04);
                    a10 = FloatVector.broadcast(S, x[r1 + q + 0]).fma(d, a10);
                    a11 = FloatVector.broadcast(S, x[r1 + q + 1]).fma(d, a11);
                    a12 = FloatVector.broadcast(S, x[r1 + q + 2]).fma(d, a12);
                    a13 = FloatVector.broadcast(S, x[r1 + q + 3]).fma(d, a13);
                    a14 = FloatVector.broadcast(S, x[r1 + q + 4]).fma(d, a14);
                    a20 = FloatVector.broadcast(S, x[r2 + q + 0]).fma(d, a20);
                    a21 = FloatVector.broadcast(S, x[r2 + q + 1]).fma(d, a21);
                    a22 = FloatVector.broadcast(S, x[r2 + q + 2]).fma(d, a22);
                    a23 = FloatVector.broadcast(S, x[r2 + q + 3]).fma(d, a23);
                    a24 = FloatVector.broadcast(S, x[r2 + q + 4]).fma(d, a24);
                    a30 = FloatVector.broadcast(S, x[r3 + q + 0]).fma(d, a30);
                    a31 = FloatVector.broadcast(S, x[r3 + q + 1]).fma(d, a31);
                    a32 = FloatVector.broadcast(S, x[r3 + q + 2]).fma(d, a32);
                    a33 = FloatVector.broadcast(S, x[r3 + q + 3]).fma(d, a33);
                    a34 = FloatVector.broadcast(S, x[r3 + q + 4]).fma(d, a34);
                    a40 = FloatVector.broadcast(S, x[r4 + q + 0]).fma(d, a40);
                    a41 = FloatVector.broadcast(S, x[r4 + q + 1]).fma(d, a41);
                    a42 = FloatVector.broadcast(S, x[r4 + q + 2]).fma(d, a42);
                    a43 = FloatVector.broadcast(S, x[r4 + q + 3]).fma(d, a43);
                    a44 = FloatVector.broadcast(S, x[r4 + q + 4]).fma(d, a44);
                }
            }
        }
        FloatVector.fromArray(S, gwT, gOff).add(a00).intoArray(gwT, gOff);
        FloatVector.fromArray(S, gwT, gOff + 1 * L).add(a01).intoArray(gwT, gOff + 1 * L);
        FloatVector.fromArray(S, gwT, gOff + 2 * L).add(a02).intoArray(gwT, gOff + 2 * L);
        FloatVector.fromArray(S, gwT, gOff + 3 * L).add(a03).intoArray(gwT, gOff + 3 * L);
        FloatVector.fromArray(S, gwT, gOff + 4 * L).add(a04).intoArray(gwT, gOff + 4 * L);
        FloatVector.fromArray(S, gwT, gOff + 5 * L).add(a10).intoArray(gwT, gOff + 5 * L);
        FloatVector.fromArray(S, gwT, gOff + 6 * L).add(a11).intoArray(gwT, gOff + 6 * L);
        FloatVector.fromArray(S, gwT, gOff + 7 * L).add(a12).intoArray(gwT, gOff + 7 * L);
        FloatVector.fromArray(S, gwT, gOff + 8 * L).add(a13).intoArray(gwT, gOff + 8 * L);
        FloatVector.fromArray(S, gwT, gOff + 9 * L).add(a14).intoArray(gwT, gOff + 9 * L);
        FloatVector.fromArray(S, gwT, gOff + 10 * L).add(a20).intoArray(gwT, gOff + 10 * L);
        FloatVector.fromArray(S, gwT, gOff + 11 * L).add(a21).intoArray(gwT, gOff + 11 * L);
        FloatVector.fromArray(S, gwT, gOff + 12 * L).add(a22).intoArray(gwT, gOff + 12 * L);
        FloatVector.fromArray(S, gwT, gOff + 13 * L).add(a23).intoArray(gwT, gOff + 13 * L);
        FloatVector.fromArray(S, gwT, gOff + 14 * L).add(a24).intoArray(gwT, gOff + 14 * L);
        FloatVector.fromArray(S, gwT, gOff + 15 * L).add(a30).intoArray(gwT, gOff + 15 * L);
        FloatVector.fromArray(S, gwT, gOff + 16 * L).add(a31).intoArray(gwT, gOff + 16 * L);
        FloatVector.fromArray(S, gwT, gOff + 17 * L).add(a32).intoArray(gwT, gOff + 17 * L);
        FloatVector.fromArray(S, gwT, gOff + 18 * L).add(a33).intoArray(gwT, gOff + 18 * L);
        FloatVector.fromArray(S, gwT, gOff + 19 * L).add(a34).intoArray(gwT, gOff + 19 * L);
        FloatVector.fromArray(S, gwT, gOff + 20 * L).add(a40).intoArray(gwT, gOff + 20 * L);
        FloatVector.fromArray(S, gwT, gOff + 21 * L).add(a41).intoArray(gwT, gOff + 21 * L);
        FloatVector.fromArray(S, gwT, gOff + 22 * L).add(a42).intoArray(gwT, gOff + 22 * L);
        FloatVector.fromArray(S, gwT, gOff + 23 * L).add(a43).intoArray(gwT, gOff + 23 * L);
        FloatVector.fromArray(S, gwT, gOff + 24 * L).add(a44).intoArray(gwT, gOff + 24 * L);
    }
}

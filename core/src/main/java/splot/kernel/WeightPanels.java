package splot.kernel;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A dense layer's weight (n x k, row-major, the B of a product with B transposed) kept in the GEMM's B panels from one
 * call to the next while its caller vouches that the weight does not change: each product passes an epoch, and a
 * panel packed in the same epoch is used as it is; in any other it is packed again from the weight as it is now. The
 * floats are those of packing every call.
 *
 * <p>Why: packing the weight was 7% of fashion-mlp's inference batch (its 256 x 128 x 784 product took 146-149 us
 * packing each call, 136-139 us on panels packed once; BENCHMARKS.md, session 53), and ONNX Runtime packs a model's
 * weights once. Why on the caller's word: a check that the weight did not change reads all of it, as its packing does,
 * and cost as much (a copy compared bit for bit each call: 0.99 of the time; session 54).
 *
 * <p>Kept weakly by the weight's array, up to {@link #MAX_FLOATS} floats a weight. One product uses an entry at a time
 * ({@link #acquire}); another that asks meanwhile (a second thread inferring with the same model) packs its own panels
 * as before. Within a product each thread packs and reads only the panels of its own column blocks.
 */
final class WeightPanels {
    /** The largest weight kept, in floats (16 MiB). */
    static final int MAX_FLOATS = 1 << 22;

    private static final Map<float[], WeightPanels> KEPT = new WeakHashMap<>();

    private final int n, k, nr, width;
    private final float[] panels;
    /** The epoch in which panel q was packed (0: never). */
    private final long[] packedIn;
    private final AtomicBoolean inUse = new AtomicBoolean();

    private WeightPanels(int n, int k, int nr) {
        this.n = n;
        this.k = k;
        this.nr = nr;
        this.width = Math.ceilDiv(n, nr) * nr;
        this.panels = new float[width * k];
        this.packedIn = new long[width / nr];
    }

    /**
     * The kept panels of weight {@code b} (n x k from offset 0, all of the array) for this product, made on first use;
     * null when another product holds them or the weight is too large to keep. Give them back with {@link #release}.
     */
    static WeightPanels acquire(GemmKernels kern, float[] b, int n, int k) {
        if (b.length != n * k || (long) n * k > MAX_FLOATS) return null;
        WeightPanels kept;
        synchronized (KEPT) {
            kept = KEPT.get(b);
            if (kept == null || kept.n != n || kept.k != k || kept.nr != kern.nr()) {
                kept = new WeightPanels(n, k, kern.nr());
                KEPT.put(b, kept);
            }
        }
        return kept.inUse.compareAndSet(false, true) ? kept : null;
    }

    /** Ends this product's use of the panels. */
    void release() {
        inUse.set(false);
    }

    /**
     * Makes the panels of columns [lo, hi) (lo a multiple of the tile's width) those of rows [lo, hi) of {@code b}:
     * each panel not packed in {@code epoch} is packed now.
     */
    void update(GemmKernels kern, float[] b, int lo, int hi, long epoch) {
        for (int q = lo / nr; q * nr < hi; q++) {
            if (packedIn[q] == epoch) continue;
            // In the depth blocks sgemmOnWeight multiplies by, PackedGemm.DEFAULT's.
            int r0 = q * nr, r1 = Math.min(n, r0 + nr), kc = PackedGemm.DEFAULT.kc();
            for (int pc = 0; pc < k; pc += kc) {
                int depth = Math.min(kc, k - pc);
                kern.packB(true, b, 0, k, pc, r0, depth, r1 - r0, panels, offset(pc, r0, depth));
            }
            packedIn[q] = epoch;
        }
    }

    /** Where the panel of column {@code col} (a multiple of the tile's width) starts for the depth block at {@code pc}. */
    int offset(int pc, int col, int depth) {
        // Depth block pc holds every panel at that depth, each depth x nr floats, as PackedGemm packs one B block.
        return pc * width + col * depth;
    }

    float[] panels() {
        return panels;
    }
}

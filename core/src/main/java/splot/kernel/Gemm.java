package splot.kernel;

/**
 * Single-precision matrix multiply on row-major arrays with offsets and leading dimensions:
 * {@code C[m x n] (+)= op(A)[m x k] * op(B)[k x n]}, where op is the transpose when asked.
 * With {@code transA} A is stored as (k x m); with {@code transB} B is stored as (n x k).
 *
 * <p>Three decisions, in order: large problems run on {@link Parallel}'s pool, those with several row blocks a thread
 * and some depth as one packed product whose row blocks go to whichever thread is free ({@link
 * PackedGemm#sgemmShared}), the others split into contiguous blocks of C rows (or columns, when C is wider than tall);
 * small or skinny problems go to a direct loop that skips packing; the rest go to the packed, cache-blocked {@link
 * PackedGemm}. The loops are the Vector API ones
 * ({@link VectorGemmKernels}; {@link WideVectorGemmKernels} on 16-float vectors) unless the incubator module is
 * missing, the preferred vector holds fewer than 4 floats, or {@code -Dsplot.vector=false} is set; then they are
 * plain scalar ({@link ScalarGemmKernels}).
 */
public final class Gemm {
    /**
     * Fused multiply-adds below which a second thread costs more than it saves: 4M FMAs take some 40-80 us on one
     * core, while handing half of them to a parked worker and joining it took 30-60 us on the 2-core VM of
     * BENCHMARKS.md (about 1 us to a spinning one, see {@link ThreadTeam}).
     */
    static final long PARALLEL_WORK = 1L << 22;
    /**
     * Fused multiply-adds below which a product runs on the calling thread when the workers are parked: split, it
     * waits for the worker's wake-up and then, parked itself, its own (some 90 us each on the 2-vCPU VM of
     * BENCHMARKS.md), about what one thread takes for this many. lenet5's 400 -> 120 dense layer at batch 128 (6.1M
     * FMAs) found the workers parked at 99% of its backward passes, even in the steady state: its input gradient took
     * 117 us on one thread and 185 split (session 35). {@code -Dsplot.asleep.inline.work=0} splits them all.
     */
    static final long ASLEEP_INLINE_WORK = Long.getLong("splot.asleep.inline.work", 1L << 23);
    /**
     * Elements of B at or below which {@link #sgemmTransposingB} splits a product at least twice as tall as it is wide by rows,
     * each thread packing all of B (see there): 256 KB, lenet5's 400 -> 120 dense layer. On the dense layers of
     * mnist-cnn (B 4.5 MB) and fashion-mlp (B 392 KB) a second copy of B cost more than A's locality saved.
     */
    static final long ROW_SPLIT_B = 1L << 16;
    /** Fused multiply-adds below which packing costs more than it saves. */
    static final long DIRECT_WORK = 1L << 13;
    /**
     * Rows of A below which a product with B transposed takes the dot products rather than packing all of B: each
     * packed element of B would serve fewer than this many rows. A count of rows, not of tiles: it was twice the
     * tile height, right for the 8-row tile of AVX-512, and on AVX2's 4-row tile a 3x3 convolution of one input
     * channel (9 rows, its weight gradient 9 x 64 x 4056 in fashion-cnn) went to the packed route at 12 GFLOPS a
     * thread, against 29-33 by the dot products (BENCHMARKS.md, session 17). A dense layer's forward product takes
     * the same line between multiplying its weight as stored and transposing it first (MatMul.linear).
     */
    public static final int DIRECT_TRANSPOSED_ROWS = 16;

    static final GemmKernels SCALAR = new ScalarGemmKernels();
    static final GemmKernels KERNELS = chooseKernels(System.getProperty("splot.vector"));

    private Gemm() {
    }

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float[] c, int cOff, int ldc, boolean accumulate) {
        sgemm(KERNELS, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    /**
     * C (m x n) (+)= A (m x k) times B (k x n), both given as the product's own panels, for a caller that can write them
     * so (Winograd4's transforms): A in panels of {@link #tileRows} rows, element (i, p) at
     * {@code pa[paOff + (i / mr) * mr * k + p * mr + i % mr]}, zero rows up to a whole panel; B in panels of
     * {@link #tileColumns} columns, element (p, j) at {@code pb[pbOff + (j / nr) * k * nr + p * nr + j % nr]}, n a whole
     * number of them; k at most {@link #PACKED_DEPTH}. The product is then the tile loops alone: Winograd's products
     * packed each B panel to read it a few times (4-10% of their time on one core, in cache) and read A's rows in place
     * by the tile that takes eight row offsets a step, where the tile on A's panels took 0.71-0.89 of its time
     * (BENCHMARKS.md, session 52). The floats are the tile's, as {@link #sgemm}'s on the same matrices. Split by panels
     * of A's rows when large and not already inside a split loop.
     */
    public static void sgemmPacked(int m, int n, int k, float[] pa, int paOff, float[] pb, int pbOff,
                                   float[] c, int cOff, int ldc, boolean accumulate) {
        GemmKernels kern = KERNELS;
        int mr = kern.mr(), nr = kern.nr();
        if (m < 0 || n < 0 || n % nr != 0 || !takesPacked(k)) {
            throw new IllegalArgumentException("sgemmPacked: needs m >= 0, n a multiple of " + nr + " and 1 <= k <= " + PACKED_DEPTH
                    + ", got m=" + m + ", n=" + n + ", k=" + k);
        }
        int rows = Math.ceilDiv(m, mr) * mr;
        checkMatrix("A's panels", pa, paOff, 1, rows * k, rows * k);
        checkMatrix("B's panels", pb, pbOff, 1, n * k, n * k);
        checkMatrix("C", c, cOff, m, n, ldc);
        if (m == 0 || n == 0) return;
        if (Parallel.insideLoop() || onCallingThread((long) m * n * k)) {
            PackedGemm.sgemmPacked(kern, m, n, k, pa, paOff, pb, pbOff, c, cOff, ldc, accumulate);
        } else {
            Parallel.forRange(0, m, mr, (lo, hi) -> PackedGemm.sgemmPacked(kern, hi - lo, n, k, pa, paOff + lo * k, pb, pbOff,
                    c, cOff + lo * ldc, ldc, accumulate));
        }
    }

    /** The greatest depth {@link #sgemmPacked} takes: one depth block of the packed driver. */
    public static final int PACKED_DEPTH = PackedGemm.DEFAULT.kc();

    /** Whether {@link #sgemmPacked} takes a product of depth k. */
    public static boolean takesPacked(int k) {
        return k >= 1 && k <= PACKED_DEPTH;
    }

    /**
     * C (m x n) (+)= A (m x k, row-major) times B transposed, B stored (n x k) row-major: a dense layer's forward product
     * on its weight as stored. B^T is written out to {@code bt} (k x n, scratch) for {@link #sgemm}'s plain-B path.
     * On several threads, one split loop over C's columns: each thread transposes the rows of B its columns need and
     * multiplies all of A, read in place, by them; no thread waits for another's share of the transpose. As a transpose
     * split one way and then a product split the other (two loops), fashion-mlp's inference batch took 0.27-0.29 ms in
     * the steady state against 0.23-0.24 this way, and its training step 0.53-0.54 against 0.51 (BENCHMARKS.md,
     * session 21). Only where each thread reads A in place: one that packed all of A for its columns would pack it
     * twice. Where the kernels pack a transposed B's panels by register transposes (AVX-512), each thread packs its rows
     * of B straight into panels instead (a product that runs on the calling thread alone, all of them) and {@code bt}
     * is not written: one pass over them instead of a transpose and a copy into panels. Both ways in turns in one JVM
     * (BENCHMARKS.md, session 36): fashion-mlp's inference batch 0.89 and 0.92 of the time, mnist-cnn's training step
     * (its dense layer's weight 128 x 9216) 0.91 and 0.96, its inference 0.92 and 0.96. A B of one vector's rows or
     * fewer (a classifier's last layer) goes to {@link PackedGemm#sgemmNarrow} instead: one vector of its columns
     * against eight rows of A a step, where the tiles computed 32 columns (fashion-mlp's 256 x 10 x 128: 11.3 us
     * against 19.4, BENCHMARKS.md, session 42). The floats are those of the transpose and {@link #sgemm}.
     */
    public static void sgemmTransposingB(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
                                         float[] bt, float[] c, int cOff, int ldc, boolean accumulate) {
        sgemmTransposingB(m, n, k, a, aOff, lda, b, bOff, bt, c, cOff, ldc, accumulate, false);
    }

    /**
     * {@link #sgemmTransposingB}, then, with {@code relu}, C through a ReLU in place: each thread's share of C as soon
     * as the thread has it, while it is in that core's cache (a dense layer followed by a ReLU).
     */
    public static void sgemmTransposingB(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
                                         float[] bt, float[] c, int cOff, int ldc, boolean accumulate, boolean relu) {
        sgemmTransposingB(m, n, k, a, aOff, lda, b, bOff, bt, c, cOff, ldc, accumulate, relu, 0);
    }

    /**
     * {@link #sgemmTransposingB}, B's panels kept from one call to the next ({@link WeightPanels}) where {@code
     * frozenEpoch} is not 0 and B is a whole array ({@code bOff} 0, n x k): calls that pass the same epoch reuse them, so
     * the caller vouches that B did not change between them (a dense layer's weight, while a model only infers). A
     * call with another epoch packs them again. The floats are the same either way.
     */
    public static void sgemmTransposingB(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
                                         float[] bt, float[] c, int cOff, int ldc, boolean accumulate, boolean relu,
                                         long frozenEpoch) {
        GemmKernels kern = KERNELS;
        int threads = Parallel.threads();
        boolean callingThread = Parallel.insideLoop() || onCallingThread((long) m * n * k);
        if (n <= kern.narrowColumns() && m >= kern.mr()) {
            // A classifier's last layer: one vector of B's columns against eight rows of A a step (see narrowTile).
            checkMatrices(m, n, k, a, aOff, lda, b, bOff, bt, c, cOff, ldc);
            if (callingThread) {
                PackedGemm.sgemmNarrow(kern, m, n, k, a, aOff, lda, b, bOff, c, cOff, ldc, accumulate);
                if (relu) reluBlock(c, cOff, ldc, m, 0, n);
                return;
            }
            Parallel.forRange(0, m, kern.mr(), (lo, hi) -> {
                PackedGemm.sgemmNarrow(kern, hi - lo, n, k, a, aOff + lo * lda, lda, b, bOff, c, cOff + lo * ldc, ldc, accumulate);
                if (relu) reluBlock(c, cOff + lo * ldc, ldc, hi - lo, 0, n);
            });
            return;
        }
        if (callingThread && kern.packsTransposedB() && !useDirect(kern, false, m, n, k)) {
            // One thread, AVX-512, medians of ten 0.2 s turns (BENCHMARKS.md, session 38): fashion-mlp's 128 x 128 x 784
            // took 218 us this way against 242 by the transpose, 64 x 128 x 784 116 against 155, lenet5's 128 x 120 x 400
            // 124 against 127.
            checkMatrices(m, n, k, a, aOff, lda, b, bOff, bt, c, cOff, ldc);
            WeightPanels kept = keptPanels(kern, b, bOff, n, k, frozenEpoch);
            try {
                if (kept != null) kept.update(kern, b, 0, n, frozenEpoch);
                PackedGemm.sgemmOnWeight(kern, m, n, k, a, aOff, lda, b, bOff, kept, 0, c, cOff, ldc, accumulate);
            } finally {
                if (kept != null) kept.release();
            }
            if (relu) reluBlock(c, cOff, ldc, m, 0, n);
            return;
        }
        if (kern.packsTransposedB() && m >= 2 * n && (long) n * k <= ROW_SPLIT_B && !useDirect(kern, false, m, n, k)) {
            // A batch at least twice as tall as the layer is wide: each thread takes whole rows of C, its rows of A (the
            // images the convolution before gave it), and packs all of B. Split by columns, each thread read all of A,
            // half of it from the other core's cache, and the next batch's convolution wrote those lines back out of
            // the other's: lenet5's second convolution ran 1.55 times as fast on two threads as on one, 1.88 with
            // only the convolutions; its inference batch took 0.88 and 0.91 of the time this way (session 50). Its
            // training batch of 128 against 120 columns keeps the column split: 64 rows a thread did not pay for a
            // second packing of B (the row split took 1.02 and 1.03 of the time).
            checkMatrices(m, n, k, a, aOff, lda, b, bOff, bt, c, cOff, ldc);
            WeightPanels kept = keptPanels(kern, b, bOff, n, k, frozenEpoch);
            try {
                // Kept panels are brought up to date before the split, as both threads read all of them.
                if (kept != null) kept.update(kern, b, 0, n, frozenEpoch);
                Parallel.forRange(0, m, kern.mr(), (lo, hi) -> {
                    PackedGemm.sgemmOnWeight(kern, hi - lo, n, k, a, aOff + lo * lda, lda, b, bOff, kept, 0, c, cOff + lo * ldc, ldc, accumulate);
                    if (relu) reluBlock(c, cOff + lo * ldc, ldc, hi - lo, 0, n);
                });
            } finally {
                if (kept != null) kept.release();
            }
            return;
        }
        if (callingThread || n < threads * kern.nr()
                || !PackedGemm.readsAInPlace(kern, false, m, Math.ceilDiv(n, threads), k) || useDirect(kern, false, m, n, k)) {
            Transpose.transpose(b, bOff, n, k, bt, 0);
            sgemm(kern, false, false, m, n, k, a, aOff, lda, bt, 0, n, c, cOff, ldc, accumulate);
            if (relu) reluBlock(c, cOff, ldc, m, 0, n);
            return;
        }
        checkMatrices(m, n, k, a, aOff, lda, b, bOff, bt, c, cOff, ldc);
        if (kern.packsTransposedB()) {
            // The rows of B a thread's columns need go straight into its panels: one pass over them, not two. The
            // columns go out a tile's width at a time, each thread first taking its own contiguous share: a thread that
            // falls behind (its vCPU taken by the host, or by the JIT) leaves the rest of its share to the other rather
            // than half the product. Each block multiplies all of A as a share did, a tile's width of B at a time
            // either way, so the steady state is as fast: fashion-mlp's inference batch 1.024, lenet5's 1.004,
            // mnist-cnn's 0.981 of the time (bench/ab.sh, 37 rounds). But in splot bench's window, early in a fresh
            // JVM, fashion-mlp's inference ran 1.164 times the rate (faster in 24 of 30 pairs) and, the other way
            // round, the old split 0.922 (bench/fresh_pairs.sh, 30 pairs each; session 48); its training 1.009 and
            // 1.045.
            WeightPanels kept = keptPanels(kern, b, bOff, n, k, frozenEpoch);
            try {
                Parallel.forBlocks(0, n, kern.nr(), (lo, hi) -> {
                    // Each thread brings only its own blocks' panels up to date.
                    if (kept != null) kept.update(kern, b, lo, hi, frozenEpoch);
                    PackedGemm.sgemmOnWeight(kern, m, hi - lo, k, a, aOff, lda, b, bOff, kept, lo, c, cOff + lo, ldc, accumulate);
                    if (relu) reluBlock(c, cOff, ldc, m, lo, hi);
                });
            } finally {
                if (kept != null) kept.release();
            }
            return;
        }
        Parallel.forRange(0, n, kern.nr(), (lo, hi) -> {
            Transpose.rows(b, bOff, n, k, bt, 0, lo, hi);
            serial(kern, false, false, m, hi - lo, k, a, aOff, lda, bt, lo, n, c, cOff + lo, ldc, accumulate);
            if (relu) reluBlock(c, cOff, ldc, m, lo, hi);
        });
    }

    /** B's kept panels for this product ({@link WeightPanels}), or null: no epoch, B not a whole array, or held. */
    private static WeightPanels keptPanels(GemmKernels kern, float[] b, int bOff, int n, int k, long frozenEpoch) {
        return frozenEpoch != 0 && bOff == 0 ? WeightPanels.acquire(kern, b, n, k) : null;
    }

    /** Columns [c0, c1) of C's first {@code rows} rows through a ReLU in place, on this thread. */
    private static void reluBlock(float[] c, int cOff, int ldc, int rows, int c0, int c1) {
        if (c1 - c0 == ldc) {
            Elementwise.reluRun(c, cOff + c0, cOff + rows * ldc);
            return;
        }
        for (int r = 0; r < rows; r++) Elementwise.reluRun(c, cOff + r * ldc + c0, cOff + r * ldc + c1);
    }

    /** {@link #sgemmTransposingB}'s arguments, checked as {@link #sgemm} checks its own. */
    private static void checkMatrices(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, float[] bt,
                                      float[] c, int cOff, int ldc) {
        checkMatrix("A", a, aOff, m, k, lda);
        checkMatrix("B", b, bOff, n, k, k);
        checkMatrix("B^T", bt, 0, k, n, n);
        checkMatrix("C", c, cOff, m, n, ldc);
    }

    /** Which loops {@link #sgemm} runs on this JVM, e.g. "vector 8x32 (16 floats)" or "scalar 4x4". */
    public static String implementation() {
        return KERNELS.toString();
    }

    /** Rows of C that one register tile of {@link #sgemm}'s loops covers: 8 on AVX-512, 4 on AVX2 and in scalar code. */
    public static int tileRows() {
        return KERNELS.mr();
    }

    /** Columns of C that one register tile of {@link #sgemm}'s loops covers: 32 on AVX-512, 16 on AVX2, 4 in scalar code. */
    public static int tileColumns() {
        return KERNELS.nr();
    }

    /** {@link #sgemm} on the given loops, so tests can run the vector and scalar paths side by side. */
    static void sgemm(GemmKernels kern, boolean transA, boolean transB, int m, int n, int k,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float[] c, int cOff, int ldc, boolean accumulate) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("sgemm: sizes must be >= 0, got m=" + m + ", n=" + n + ", k=" + k);
        }
        checkMatrix("A", a, aOff, transA ? k : m, transA ? m : k, lda);
        checkMatrix("B", b, bOff, transB ? n : k, transB ? k : n, ldb);
        checkMatrix("C", c, cOff, m, n, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0) {
            if (!accumulate) for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            return;
        }
        if (onCallingThread((long) m * n * k)) {
            serial(kern, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        } else if (PackedGemm.sharesB(m, k, Parallel.threads()) && !Parallel.insideLoop() && !useDirect(kern, transB, m, n, k)) {
            // Tall and deep enough for several row blocks a thread: B packed once, the row blocks handed out as threads come free.
            PackedGemm.sgemmShared(kern, PackedGemm.sharedBlocking(n, k), transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb,
                    c, cOff, ldc, accumulate);
        } else if (m >= n) {
            // Each thread takes whole rows of C (aligned to the tile height) and packs its own A and B.
            Parallel.forRange(0, m, kern.mr(), (lo, hi) -> serial(kern, transA, transB, hi - lo, n, k,
                    a, aOff + (transA ? lo : lo * lda), lda, b, bOff, ldb, c, cOff + lo * ldc, ldc, accumulate));
        } else {
            Parallel.forRange(0, n, kern.nr(), (lo, hi) -> serial(kern, transA, transB, m, hi - lo, k,
                    a, aOff, lda, b, bOff + (transB ? lo * ldb : lo), ldb, c, cOff + lo, ldc, accumulate));
        }
    }

    /**
     * Whether a product of {@code work} multiply-adds runs on the calling thread alone: too small to split, one thread
     * configured, or too small to wait for parked workers ({@link #ASLEEP_INLINE_WORK}).
     */
    private static boolean onCallingThread(long work) {
        return work < PARALLEL_WORK || Parallel.threads() == 1 || work < ASLEEP_INLINE_WORK && Parallel.workersAsleep();
    }

    /** One thread's share: the direct loop or the packed driver. */
    static void serial(GemmKernels kern, boolean transA, boolean transB, int m, int n, int k,
                       float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       float[] c, int cOff, int ldc, boolean accumulate) {
        if (useDirect(kern, transB, m, n, k)) {
            if (transB && kern == KERNELS) LoopPriming.DotProducts.ready();
            float[] row = PackedGemm.Workspace.get().row(transA ? k : 0);
            kern.direct(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, row);
        } else {
            PackedGemm.sgemm(kern, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        }
    }

    /**
     * Packing pays off once each packed element is reused enough and the tile is mostly real data; the limits
     * come from timing both routes on tiny, one- or two-row, shallow (small k) and narrow problems.
     */
    static boolean useDirect(GemmKernels kern, boolean transB, int m, int n, int k) {
        if ((long) m * n * k <= DIRECT_WORK || m <= 2 || k <= 4) return true;
        // With B transposed each entry of C is a dot product of two contiguous rows, which beats a tile that is
        // mostly zero padding, and beats packing all of a long B for a dozen rows of A (a 3x3 convolution of one
        // input channel has 9: its weight gradient ran at 38 rather than 22 GFLOPS).
        return transB && (m < DIRECT_TRANSPOSED_ROWS || n < kern.nr() / 2 || n <= kern.directTransposedColumns());
    }

    private static void checkMatrix(String name, float[] x, int off, int rows, int cols, int ld) {
        if (x == null) throw new NullPointerException("sgemm: " + name + " is null");
        if (rows == 0 || cols == 0) return;
        if (ld < cols) {
            throw new IllegalArgumentException("sgemm: leading dimension of " + name + " is " + ld
                    + ", less than its row length " + cols);
        }
        long last = off + (long) (rows - 1) * ld + cols - 1;
        if (off < 0 || last >= x.length) {
            throw new IllegalArgumentException("sgemm: " + name + " (" + rows + " x " + cols + ", offset " + off
                    + ", leading dimension " + ld + ") needs elements up to " + last + " but the array has " + x.length);
        }
    }

    /** The vector loops unless {@code vectorProperty} is "false" or the Vector API is missing or too narrow. */
    static GemmKernels chooseKernels(String vectorProperty) {
        if ("false".equalsIgnoreCase(vectorProperty)) return SCALAR;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return SCALAR;
        // Only now may VectorGemmKernels be loaded: its class needs the incubator module.
        return VectorSupport.kernelsOrNull() instanceof GemmKernels v ? v : SCALAR;
    }

    /** Keeps the reference to the Vector API class out of Gemm's own method bodies until it is known to load. */
    private static final class VectorSupport {
        static GemmKernels kernelsOrNull() {
            // 16-float vectors come with 32 vector registers (AVX-512): room for the taller tile.
            if (VectorGemmKernels.L >= 16) return LoopPriming.primeKeptPanels(LoopPriming.primed(new WideVectorGemmKernels()));
            return VectorGemmKernels.L >= 4 ? LoopPriming.primeKeptPanels(LoopPriming.primed(new VectorGemmKernels())) : null;
        }
    }
}

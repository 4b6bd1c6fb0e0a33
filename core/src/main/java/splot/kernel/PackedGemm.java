package splot.kernel;

import java.util.Arrays;

/**
 * The blocked, packed GEMM driver (the BLIS loop nest) around a register-tile kernel.
 *
 * <p>Blocking scheme, outermost first:
 * <pre>
 *   for jc in N step NC            B block (KC x NC) packed once per (jc, pc): lives in L3
 *     for pc in K step KC
 *       pack B[pc.., jc..] into NR-column panels, zero-padded to a multiple of NR
 *       for ic in M step MC        A block (MC x KC): lives in L2
 *         pack A[ic.., pc..] into MR-row panels, zero-padded to a multiple of MR
 *         for jr in NC step NR     one B micro-panel (KC x NR): stays in L2 across the ir loop
 *           for ir in MC step MR   one A micro-panel (MR x KC) streamed from L2
 *             tile: C[MR x NR] (+)= A panel * B panel, accumulators in registers
 * </pre>
 * Why: the kernel does MR*NR/L fused multiply-adds per (NR/L + MR) loads, two of them vectors of the B panel and the
 * rest broadcasts from the A panel, and loads C once and stores it once per KC steps. A deep KC makes those C passes
 * rare: at KC = 1024 a depth up to 1024 (fashion-mlp's 784, every convolution's im2col depth up to 3x3x64) is one
 * pass. Its B micro-panel (KC*NR*4 = 128 KiB) no longer fits L1 as BLIS would have it, but streams from L2 in the
 * unit-stride order the hardware prefetcher follows, and that measured faster than the L1-sized panel of KC = 256
 * (see {@link #DEFAULT}) on the AMD cores it was measured on. The A block (MC*KC*4 = 384 KiB) and the B micro-panel
 * stay inside a core's 1 MiB L2. On Intel cores the large products of {@link #sgemmShared} take BLIS's blocks
 * instead, a B micro-panel that fits L1 ({@link #L1_PANEL}).
 * NC only bounds the packed-B buffer. Packing turns every transpose case into the same unit-stride panels,
 * so the kernel never sees {@code transA}/{@code transB}; edge tiles are computed whole on the zero
 * padding into a scratch tile and only their valid part is written to C. Two cases skip one of the packings,
 * where it costs more than it saves: a row-major A that fits in L2, or that serves at most
 * {@link #IN_PLACE_A_PANELS} panels of B, is read in place ({@link GemmKernels#tileRows}),
 * and so is a wide row-major B against at most {@link #IN_PLACE_B_PANELS} panels of A
 * ({@link GemmKernels#tileUnpackedB}).
 *
 * <p>Packing buffers are per thread and reused across calls, so a steady-state call allocates nothing.
 */
final class PackedGemm {
    /**
     * Block sizes of the loop nest.
     *
     * @param kc depth of a packed block: sets the L1 footprint of a B micro-panel
     * @param mc rows of a packed A block (rounded down to a multiple of MR): sets its L2 footprint
     * @param nc columns of a packed B block (rounded down to a multiple of NR): bounds the packed-B buffer
     */
    record Blocking(int kc, int mc, int nc) {
        /** Rows of an A block for a tile of {@code mr} rows: mc rounded down to a multiple of it, at least one tile. */
        int rows(int mr) {
            return Math.max(mr, mc / mr * mr);
        }

        /** Columns of a B block for a tile of {@code nr} columns: nc rounded down to a multiple of it, at least one tile. */
        int columns(int nr) {
            return Math.max(nr, nc / nr * nr);
        }
    }

    /**
     * Measured on the 2-core AMD EPYC (Zen 4: 32 KiB L1, 1 MiB L2) of BENCHMARKS.md, session 10, with the 8 x 32 tile.
     * JMH {@code GemmSquare.sgemm}, 2 threads, GFLOPS at 1024^3 / 2048^3: (kc, mc, nc) = (256, 192, 4096) 185.7 / 187.2,
     * (512, 96, 4096) 199.3 / 201.0, (768, 64, 2048) 199.7 / 203.3, (1024, 96, 1024) 202.1 / 206.2, (1024, 48, 2048)
     * 208.6 / 202.0; OpenBLAS on the same machine 200-204. On one core through this driver the models' shapes kept
     * their speed or gained (256 -> 1024 at mc 96: 128 x 128 x 784 103.4 -> 104.4, 128 x 64 x 576 104.3 -> 105.9,
     * 32 x 192 x 32 89.9 -> 89.7). The first values (256, 192, 4096) were the best of kc 128..384 x mc 96..384 on the
     * Sapphire Rapids of session 1. nc bounds the packed-B buffer (4 MiB a thread at most) and made no difference
     * beyond the noise: 2048^3 at (1024, 96, nc), two alternating pairs, nc 2048 196.0, 206.7 against nc 1024 200.5,
     * 208.5.
     */
    static final Blocking DEFAULT = new Blocking(1024, 96, 1024);
    /**
     * The blocks of {@link #sgemmShared} for a product deeper than one {@link #DEFAULT} block: its whole depth up to
     * 2048 in one block, so that C is written once and never read back and added to, with A blocks of 48 rows, the
     * same 384 KiB of L2. 2048^3 on two threads of the Zen 5 of BENCHMARKS.md (session 21), both blockings in turns in
     * one JVM, three runs: 366-370 GFLOPS against 354-355 with DEFAULT (mc 40 and 64 alike); at 1024^3, where the
     * depth is one block either way, 48 rows made no difference (353 against 354).
     */
    static final Blocking DEEP = new Blocking(2048, 48, 1024);

    /**
     * The blocks of {@link #sgemmShared} on Intel cores, BLIS's: a depth of 256, so that a B micro-panel (256 x 32
     * floats, 32 KiB) stays in the 48 KiB L1 while the A panels stream past it from L2, A blocks of 256 rows (256 KiB
     * of the 2 MiB L2), and B blocks up to 2048 columns wide, one per depth step for the square products. The AMD
     * cores of sessions 10 to 33 ran the deep blocks faster (the Zen 4 of session 10: (256, 192, 4096) 186 GFLOPS
     * against 202 for DEFAULT at 1024^3); the Intel Xeon of sessions 34-36, both in turns in one JVM, two threads:
     * 1024^3 265-277 GFLOPS against 243-254 for DEFAULT, 2048^3 261-280 against 241-245 for DEEP. With the B
     * micro-panel streaming from L2 instead, the tile alone ran at 74% of the core's FMA peak there, against 84% with
     * it in L1 (A panels from L2 either way).
     */
    static final Blocking L1_PANEL = new Blocking(256, 256, 2048);
    /**
     * Columns of B above which {@link #sgemmShared} takes {@link #L1_PANEL} where it may: against four panels of 32
     * columns or fewer the depth steps' extra passes over C cost more than the L1 panel saves. Two threads of the
     * Intel Xeon of session 36, L1_PANEL against the better of DEFAULT and DEEP, in turns in one JVM: 1024 x 64 x
     * 4096 210 against 225 GFLOPS, 1024 x 128 x 4096 218 against 224, 2048 x 192 x 2048 257 against 240, 4096 x 256
     * x 512 282 against 260.
     */
    static final int L1_PANEL_MIN_COLUMNS = 4 * 32 + 1;
    /**
     * Whether {@link #sgemmShared} may take {@link #L1_PANEL}: on Intel cores, or as {@code -Dsplot.gemm.blocking=l1}
     * says. A class of its own, so that only a run whose products reach the shared driver reads {@code /proc/cpuinfo}.
     */
    private static final class SharedL1Panel {
        static final boolean ALLOWED = switch (System.getProperty("splot.gemm.blocking", "")) {
            case "l1" -> true;
            case "deep" -> false;
            default -> Processor.INTEL;
        };
    }

    /** The blocks {@link #sgemmShared} takes for a product of n columns and depth k on this machine. */
    static Blocking sharedBlocking(int n, int k) {
        return sharedBlocking(n, k, SharedL1Panel.ALLOWED);
    }

    /** The blocks {@link #sgemmShared} takes: {@link #L1_PANEL} where allowed and B is wide enough, else DEFAULT or DEEP by depth. */
    static Blocking sharedBlocking(int n, int k, boolean l1Panel) {
        if (l1Panel && n >= L1_PANEL_MIN_COLUMNS) return L1_PANEL;
        return k > DEFAULT.kc() ? DEEP : DEFAULT;
    }
    /** Floats of A (m * k) up to which a row-major A is read in place: 1 MB, what a core's L2 holds. */
    static final long IN_PLACE_A = 1 << 18;
    /**
     * Column panels of B up to which a row-major A of any size is read in place: each A panel is then read this many
     * times at most, and packing it cost more than that. On one core, in place against packed, for convolutions'
     * weight gradients (A their im2col columns, k their pixels): 288 x 64 x 9216 (mnist-cnn's conv2) 66 -> 89
     * GFLOPS, 576 x 128 x 3872 (fashion-cnn's) 81 -> 94, 2048 x 128 x 2048 82 -> 92; at 8 panels 91 -> 93, at 32
     * (1024^3) 96 -> 90.
     */
    static final int IN_PLACE_A_PANELS = 4;
    /**
     * Row panels of A up to which a wide row-major B is read in place rather than packed. On one core, in place
     * against packed: 6 x 10192 x 25 (lenet5's conv1 as a GEMM) 51 -> 93 GFLOPS, 16 x 1600 x 150 (its conv2)
     * 67 -> 93. It still won with more rows (64 x 1352 x 576 88 -> 97, 128 x 1200 x 576 92 -> 103; not at 1024^3,
     * 94 -> 91), but there it made the in-place loop the main one of fashion-mlp's backward pass: one more vector
     * loop for C2 to compile early, and fashion-mlp's first training steps ran at 4-6 ms instead of 1 ms for some
     * 50 steps more, waiting for it and for what queued behind it. Four panels (16 rows on AVX2) take lenet5's
     * second convolution, 16 x 1600 x 150 for a block of 16 images, whose B panels each served four tiles after
     * packing: its inference and training steps 0.935 and 0.939 of the time at three (Zen 3, BENCHMARKS.md,
     * session 17); none of fashion-mlp's products changes route.
     */
    static final int IN_PLACE_B_PANELS = 4;
    /**
     * Column panels of B from which it counts as wide enough to read in place: convolutions' im2col blocks (lenet5's
     * are 1600 and 10192 columns wide), not a dense layer's weight gradient (10 x 128 x 128 in fashion-mlp), which
     * gained nothing measurable and made the in-place loop one more for C2 to compile in fashion-mlp's first steps.
     */
    static final int IN_PLACE_B_MIN_PANELS = 16;

    private PackedGemm() {
    }

    /**
     * Per-thread packing buffers, grown on demand and kept for the next call. The A buffer starts at the size of a
     * whole {@link #DEFAULT} block (96 x 1024 floats, 384 KiB): grown to fit the first products instead, it grew again
     * when a larger batch came (inference after training), and C2, whose code had never seen it grow, threw out the
     * compiled driver there and recompiled it during the first inference batches.
     */
    static final class Workspace {
        private static final ThreadLocal<Workspace> LOCAL = ThreadLocal.withInitial(Workspace::new);
        float[] a = new float[DEFAULT.mc() * DEFAULT.kc()], b = new float[0], b2 = new float[0], tile = new float[0], row = new float[0];

        static Workspace get() {
            return LOCAL.get();
        }

        float[] a(int size) {
            if (a.length < size) a = new float[size];
            return a;
        }

        float[] b(int size) {
            if (b.length < size) b = new float[size];
            return b;
        }

        /** A second B buffer, for {@link #sgemmShared}'s next B block while threads still read the current one. */
        float[] b2(int size) {
            if (b2.length < size) b2 = new float[size];
            return b2;
        }

        float[] tile(int size) {
            if (tile.length < size) tile = new float[size];
            return tile;
        }

        float[] row(int size) {
            if (row.length < size) row = new float[size];
            return row;
        }
    }

    static void sgemm(GemmKernels kern, boolean transA, boolean transB, int m, int n, int k,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float[] c, int cOff, int ldc, boolean accumulate) {
        sgemm(kern, DEFAULT, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    static void sgemm(GemmKernels kern, Blocking blocking, boolean transA, boolean transB, int m, int n, int k,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float[] c, int cOff, int ldc, boolean accumulate) {
        sgemm(kern, blocking, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, null, 0, c, cOff, ldc, accumulate);
    }

    /**
     * {@link #sgemm} of A (row-major) times columns [col, col + n) of a weight B stored (rows x k), transposed: on the
     * panels {@code kept} holds ({@link WeightPanels}), or, with none, B's columns packed in this call. The same loops
     * and floats either way.
     */
    static void sgemmOnWeight(GemmKernels kern, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
                              WeightPanels kept, int col, float[] c, int cOff, int ldc, boolean accumulate) {
        sgemm(kern, DEFAULT, false, true, m, n, k, a, aOff, lda, b, bOff + col * k, k, kept, col, c, cOff, ldc, accumulate);
    }

    /** {@link #sgemm}, its B packed here or, with {@code kept}, taken from columns [col, ...) of kept panels. */
    private static void sgemm(GemmKernels kern, Blocking blocking, boolean transA, boolean transB, int m, int n, int k,
                              float[] a, int aOff, int lda, float[] b, int bOff, int ldb, WeightPanels kept, int col,
                              float[] c, int cOff, int ldc, boolean accumulate) {
        int mr = kern.mr(), nr = kern.nr(), kcBlock = blocking.kc(), kcMax = Math.min(kcBlock, k);
        int mcBlock = blocking.rows(mr), ncBlock = blocking.columns(nr);
        Workspace ws = Workspace.get();
        float[] pa = ws.a(roundUp(Math.min(mcBlock, m), mr) * kcMax);
        float[] pb = kept != null ? kept.panels() : ws.b(roundUp(Math.min(ncBlock, n), nr) * kcMax);
        float[] tile = ws.tile(mr * nr);
        // A row-major A small enough to stay in L2, or used by only a few B panels, is read in place by the tile loop
        // rather than packed: packing it cost as much as the multiply-adds in a convolution's weight gradient (A is
        // the im2col block there).
        // A wide row-major B against a few panels of A (a convolution's weights times its im2col columns) is read in
        // place instead, and A packed: each B panel would be packed to be read once or twice.
        boolean inPlaceB = !transB && kern.readsUnpackedB() && m <= IN_PLACE_B_PANELS * mr && n >= IN_PLACE_B_MIN_PANELS * nr;
        boolean inPlaceA = !inPlaceB && readsAInPlace(kern, transA, m, n, k);
        if (inPlaceB && kern == Gemm.KERNELS) LoopPriming.TileUnpackedB.ready();
        for (int jc = 0; jc < n; jc += ncBlock) {
            int nc = Math.min(ncBlock, n - jc);
            for (int pc = 0; pc < k; pc += kcBlock) {
                int kc = Math.min(kcBlock, k - pc), pbOff = 0;
                if (kept != null) {
                    pbOff = kept.offset(pc, col + jc, kc);
                } else if (inPlaceB) {
                    // Only a last panel of fewer than nr columns is packed (with its zero columns).
                    int full = nc / nr * nr;
                    if (full < nc) kern.packB(false, b, bOff, ldb, pc, jc + full, kc, nc - full, pb, full * kc);
                } else {
                    packB(kern, transB, b, bOff, ldb, pc, jc, kc, nc, pb);
                }
                float[] inB = inPlaceB ? b : null;
                int bRow = bOff + pc * ldb + jc;
                boolean overwrite = pc == 0 && !accumulate;
                for (int ic = 0; ic < m; ic += mcBlock) {
                    rowBlock(kern, transA, inPlaceA, ic, Math.min(mcBlock, m - ic), nc, kc, pc, jc, a, aOff, lda, pa, pb, pbOff, inB, bRow, ldb,
                            c, cOff, ldc, overwrite, tile, false);
                }
            }
        }
    }

    /**
     * {@link #sgemm} on an A already in {@link #packA}'s panels ({@code pa[paOff...]}, zero rows up to a whole panel) and
     * a B already in {@link #packB}'s ({@code pb[pbOff...]}), k one depth block: the tile loops alone, for a producer that
     * writes both as the panels (Winograd4's transforms). Its products packed each B panel to read it a few times, and
     * read A's rows in place (the tile that takes eight row offsets a step).
     */
    static void sgemmPacked(GemmKernels kern, int m, int n, int k, float[] pa, int paOff, float[] pb, int pbOff,
                            float[] c, int cOff, int ldc, boolean accumulate) {
        float[] tile = Workspace.get().tile(kern.mr() * kern.nr());
        block(kern, m, n, k, pa, paOff, pb, pbOff, c, cOff, ldc, !accumulate, tile, null, 0, 0, null, 0, 0);
    }

    /**
     * C (+)= A B^T for a B stored (n x k) of at most {@link GemmKernels#narrowColumns} rows: B^T packed that wide (zero
     * past n), A's rows read in place eight at a time by {@link GemmKernels#narrowTile}, the last m % mr from a
     * zero-padded copy. Depth blocks of {@link #DEFAULT}'s, so the floats are those of {@link #sgemm}'s tiles.
     */
    static void sgemmNarrow(GemmKernels kern, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
                            float[] c, int cOff, int ldc, boolean accumulate) {
        if (kern == Gemm.KERNELS) LoopPriming.NarrowTiles.ready();
        int w = kern.narrowColumns(), mr = kern.mr(), full = m / mr * mr, kcBlock = DEFAULT.kc();
        Workspace ws = Workspace.get();
        float[] bp = ws.b(w * k);
        packBPanel(true, b, bOff, k, 0, 0, k, n, w, bp, 0);
        float[] rest = full < m ? ws.a(mr * k) : null, tile = ws.tile(mr * w);
        if (rest != null) {
            // The last m % mr rows, zero rows under them: a whole tile's rows for the same loop.
            Arrays.fill(rest, 0, mr * k, 0f);
            for (int i = full; i < m; i++) System.arraycopy(a, aOff + i * lda, rest, (i - full) * k, k);
        }
        for (int pc = 0; pc < k; pc += kcBlock) {
            int kc = Math.min(kcBlock, k - pc);
            boolean add = accumulate || pc > 0;
            for (int i = 0; i < full; i += mr) {
                kern.narrowTile(kc, a, aOff + i * lda + pc, lda, bp, pc * w, tile);
                kern.narrowStore(tile, mr, n, c, cOff + i * ldc, ldc, !add);
            }
            if (rest != null) {
                kern.narrowTile(kc, rest, pc, k, bp, pc * w, tile);
                kern.narrowStore(tile, m - full, n, c, cOff + full * ldc, ldc, !add);
            }
        }
    }

    /** Whether A is read in place (row-major, and small enough for L2 or serving few B panels) rather than packed. */
    static boolean readsAInPlace(GemmKernels kern, boolean transA, int m, int n, int k) {
        return !transA && kern.readsRowsOfA() && ((long) m * k <= IN_PLACE_A || n <= IN_PLACE_A_PANELS * kern.nr());
    }

    /** Row blocks of A per thread from which {@link #sgemmShared} runs a product rather than each thread a share of its rows. */
    static final int SHARED_ROW_BLOCKS_PER_THREAD = 2;

    /**
     * The least depth from which {@link #sgemmShared} runs a product. Shallower, its row blocks are too short for the
     * hand-out and the pipeline's waits, and each thread's own share of the columns (or rows) ran faster: two threads
     * of the Zen 5 of BENCHMARKS.md (session 47), in turns in one JVM, against one thread: 512 x 2048 x 64 (cifar-vgg's
     * dense weight gradient, TN) 1.43x shared against 1.98x split, 1024 x 1024 x 64 1.36x against 1.93x, x 256 1.58x
     * against 1.91x, x 384 1.81x against 1.90x; from 512 the shared driver led: 1.91x against 1.80x.
     */
    static final int SHARED_MIN_DEPTH = 512;

    /** Whether {@link #sgemmShared} should run an m-row product of depth k on {@code threads} threads. */
    static boolean sharesB(int m, int k, int threads) {
        return threads > 1 && k >= SHARED_MIN_DEPTH && m >= SHARED_ROW_BLOCKS_PER_THREAD * threads * DEFAULT.mc();
    }

    /**
     * {@link #sgemm} on all of {@link Parallel}'s threads, for a product with several row blocks (MC rows) a thread:
     * each B block is packed once, in pieces, and the row blocks (BLIS's ic loop) are handed out one at a time to
     * whichever thread is free, with no barrier between B blocks ({@link GemmPipeline}). The even split this replaced
     * gave each thread half the rows and its own packing of all of B, and waited for the slower half: on the 2-vCPU
     * Zen 3 of BENCHMARKS.md (session 16) one half of a 1024^3 product often took 18-26 ms while the other took 15, one
     * vCPU being slower at times. Each entry of C is still computed by one thread in the serial order, so the floats do
     * not depend on the schedule. A is packed by {@link GemmKernels#packALarge}. Not for A read in place from a few
     * rows (B in place): those products have too few rows for this.
     */
    static void sgemmShared(GemmKernels kern, Blocking blocking, boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float[] c, int cOff, int ldc, boolean accumulate) {
        int mr = kern.mr(), nr = kern.nr(), kcBlock = blocking.kc(), kcMax = Math.min(kcBlock, k);
        int mcBlock = evenRowBlocks(m, blocking.rows(mr), mr, Parallel.threads()), ncBlock = blocking.columns(nr);
        int bSize = roundUp(Math.min(ncBlock, n), nr) * kcMax;
        Workspace caller = Workspace.get();
        float[][] pbs = {caller.b(bSize), caller.b2(bSize)};
        boolean inPlaceA = readsAInPlace(kern, transA, m, n, k);
        int kBlocks = Math.ceilDiv(k, kcBlock);
        GemmPipeline line = new GemmPipeline(Math.ceilDiv(n, ncBlock) * kBlocks, Math.min(PACK_TASKS, Math.ceilDiv(Math.min(ncBlock, n), nr)),
                Math.ceilDiv(m, mcBlock));
        Parallel.forRange(0, Parallel.threads(), (t0, t1) -> {
            Workspace ws = Workspace.get();
            float[] pa = ws.a(roundUp(Math.min(mcBlock, m), mr) * kcMax), tile = ws.tile(mr * nr);
            try {
                for (int task; (task = line.next()) >= 0; ) {
                    int phase = line.phase(task), jc = phase / kBlocks * ncBlock, pc = phase % kBlocks * kcBlock;
                    int nc = Math.min(ncBlock, n - jc), kc = Math.min(kcBlock, k - pc);
                    float[] pb = pbs[phase & 1];
                    int pack = line.packTask(task);
                    if (pack >= 0) {
                        if (!line.awaitBufferFree(phase)) return;
                        int panels = Math.ceilDiv(nc, nr);
                        packBPanels(kern, transB, b, bOff, ldb, pc, jc, kc, nc, panels * pack / line.packTasks,
                                panels * (pack + 1) / line.packTasks, pb);
                        line.packed(phase);
                    } else {
                        int rb = line.rowBlock(task), ic = rb * mcBlock;
                        if (!line.awaitRowBlockReady(phase, rb)) return;
                        rowBlock(kern, transA, inPlaceA, ic, Math.min(mcBlock, m - ic), nc, kc, pc, jc, a, aOff, lda, pa, pb, 0,
                                null, 0, ldb, c, cOff, ldc, pc == 0 && !accumulate, tile, true);
                        line.rowBlockDone(phase, rb);
                    }
                }
            } catch (RuntimeException | Error e) {
                line.fail();
                throw e;
            }
        });
    }

    /** Pieces a B block's packing is split into for {@link #sgemmShared}: a thread that comes free takes the next. */
    static final int PACK_TASKS = 8;

    /**
     * Rows of a row block for {@link #sgemmShared}: about {@code mc}, but so that the m rows make a whole number of
     * blocks a thread, where {@code m / mc} blocks would leave one thread a block more than the other (1024 rows in
     * blocks of 96 are 11: six for one thread, five for the other; in 12 blocks of 88 each has six). On the Zen 5 of
     * BENCHMARKS.md (session 18), two threads, both versions in turns: 1024^3 0.937 of the time, 1536^3 0.985, 2048^3
     * 0.973.
     */
    static int evenRowBlocks(int m, int mc, int mr, int threads) {
        int blocks = roundUp(Math.ceilDiv(m, mc), threads);
        return roundUp(Math.ceilDiv(m, blocks), mr);
    }

    /**
     * Rows [ic, ic + mc) of C, columns [jc, jc + nc), depth [pc, pc + kc): A packed into {@code pa} (or read in place),
     * against the B block at {@code pb[pbOff...]} (or {@code inB} read in place from {@code bRow}).
     */
    private static void rowBlock(GemmKernels kern, boolean transA, boolean inPlaceA, int ic, int mc, int nc, int kc, int pc, int jc,
                                 float[] a, int aOff, int lda, float[] pa, float[] pb, int pbOff, float[] inB, int bRow, int ldb,
                                 float[] c, int cOff, int ldc, boolean overwrite, float[] tile, boolean large) {
        if (inPlaceA) {
            // Only a last panel of fewer than mr rows is packed (with its zero rows).
            int mr = kern.mr(), full = mc / mr * mr;
            if (full < mc) packA(kern, false, a, aOff, lda, ic + full, pc, mc - full, kc, pa, full * kc, false);
            block(kern, mc, nc, kc, pa, 0, pb, pbOff, c, cOff + ic * ldc + jc, ldc, overwrite, tile, a, aOff + ic * lda + pc, lda, null, 0, 0);
        } else {
            packA(kern, transA, a, aOff, lda, ic, pc, mc, kc, pa, 0, large);
            block(kern, mc, nc, kc, pa, 0, pb, pbOff, c, cOff + ic * ldc + jc, ldc, overwrite, tile, null, 0, 0, inB, bRow, ldb);
        }
    }

    /**
     * The two inner loops over one A block and one B block, each packed ({@code pa} from {@code paOff}, {@code pb} from
     * {@code pbOff}) or read in place
     * ({@code a} or {@code b} not null: element (i, p) of A at {@code a[aRow + i*lda + p]}, (p, j) of B at
     * {@code b[bRow + p*ldb + j]}) but for a last panel of fewer than mr rows or nr columns, which is packed.
     * Each kernel has one call site (edge tiles go through the scratch tile at the same call): a second inlined copy
     * of a tile loop pushed C2 past its inlining budget, and the copy that lost ran on boxed vectors, 3x slower.
     */
    private static void block(GemmKernels kern, int mc, int nc, int kc, float[] pa, int paOff, float[] pb, int pbOff,
                              float[] c, int cOff, int ldc, boolean overwrite, float[] tile,
                              float[] a, int aRow, int lda, float[] b, int bRow, int ldb) {
        int mr = kern.mr(), nr = kern.nr();
        for (int jr = 0; jr < nc; jr += nr) {
            int nv = Math.min(nr, nc - jr);
            for (int ir = 0; ir < mc; ir += mr) {
                int mv = Math.min(mr, mc - ir), ci = cOff + ir * ldc + jr;
                boolean edge = mv < mr || nv < nr;
                float[] out = edge ? tile : c;
                int at = edge ? 0 : ci, ld = edge ? nr : ldc;
                // Panel p of A starts at p*mr*kc, i.e. at ir*kc; likewise B's at jr*kc.
                if (a != null && mv == mr) {
                    kern.tileRows(kc, a, aRow + ir * lda, lda, pb, pbOff + jr * kc, out, at, ld, edge || overwrite);
                } else if (b != null && nv == nr) {
                    kern.tileUnpackedB(kc, pa, paOff + ir * kc, b, bRow + jr, ldb, out, at, ld, edge || overwrite);
                } else {
                    kern.tile(kc, pa, paOff + ir * kc, pb, pbOff + jr * kc, out, at, ld, edge || overwrite);
                }
                if (edge) addEdge(tile, nr, mv, nv, c, ci, ldc, overwrite);
            }
        }
    }

    /** The valid mv x nv corner of an edge tile into C (stored, or added when not {@code overwrite}). */
    static void addEdge(float[] tile, int nr, int mv, int nv, float[] c, int ci, int ldc, boolean overwrite) {
        for (int r = 0; r < mv; r++) {
            int cr = ci + r * ldc, tr = r * nr;
            if (overwrite) {
                System.arraycopy(tile, tr, c, cr, nv);
            } else {
                for (int j = 0; j < nv; j++) c[cr + j] += tile[tr + j];
            }
        }
    }

    /** Packs op(B)[pc..pc+kc, jc..jc+nc] as NR-column panels: element (p, j) of panel q at {@code q*nr*kc + p*nr + j}. */
    private static void packB(GemmKernels kern, boolean transB, float[] b, int bOff, int ldb, int pc, int jc, int kc, int nc,
                              float[] dst) {
        packBPanels(kern, transB, b, bOff, ldb, pc, jc, kc, nc, 0, Math.ceilDiv(nc, kern.nr()), dst);
    }

    /** Panels [q0, q1) of {@link #packB}'s packing, each where packB puts it: for threads that pack one B block together. */
    private static void packBPanels(GemmKernels kern, boolean transB, float[] b, int bOff, int ldb, int pc, int jc, int kc, int nc,
                                    int q0, int q1, float[] dst) {
        int nr = kern.nr();
        for (int jr = q0 * nr; jr < q1 * nr && jr < nc; jr += nr) {
            kern.packB(transB, b, bOff, ldb, pc, jc + jr, kc, Math.min(nr, nc - jr), dst, jr * kc);
        }
    }

    /**
     * Packs op(A)[ic..ic+mc, pc..pc+kc] as MR-row panels from {@code dst[base]}: element (r, p) of panel q at
     * {@code base + q*mr*kc + p*mr + r}.
     */
    private static void packA(GemmKernels kern, boolean transA, float[] a, int aOff, int lda, int ic, int pc, int mc, int kc,
                              float[] dst, int base, boolean large) {
        int mr = kern.mr();
        for (int ir = 0; ir < mc; ir += mr) {
            if (large) kern.packALarge(transA, a, aOff, lda, ic + ir, pc, Math.min(mr, mc - ir), kc, dst, base + ir * kc);
            else kern.packA(transA, a, aOff, lda, ic + ir, pc, Math.min(mr, mc - ir), kc, dst, base + ir * kc);
        }
    }

    /**
     * The plain packing of one B panel (see {@link GemmKernels#packB}); kernels may override it with a faster one.
     * Each case has a method of its own, so the JIT profiles and compiles them apart: a method holding both, first
     * compiled before the transposed case ever ran, was thrown out by it and interpreted again for a while (a
     * 4 ms plateau over some 40 early steps of fashion-mlp, whose weight gradient is the first transposed GEMM).
     */
    static void packBPanel(boolean transB, float[] b, int bOff, int ldb, int pc, int j0, int kc, int nv, int nr,
                           float[] dst, int base) {
        if (transB) packBTransposed(b, bOff, ldb, pc, j0, kc, nv, nr, dst, base);
        else packBRows(b, bOff, ldb, pc, j0, kc, nv, nr, dst, base);
    }

    /** op(B)(p, j) = b[(pc+p)*ldb + j0+j]: each panel row is a contiguous run of B's row. */
    private static void packBRows(float[] b, int bOff, int ldb, int pc, int j0, int kc, int nv, int nr, float[] dst, int base) {
        int src = bOff + pc * ldb + j0;
        for (int p = 0; p < kc; p++, src += ldb) {
            int d = base + p * nr;
            System.arraycopy(b, src, dst, d, nv);
            if (nv < nr) Arrays.fill(dst, d + nv, d + nr, 0f);
        }
    }

    /** op(B)(p, j) = b[(j0+j)*ldb + pc+p]: read each stored row of B once, write it as a panel column. */
    private static void packBTransposed(float[] b, int bOff, int ldb, int pc, int j0, int kc, int nv, int nr, float[] dst, int base) {
        for (int j = 0; j < nv; j++) {
            int src = bOff + (j0 + j) * ldb + pc;
            for (int p = 0; p < kc; p++) dst[base + p * nr + j] = b[src + p];
        }
        for (int j = nv; j < nr; j++) {
            for (int p = 0; p < kc; p++) dst[base + p * nr + j] = 0f;
        }
    }

    /** The plain packing of one A panel (see {@link GemmKernels#packA}), one method per case as for B. */
    static void packAPanel(boolean transA, float[] a, int aOff, int lda, int i0, int pc, int mv, int kc, int mr,
                           float[] dst, int base) {
        if (transA) packAColumns(a, aOff, lda, i0, pc, mv, kc, mr, dst, base);
        else packARows(a, aOff, lda, i0, pc, mv, kc, mr, dst, base);
    }

    /** op(A)(i, p) = a[(pc+p)*lda + i0+i]: each panel column is a contiguous run of A's row. */
    private static void packAColumns(float[] a, int aOff, int lda, int i0, int pc, int mv, int kc, int mr, float[] dst, int base) {
        int src = aOff + pc * lda + i0;
        for (int p = 0; p < kc; p++, src += lda) {
            int d = base + p * mr;
            for (int r = 0; r < mv; r++) dst[d + r] = a[src + r];
            for (int r = mv; r < mr; r++) dst[d + r] = 0f;
        }
    }

    /** op(A)(i, p) = a[(i0+i)*lda + pc+p]: read each row of A once, write it as a panel row. */
    private static void packARows(float[] a, int aOff, int lda, int i0, int pc, int mv, int kc, int mr, float[] dst, int base) {
        for (int r = 0; r < mv; r++) {
            int src = aOff + (i0 + r) * lda + pc;
            for (int p = 0; p < kc; p++) dst[base + p * mr + r] = a[src + p];
        }
        for (int r = mv; r < mr; r++) {
            for (int p = 0; p < kc; p++) dst[base + p * mr + r] = 0f;
        }
    }

    static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}

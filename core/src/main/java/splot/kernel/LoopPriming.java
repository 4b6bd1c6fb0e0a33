package splot.kernel;

/**
 * Runs a GEMM implementation's register tiles and dot-product loops on short products until the JIT has compiled them:
 * the tiles when {@link Gemm} picks the implementation ({@code primed(kernels)} returns its argument), the dot products
 * and the tile that reads B in place before their first real call; and the transposes' block loop, which a dense
 * layer's product runs on its weight, before the first transpose.
 *
 * <p>Why: a tile's loop over the depth runs hundreds of steps a call. Left to the first real products, its first
 * calls ran in the interpreter long enough for C2 to compile an on-stack-replacement version before the ordinary one,
 * and a second after it for the thread that was still inside the interpreted loop: on the AVX-512 Zen 5 of
 * BENCHMARKS.md (session 18), fashion-mlp's first steps cost C2 100 + 115 + 180 ms for the 8 x 32 tile alone, 982 ms
 * in all, and the queue behind it reached into the timed steps. Calls of depth 16 reach the invocation
 * threshold that the launcher sets for {@code splot.kernel} within the first ten (some 150 steps of the loop), long
 * before the on-stack-replacement threshold would, and the launcher's compiler directives make the call that asks for
 * the compile wait for it; the rest of the forty run on the compiled tile: each tile is compiled once, the ordinary
 * way (fashion-mlp: 476 ms of C2 in all, the tiles 73 and 40 ms).
 *
 * <p>The dot products of a product with B transposed ({@link GemmKernels#direct}) run their depth in chunks of 128
 * vector steps (see {@link VectorGemmKernels#DOT_CHUNK_STEPS}), and the tile that reads B in place runs a depth of up
 * to 150 a call in lenet5; C1's code counts loop steps so much more often than calls that C2 was still asked for
 * their on-stack versions first. Primed with four steps a call (the dot products on a 7 x 7 product that reaches
 * every one of them: the 4 x 4, 4 x 2 and 2 x 4 blocks, four columns and one), they too are compiled once, while the
 * caller waits: before the first product that runs them ({@link DotProducts}, {@link TileUnpackedB}), so that a model
 * without one (fashion-mlp) does not wait for their compiles. Once a JVM, on the Zen 5 of BENCHMARKS.md (session 19):
 * with the launcher's options the waits take 92 ms (dot products) and 46 ms (the tile); without them nothing waits and
 * the calls, run in the interpreter and C1, take 49 and 3 ms.
 */
final class LoopPriming {
    private static final int TILE_DEPTH = 16;
    private static final int TILE_CALLS = 40;
    /**
     * Depth of the calls that prime the tile reading B in place. It is primed later than the others, in a run's first
     * products, when C2's queue is long and HotSpot runs new code in C1 with counters only; that code counted depth 16
     * into an on-stack compile first (51 kB, 111 ms, the caller waiting). At four steps a call the calls' count asks
     * first, as it does for the dot products at four vector steps.
     */
    private static final int UNPACKED_B_DEPTH = 4;
    private static final int UNPACKED_B_CALLS = 256;
    /** Seven rows and columns: a block of four, one of two and one left over, against either block height. */
    private static final int DOT_SIZE = 7;
    /**
     * Calls enough for C2's thresholds even when its queue is long and HotSpot raises them (64 were not, some runs): for
     * the dot products, the register and block transposes, and {@link ElementwisePriming}'s loops.
     */
    static final int CALLS = 256;

    private LoopPriming() {
    }

    /** Primes {@code kernels}' tiles (packed A, and A in place where it reads A in place) and returns it. */
    static GemmKernels primed(GemmKernels kernels) {
        int mr = kernels.mr(), nr = kernels.nr();
        float[] a = new float[mr * TILE_DEPTH], b = new float[nr * TILE_DEPTH], c = new float[mr * nr];
        for (int i = 0; i < TILE_CALLS; i++) {
            // Both ends of the tile (C stored, C added) run, so C2's type profile has every Vector API call in it.
            boolean overwrite = (i & 1) == 0;
            kernels.tile(TILE_DEPTH, a, 0, b, 0, c, 0, nr, overwrite);
            if (kernels.readsRowsOfA()) kernels.tileRows(TILE_DEPTH, a, 0, TILE_DEPTH, b, 0, c, 0, nr, overwrite);
        }
        primePacking(kernels);
        return kernels;
    }

    /** Calls that prime the products on kept panels: C1's two compiles of each method (they are kept from C2). */
    private static final int KEPT_CALLS = 64;

    /**
     * Primes the products on a weight's kept panels ({@link WeightPanels}, {@link PackedGemm#sgemmOnWeight}) on a product
     * of one tile, packing the panels every other call, and returns {@code kernels}. Only inference in a {@code
     * FrozenWeights} scope runs them, first in its first batch: left to that, C1 compiled them (each twice, with its
     * profile and then without) inside the timed window that followed, while both of Splot's threads ran: fashion-mlp's
     * inference window in {@code splot bench} ran at 0.72 times the rate of packing at every call (30 pairs of fresh
     * JVMs); primed, 1.04 (BENCHMARKS.md, session 54).
     */
    static GemmKernels primeKeptPanels(GemmKernels kernels) {
        int mr = kernels.mr(), nr = kernels.nr();
        float[] a = new float[mr * PACK_DEPTH], b = new float[nr * PACK_DEPTH], c = new float[mr * nr];
        for (int i = 0; i < KEPT_CALLS; i++) {
            WeightPanels kept = WeightPanels.acquire(kernels, b, nr, PACK_DEPTH);
            if (kept == null) break;
            try {
                kept.update(kernels, b, 0, nr, 1 + i / 2);
                PackedGemm.sgemmOnWeight(kernels, mr, nr, PACK_DEPTH, a, 0, PACK_DEPTH, b, 0, kept, 0, c, 0, nr, (i & 1) == 0);
            } finally {
                kept.release();
            }
        }
        return kernels;
    }

    /**
     * Depth and width of the calls that prime the packing. C1's counters must ask for C2's ordinary compile of a loop
     * (after some eight calls) before its steps reach the on-stack threshold, so a call may run some forty steps at
     * most: panels of four rows or columns, two deep (two, so that C2's profile has the depth loop going round; at a
     * depth of 17 on the kernels' own panels the first call already asked for an on-stack compile).
     */
    private static final int PACK_DEPTH = 2, PACK_WIDTH = 4;

    /**
     * Primes the packing of A and B panels, each transposed and not, whole and a part of one, and the copy of an edge
     * tile into C, stored and added: the loops that every product runs around its tiles, first the plain ones on narrow
     * panels, then {@code kernels}' own on theirs, which call the plain ones for their edges. Left to the first real
     * products, C2 compiled them on stack and again the ordinary way inside fashion-mlp's timed training window
     * (BENCHMARKS.md, session 39).
     */
    static void primePacking(GemmKernels kernels) {
        int mr = kernels.mr(), nr = kernels.nr(), ld = PACK_DEPTH + mr + nr;
        float[] src = new float[ld * ld], dst = new float[(mr + nr) * PACK_DEPTH], tile = new float[mr * nr], c = new float[mr * ld];
        for (int i = 0; i < CALLS; i++) {
            boolean transposed = (i & 1) == 0;
            int width = (i & 2) == 0 ? PACK_WIDTH : PACK_WIDTH - 1;
            PackedGemm.packAPanel(transposed, src, 0, ld, 0, 0, width, PACK_DEPTH, PACK_WIDTH, dst, 0);
            PackedGemm.packBPanel(transposed, src, 0, ld, 0, 0, PACK_DEPTH, width, PACK_WIDTH, dst, 0);
            PackedGemm.addEdge(tile, nr, width, width, c, 0, ld, transposed);
        }
        for (int i = 0; i < CALLS; i++) {
            boolean transposed = (i & 1) == 0, whole = (i & 2) == 0;
            kernels.packA(transposed, src, 0, ld, 0, 0, whole ? mr : mr - 1, PACK_DEPTH, dst, 0);
            kernels.packB(transposed, src, 0, ld, 0, 0, PACK_DEPTH, whole ? nr : nr - 1, dst, 0);
        }
    }

    /**
     * {@link Gemm}'s dot products, primed when this class is first used. Both threads of a parallel product may come
     * to their first one at once; the JVM's class initialization has the second wait until the first has primed them,
     * where a flag let it run them unprimed meanwhile, into the on-stack compile the priming is for.
     */
    static final class DotProducts {
        static {
            primeDotProducts(Gemm.KERNELS);
        }

        private DotProducts() {
        }

        /** Returns once {@link Gemm}'s dot products are primed. */
        static void ready() {
        }
    }

    /** {@link Gemm}'s tile that reads B in place, primed when this class is first used, as {@link DotProducts}. */
    static final class TileUnpackedB {
        static {
            primeTileUnpackedB(Gemm.KERNELS);
        }

        private TileUnpackedB() {
        }

        /** Returns once {@link Gemm}'s tile that reads B in place is primed. */
        static void ready() {
        }
    }

    /** {@link Gemm}'s narrow loop ({@link GemmKernels#narrowTile}), primed when this class is first used, as {@link DotProducts}. */
    static final class NarrowTiles {
        static {
            primeNarrowTile(Gemm.KERNELS);
        }

        private NarrowTiles() {
        }

        /** Returns once the narrow loop is primed. */
        static void ready() {
        }
    }

    /** Primes {@code kernels}' narrow loop, a few steps a call, and its store into C, stored and added, every column and fewer. */
    static void primeNarrowTile(GemmKernels kernels) {
        int w = kernels.narrowColumns(), mr = kernels.mr();
        if (w == 0) return;
        float[] a = new float[mr * UNPACKED_B_DEPTH], b = new float[w * UNPACKED_B_DEPTH], tile = new float[mr * w];
        float[] c = new float[mr * w];
        for (int i = 0; i < UNPACKED_B_CALLS; i++) {
            kernels.narrowTile(UNPACKED_B_DEPTH, a, 0, UNPACKED_B_DEPTH, b, 0, tile);
            kernels.narrowStore(tile, mr, (i & 2) == 0 ? w : w / 2 + 1, c, 0, w, (i & 1) == 0);
        }
    }

    /**
     * Primes {@code kernels}' tile that reads B in place ({@link GemmKernels#tileUnpackedB}), C stored and C added, where
     * there is one: before the first product that runs it (a convolution's forward product of few output channels,
     * lenet5's), whose first calls asked C2 for a 51 kB on-stack compile (111 ms) before the ordinary 12 kB one.
     */
    static void primeTileUnpackedB(GemmKernels kernels) {
        if (!kernels.readsUnpackedB()) return;
        int mr = kernels.mr(), nr = kernels.nr();
        float[] a = new float[mr * UNPACKED_B_DEPTH], b = new float[nr * UNPACKED_B_DEPTH], c = new float[mr * nr];
        for (int i = 0; i < UNPACKED_B_CALLS; i++) kernels.tileUnpackedB(UNPACKED_B_DEPTH, a, 0, b, 0, nr, c, 0, nr, (i & 1) == 0);
    }

    /** Primes {@code kernels}' dot products ({@link GemmKernels#direct} with B transposed), C stored and C added. */
    static void primeDotProducts(GemmKernels kernels) {
        // Four vector steps (a tile is two vectors wide), then one float more every other call, so that the sums' scalar
        // tail both runs and does not: C2 would otherwise compile only the case it saw and trap on the other.
        int k = 2 * kernels.nr();
        float[] x = new float[DOT_SIZE * (k + 1)], y = new float[DOT_SIZE * (k + 1)], z = new float[DOT_SIZE * DOT_SIZE];
        for (int i = 0; i < CALLS; i++) {
            int depth = k + (i >> 1 & 1);
            kernels.direct(false, true, DOT_SIZE, DOT_SIZE, depth, x, 0, depth, y, 0, depth, z, 0, DOT_SIZE, (i & 1) == 1, null);
        }
    }

    /**
     * {@link Transpose}'s block loop, primed when this class is first used, as {@link DotProducts}: stored and added,
     * a whole block and a part of one. A dense layer's weight (fashion-mlp's 128 x 784) is transposed on every forward
     * call, and C2 compiled the loop on stack twice before the ordinary compile (BENCHMARKS.md, session 27).
     */
    static final class Transposes {
        static {
            // Two rows of a block and one, by a block of columns and one more; few loop steps a call, so that the calls ask for C2.
            int cols = Transpose.BLOCK + 1;
            float[] src = new float[2 * cols], dst = new float[2 * cols];
            for (int i = 0; i < CALLS; i++) {
                int rows = 2 - (i >> 1 & 1);
                Transpose.blocks(src, 0, rows, cols, dst, 0, (i & 1) == 1, 0, rows, 0, cols);
            }
        }

        private Transposes() {
        }

        /** Returns once the block loop is primed. */
        static void ready() {
        }
    }

    /**
     * The register transposes that pack A for large products ({@link RowPanelTranspose}), primed when this class is
     * first used, as {@link DotProducts}: unprimed, a first 2048^3 product ran them in C1 on boxed vectors, 1.9 ms a
     * row block instead of 18 us.
     */
    static final class RowPanels {
        static {
            // Two blocks of 16 and a tail of one, then without the tail: C2 sees both ends of the loop.
            float[] a = new float[8 * 33], dst = new float[8 * 33];
            for (int i = 0; i < CALLS; i++) RowPanelTranspose.pack(a, 0, 33, 32 + (i & 1), dst, 0);
        }

        private RowPanels() {
        }

        /** Returns once the transposes are primed. */
        static void ready() {
        }
    }
}

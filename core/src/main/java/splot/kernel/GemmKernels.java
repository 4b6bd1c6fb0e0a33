package splot.kernel;

/**
 * The two loops a GEMM implementation supplies; {@link PackedGemm} does the blocking and packing around them.
 * One implementation uses the Vector API ({@link VectorGemmKernels}), one is plain scalar Java
 * ({@link ScalarGemmKernels}); {@link Gemm} picks one at start-up.
 */
interface GemmKernels {
    /** Rows of the register tile: A is packed in panels of this many rows. */
    int mr();

    /** Columns of the register tile: B is packed in panels of this many columns. */
    int nr();

    /**
     * One full {@code mr x nr} tile: {@code C (+)= Apanel * Bpanel} over {@code kc} steps, where the A panel
     * holds {@code ap[ai + p*mr + r]} and the B panel {@code bp[bi + p*nr + j]}. With {@code overwrite} the
     * tile replaces C instead of adding to it.
     */
    void tile(int kc, float[] ap, int ai, float[] bp, int bi, float[] c, int ci, int ldc, boolean overwrite);

    /**
     * {@link #tile} with A read where it is stored, row-major: row r of the tile at {@code a[ai + r*lda + p]} for
     * {@code p < kc}. For loops that support it ({@link #readsRowsOfA}); the rows must all be there (a full tile).
     */
    default void tileRows(int kc, float[] a, int ai, int lda, float[] bp, int bi, float[] c, int ci, int ldc, boolean overwrite) {
        throw new UnsupportedOperationException(this + " packs A");
    }

    /** Whether {@link #tileRows} is implemented. */
    default boolean readsRowsOfA() {
        return false;
    }

    /**
     * {@link #tile} with B read where it is stored, row-major: step p of the tile reads {@code b[bi + p*ldb + j]}
     * for {@code j < nr}. For loops that support it ({@link #readsUnpackedB}); the columns must all be there.
     */
    default void tileUnpackedB(int kc, float[] ap, int ai, float[] b, int bi, int ldb, float[] c, int ci, int ldc, boolean overwrite) {
        throw new UnsupportedOperationException(this + " packs B");
    }

    /** Whether {@link #tileUnpackedB} is implemented. */
    default boolean readsUnpackedB() {
        return false;
    }

    /**
     * Packs rows {@code i0 .. i0+mv} of op(A), depth {@code pc .. pc+kc}, as one panel:
     * {@code dst[base + p*mr + r] = op(A)(i0 + r, pc + p)}, rows {@code mv .. mr} zero.
     */
    default void packA(boolean transA, float[] a, int aOff, int lda, int i0, int pc, int mv, int kc, float[] dst, int base) {
        PackedGemm.packAPanel(transA, a, aOff, lda, i0, pc, mv, kc, mr(), dst, base);
    }

    /**
     * {@link #packA} for the large products of {@link PackedGemm#sgemmShared}: the same panel, by loops that pay for a
     * compile of their own only there.
     */
    default void packALarge(boolean transA, float[] a, int aOff, int lda, int i0, int pc, int mv, int kc, float[] dst, int base) {
        packA(transA, a, aOff, lda, i0, pc, mv, kc, dst, base);
    }

    /**
     * Packs columns {@code j0 .. j0+nv} of op(B), depth {@code pc .. pc+kc}, as one panel:
     * {@code dst[base + p*nr + j] = op(B)(pc + p, j0 + j)}, columns {@code nv .. nr} zero.
     */
    default void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int j0, int kc, int nv, float[] dst, int base) {
        PackedGemm.packBPanel(transB, b, bOff, ldb, pc, j0, kc, nv, nr(), dst, base);
    }

    /** Columns of C up to which {@link #narrowTile} takes a product with B transposed; 0 where there is none. */
    default int narrowColumns() {
        return 0;
    }

    /**
     * {@code mr} rows of A B^T over {@code kc} steps, {@code w = narrowColumns()} wide, stored to {@code tile[r*w + j]}:
     * row r of A read in place at {@code a[ai + r*lda + p]}, B^T packed w wide as {@code bp[bi + p*w + j]}. For loops
     * that have one ({@link #narrowColumns} above 0); the caller adds the tile's first n columns into C.
     */
    default void narrowTile(int kc, float[] a, int ai, int lda, float[] bp, int bi, float[] tile) {
        throw new UnsupportedOperationException(this + " has no narrow loop");
    }

    /**
     * The first n columns of the first {@code rows} rows of {@link #narrowTile}'s tile into C at {@code c[ci + r*ldc + j]}:
     * stored, or added when not {@code overwrite}.
     */
    default void narrowStore(float[] tile, int rows, int n, float[] c, int ci, int ldc, boolean overwrite) {
        PackedGemm.addEdge(tile, narrowColumns(), rows, n, c, ci, ldc, overwrite);
    }

    /** Whether {@link #packB} packs a transposed B's panels as fast as a plain one's (by register transposes). */
    default boolean packsTransposedB() {
        return false;
    }

    /**
     * The whole product without packing, for problems too small or too skinny for packing to pay off, row by
     * row of C: {@link #axpyRow} without transB, {@link #dotRow} with it. A transposed A row is first gathered
     * into {@code row}. Same contract as {@link Gemm#sgemm}; {@code row} is scratch for at least {@code k} floats.
     */
    default void direct(boolean transA, boolean transB, int m, int n, int k,
                        float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        float[] c, int cOff, int ldc, boolean accumulate, float[] row) {
        for (int i = 0; i < m; i++) {
            float[] x = a;
            int xo = aOff + i * lda;
            if (transA) {
                for (int p = 0; p < k; p++) row[p] = a[aOff + p * lda + i];
                x = row;
                xo = 0;
            }
            int ci = cOff + i * ldc;
            if (transB) {
                dotRow(x, xo, k, b, bOff, ldb, n, c, ci, accumulate);
            } else {
                axpyRow(x, xo, k, b, bOff, ldb, n, c, ci, accumulate);
            }
        }
    }

    /**
     * Columns of C up to which a product with B transposed goes to {@link #direct} whatever its rows, its dot
     * products being faster there than packed tiles; 0 when only {@link Gemm}'s general rule applies.
     */
    default int directTransposedColumns() {
        return 0;
    }

    /** One row of C without transB: {@code c[ci + j] (+)= sum over p of x[xo + p] * B(p, j)}, B rows {@code ldb} apart. */
    void axpyRow(float[] x, int xo, int k, float[] b, int bOff, int ldb, int n, float[] c, int ci, boolean accumulate);

    /** One row of C with transB: {@code c[ci + j] (+)= dot(x[xo..xo+k), stored row j of B)} for every j. */
    void dotRow(float[] x, int xo, int k, float[] b, int bOff, int ldb, int n, float[] c, int ci, boolean accumulate);
}

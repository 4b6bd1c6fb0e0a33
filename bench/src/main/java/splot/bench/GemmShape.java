package splot.bench;

/**
 * One GEMM, C (m x n) = op(A) (m x k) op(B) (k x n), row-major as {@link splot.kernel.Gemm} takes it: with
 * transA, A is stored (k x m); with transB, B is stored (n x k).
 */
record GemmShape(int m, int n, int k, boolean transA, boolean transB) {
    /** Reads {@code label:MxNxK:AB}, e.g. {@code fashion-cnn/conv2.dX:576x363x128:TN}; the label is ignored. */
    static GemmShape parse(String text) {
        String[] parts = text.split(":");
        String[] dims = parts.length == 3 ? parts[1].split("x") : new String[0];
        if (dims.length != 3 || !parts[2].matches("[NT][NT]")) {
            throw new IllegalArgumentException("GEMM shape '" + text + "' is not of the form label:MxNxK:AB with A, B in {N, T}");
        }
        return new GemmShape(Integer.parseInt(dims[0]), Integer.parseInt(dims[1]), Integer.parseInt(dims[2]),
                parts[2].charAt(0) == 'T', parts[2].charAt(1) == 'T');
    }

    int lda() {
        return transA ? m : k;
    }

    int ldb() {
        return transB ? k : n;
    }

    /** A multiply and an add per term: 2 m n k. */
    double flops() {
        return 2.0 * m * n * k;
    }
}

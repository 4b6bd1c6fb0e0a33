package splot.kernel;

/**
 * Run by {@link GemmTest} in a JVM without {@code --add-modules jdk.incubator.vector}: Gemm must load, pick
 * the scalar loops, and still agree with the reference; Winograd's transforms (F(2x2) and F(4x4)) and batch normalisation's loops must load and
 * pick theirs too.
 * Prints the implementation; exits 1 on a mismatch.
 */
public final class NoVectorModuleMain {
    private NoVectorModuleMain() {
    }

    public static void main(String[] args) {
        int m = 37, n = 45, k = 300;
        float[] a = new float[m * k], b = new float[k * n], want = new float[m * n], got = new float[m * n];
        for (int i = 0; i < a.length; i++) a[i] = (i * 7 % 13) / 13f - 0.5f;
        for (int i = 0; i < b.length; i++) b[i] = (i * 5 % 11) / 11f - 0.5f;
        ReferenceGemm.sgemm(false, true, m, n, k, a, 0, k, b, 0, k, want, 0, n, false);
        Gemm.sgemm(false, true, m, n, k, a, 0, k, b, 0, k, got, 0, n, false);
        for (int i = 0; i < got.length; i++) {
            if (Math.abs(got[i] - want[i]) > 1e-3f) {
                System.out.println("mismatch at " + i + ": " + got[i] + " vs " + want[i]);
                System.exit(1);
            }
        }
        if (Winograd.KERNELS != Winograd.SCALAR) {
            System.out.println("Winograd picked " + Winograd.KERNELS + " without the Vector API");
            System.exit(1);
        }
        float[] sub = new float[64], v = new float[16 * 8];
        Winograd.KERNELS.inputTiles(sub, 0, 16, 32, 48, 4, v, 0, 8, 8);
        if (Winograd4.KERNELS != Winograd4.SCALAR) {
            System.out.println("Winograd4 picked " + Winograd4.KERNELS + " without the Vector API");
            System.exit(1);
        }
        int group = Winograd4.group();
        float[] pad = new float[36 * group], v4 = new float[36 * group];
        Winograd4.KERNELS.inputTiles(pad, 6, 1, 1, group, v4, 0, 0, 30, 0, group, new float[Winograd4.STAGE], 0);
        if (BatchNormKernel.KERNELS != BatchNormKernel.SCALAR) {
            System.out.println("BatchNormKernel picked " + BatchNormKernel.KERNELS + " without the Vector API");
            System.exit(1);
        }
        System.out.println(Gemm.implementation());
    }
}

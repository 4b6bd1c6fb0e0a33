package splot.bench;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import splot.kernel.Gemm;
import splot.kernel.Parallel;
import splot.tensor.Rng;

/**
 * Splot's square GEMM and OpenBLAS's {@code cblas_sgemm} (the library Debian's numpy runs, called here through the
 * JDK's foreign-function API) in one JVM, taking turns of a fraction of a second on the same matrices. Run one
 * after the other, as JMH and {@code gemm_numpy.py} are, the two met different phases of the noisy 2-core VMs of
 * BENCHMARKS.md (the same GEMM moved by 1.5-2x between phases of tens of seconds); the median of each round's
 * ratio does not depend on the phase.
 *
 * <pre>
 * OPENBLAS_CORETYPE=Haswell java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *   -cp bench/target/benchmarks.jar splot.bench.GemmVsOpenBlas --threads 2 1024 2048
 * </pre>
 *
 * Arguments: {@code [--rounds R] [--seconds S] [--pause P] [--threads T] [--lib PATH] N...}: R counted rounds
 * (default 15) after two of warm-up, each a turn of at least S seconds (default 0.3) for either library, each turn
 * after P seconds of sleep (default 0.2), T threads for both (default Splot's pool; Splot's is set by
 * {@code -Dsplot.threads}), and the OpenBLAS shared library (default Debian's pthread build).
 *
 * <p>The pause is there because OpenBLAS's idle workers spin before they sleep: after a 2048^3 product its process
 * burned 50, 50 and 28 ms of CPU in the next three 50 ms (numpy, 2 threads), one core of the two, so a turn that
 * starts right after OpenBLAS's shares a core with it for its first 0.13 s. Splot's workers spin 0.1 ms at most.
 * Without the pause, four alternating runs (9 rounds) put Splot at 0.921-1.032x OpenBLAS at 1024^3 and 0.932-0.998x
 * at 2048^3; with 0.3 s, 1.044-1.088x and 0.984-1.013x (BENCHMARKS.md, session 22).
 *
 * <p>Prints a JSON line per size: GFLOPS medians, the median of Splot's per-round ratio to OpenBLAS, and the largest
 * difference between the two products. C (N x N) = A (N x N) B (N x N), row-major, 2 N^3 flops.
 */
public final class GemmVsOpenBlas {
    static final String DEBIAN_OPENBLAS = "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0";
    private static final int ROW_MAJOR = 101, NO_TRANS = 111;

    private GemmVsOpenBlas() {
    }

    /** OpenBLAS's entry points, bound once. */
    record OpenBlas(MethodHandle sgemm, String config, String core) {
        static OpenBlas load(Path library, int threads) throws Throwable {
            if (!Files.exists(library)) {
                throw new IllegalArgumentException("GemmVsOpenBlas: no OpenBLAS at " + library
                        + "; install Debian's libopenblas0-pthread or pass --lib PATH");
            }
            Linker linker = Linker.nativeLinker();
            SymbolLookup lib = SymbolLookup.libraryLookup(library, Arena.global());
            MethodHandle sgemm = linker.downcallHandle(lib.find("cblas_sgemm").orElseThrow(),
                    FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_FLOAT,
                            ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_FLOAT, ADDRESS, JAVA_INT));
            linker.downcallHandle(lib.find("openblas_set_num_threads").orElseThrow(), FunctionDescriptor.ofVoid(JAVA_INT))
                    .invokeExact(threads);
            return new OpenBlas(sgemm, string(linker, lib, "openblas_get_config"), string(linker, lib, "openblas_get_corename"));
        }

        private static String string(Linker linker, SymbolLookup lib, String function) throws Throwable {
            MethodHandle get = linker.downcallHandle(lib.find(function).orElseThrow(), FunctionDescriptor.of(ADDRESS));
            return ((MemorySegment) get.invokeExact()).reinterpret(256).getString(0);
        }

        void multiply(int n, MemorySegment a, MemorySegment b, MemorySegment c) throws Throwable {
            sgemm.invokeExact(ROW_MAJOR, NO_TRANS, NO_TRANS, n, n, n, 1f, a, n, b, n, 0f, c, n);
        }
    }

    /** Both libraries' times for one size, ms per call: {@code splot[r]} and {@code openblas[r]} from round r. */
    record Turns(int n, double[] splot, double[] openblas, double maxDifference) {
        double gflops(double ms) {
            return 2.0 * n * n * n / ms / 1e6;
        }

        /** The median over rounds of Splot's speed over OpenBLAS's in the same round. */
        double pairedRatio() {
            double[] ratios = new double[splot.length];
            for (int r = 0; r < ratios.length; r++) ratios[r] = openblas[r] / splot[r];
            return JarAB.median(ratios);
        }

        String json(int threads, OpenBlas blas) {
            return String.format(Locale.US, "{\"n\":%d,\"threads\":%d,\"rounds\":%d,\"splot_gflops\":%.1f,\"openblas_gflops\":%.1f,"
                            + "\"splot_over_openblas\":%.3f,\"max_abs_difference\":%.3g,\"openblas_core\":\"%s\"}",
                    n, threads, splot.length, gflops(JarAB.median(splot)), gflops(JarAB.median(openblas)), pairedRatio(),
                    maxDifference, blas.core());
        }
    }

    public static void main(String[] args) throws Throwable {
        int rounds = 15, threads = Parallel.threads();
        double seconds = 0.3, pause = 0.2;
        Path library = Path.of(DEBIAN_OPENBLAS);
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--pause" -> pause = Double.parseDouble(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--lib" -> library = Path.of(args[++i]);
                default -> sizes.add(Integer.parseInt(args[i]));
            }
        }
        if (!(pause >= 0)) {
            throw new IllegalArgumentException("GemmVsOpenBlas: --pause must be 0 seconds or more, got " + pause);
        }
        if (sizes.isEmpty()) sizes = List.of(1024, 2048);
        if (threads != Parallel.threads()) {
            throw new IllegalArgumentException("GemmVsOpenBlas: --threads " + threads + " but Splot's pool has "
                    + Parallel.threads() + "; start the JVM with -Dsplot.threads=" + threads);
        }
        OpenBlas blas = OpenBlas.load(library, threads);
        System.err.println("OpenBLAS: " + blas.config() + ", core " + blas.core() + "; Splot: " + Gemm.implementation()
                + ", " + threads + " threads");
        for (int n : sizes) System.out.println(turns(blas, n, rounds, seconds, pause).json(threads, blas));
    }

    static Turns turns(OpenBlas blas, int n, int rounds, double seconds, double pause) throws Throwable {
        Rng.seed(n);
        float[] a = new float[n * n], b = new float[n * n], c = new float[n * n];
        Rng.uniform(a, -1, 1);
        Rng.uniform(b, -1, 1);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment na = arena.allocateFrom(JAVA_FLOAT, a), nb = arena.allocateFrom(JAVA_FLOAT, b);
            MemorySegment nc = arena.allocate(JAVA_FLOAT, (long) n * n);
            Runnable splot = () -> Gemm.sgemm(false, false, n, n, n, a, 0, n, b, 0, n, c, 0, n, false);
            Runnable openblas = () -> {
                try {
                    blas.multiply(n, na, nb, nc);
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
            };
            double[] splotMs = new double[rounds], blasMs = new double[rounds];
            for (int r = -2; r < rounds; r++) {
                double s = turn(splot, seconds, pause), o = turn(openblas, seconds, pause);
                if (r >= 0) {
                    splotMs[r] = s;
                    blasMs[r] = o;
                }
            }
            return new Turns(n, splotMs, blasMs, maxDifference(c, nc.toArray(JAVA_FLOAT)));
        }
    }

    /** Sleeps {@code pause} s, then calls {@code call} until {@code seconds} have passed (at least twice); ms per call. */
    private static double turn(Runnable call, double seconds, double pause) throws InterruptedException {
        Thread.sleep((long) (pause * 1000));
        long start = System.nanoTime(), end = start + (long) (seconds * 1e9);
        int calls = 0;
        long now;
        do {
            call.run();
            calls++;
            now = System.nanoTime();
        } while (now < end || calls < 2);
        return (now - start) / 1e6 / calls;
    }

    private static double maxDifference(float[] x, float[] y) {
        double max = 0;
        for (int i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i] - y[i]));
        return max;
    }
}

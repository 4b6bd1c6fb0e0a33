package splot.cli;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import splot.kernel.BatchNormKernel;

/**
 * Run in a JVM of its own by {@link LauncherTest}: batch normalisation's statistics over a (64, 64, 16 x 16) batch,
 * 2,000 times to get them compiled, and then prints the bytes all threads allocated a call over 100 more. Vectors
 * that C2 could not keep in registers show up as garbage (14 MB a call when it happened).
 */
public final class BoxingProbe {
    private BoxingProbe() {
    }

    public static void main(String[] args) {
        int n = 64, c = 64, s = 256;
        float[] x = new float[n * c * s], y = new float[x.length];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble();
        double[] mean = new double[c], var = new double[c], scale = new double[c], shift = new double[c];
        java.util.Arrays.fill(scale, 1);
        for (int i = 0; i < 2_000; i++) normalise(x, n, c, s, mean, var, scale, shift, y);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getTotalThreadAllocatedBytes();
        for (int i = 0; i < 100; i++) normalise(x, n, c, s, mean, var, scale, shift, y);
        System.out.println((threads.getTotalThreadAllocatedBytes() - before) / 100);
    }

    private static void normalise(float[] x, int n, int c, int s, double[] mean, double[] var, double[] scale, double[] shift, float[] y) {
        BatchNormKernel.meanVar(x, n, c, s, mean, var);
        BatchNormKernel.scaleShift(x, n, c, s, scale, shift, y);
    }
}

package splot.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import splot.tensor.Tensor;

/** The one-JVM A/B harness: each version in a loader of its own, the probe defined there, medians and paired ratios. */
class JarABTest {
    private static String coreClassPath() throws Exception {
        return Path.of(Tensor.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    @Test
    void eachVersionRunsTheProbeOnItsOwnCopyOfTheCore() throws Exception {
        Method a = JarAB.probe(coreClassPath()), b = JarAB.probe(coreClassPath());
        assertNotSame(a.getDeclaringClass(), b.getDeclaringClass());
        assertNotSame(ModelProbe.class, a.getDeclaringClass());
        Class<?> tensorOfA = a.getDeclaringClass().getClassLoader().loadClass(Tensor.class.getName());
        assertNotSame(Tensor.class, tensorOfA, "the core must come from the version's loader, not the harness's");

        JarAB.Result result = JarAB.run(List.of(a, b), "gemm:33x17x7", 4, 2, 1);
        assertEquals(2, result.ms().length);
        assertEquals(3, result.ms()[0].length, "4 rounds less 1 of warm-up");
        for (double[] times : result.ms()) for (double ms : times) assertTrue(ms > 0, "ms per step " + ms);
        assertEquals(1.0, result.pairedRatio(0), 0.0);
    }

    @Test
    void pairedRatioIsTheMedianOfEachRoundsRatio() {
        // Version 1 is 2x slower in every round, though the rounds themselves move 10x (the machine's phases).
        JarAB.Result result = new JarAB.Result("t", new double[][] {{1, 10, 2, 5}, {2, 20, 4, 10}});
        assertEquals(2.0, result.pairedRatio(1), 1e-12);
        assertEquals(3.5, result.median(0), 1e-12);
        assertEquals(7.0, result.median(1), 1e-12);
    }

    @Test
    void everyOtherRoundRunsTheVersionsInReverse() {
        int[][] order = new int[2][3];
        for (int r = 0; r < 2; r++) for (int i = 0; i < 3; i++) order[r][i] = JarAB.versionAt(r, i, 3);
        assertArrayEquals(new int[] {0, 1, 2}, order[0]);
        assertArrayEquals(new int[] {2, 1, 0}, order[1]);
        assertEquals(0, JarAB.versionAt(2, 0, 3));
    }

    @Test
    void badTasksAndPathsAreNamed() throws Exception {
        Method a = JarAB.probe(coreClassPath());
        var error = assertThrows(IllegalArgumentException.class, () -> JarAB.run(List.of(a), "gemm:3x4", 1, 1, 0));
        assertTrue(error.getMessage().contains("MxNxK"), error.getMessage());
        var missing = assertThrows(IllegalArgumentException.class, () -> JarAB.probe("/no/such/splot-core.jar"));
        assertTrue(missing.getMessage().contains("/no/such/splot-core.jar"), missing.getMessage());
    }
}

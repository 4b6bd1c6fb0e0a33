package splot.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No method of the Vector API loops takes or returns a vector. C2 may compile such a helper on its own and then
 * refuse to inline it into the loop that calls it; the vectors crossing the call become heap objects, and one JVM
 * in ten ran its GEMM 9x slower for its whole life (see {@link VectorGemmKernels}).
 */
class VectorHelpersTest {
    @Test
    void noVectorCrossesAMethodCall() {
        List<String> offenders = new ArrayList<>();
        for (Class<?> c : List.of(VectorGemmKernels.class, VectorWinograd.class, VectorElementwise.class,
                VectorTranspose16.class)) {
            for (Method m : c.getDeclaredMethods()) {
                if (Stream.concat(Stream.of(m.getReturnType()), Arrays.stream(m.getParameterTypes())).anyMatch(VectorHelpersTest::isVector)) {
                    offenders.add(c.getSimpleName() + "." + m.getName());
                }
            }
        }
        assertEquals(List.of(), offenders, "methods that take or return a jdk.incubator.vector type");
    }

    private static boolean isVector(Class<?> type) {
        return type.getPackageName().equals("jdk.incubator.vector");
    }
}

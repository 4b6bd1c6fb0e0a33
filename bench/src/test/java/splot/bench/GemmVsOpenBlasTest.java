package splot.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The arithmetic of the GEMM turns against OpenBLAS, and its errors: a bad argument, no library (needs no OpenBLAS). */
class GemmVsOpenBlasTest {
    @Test
    void ratioIsSplotsSpeedOverOpenBlasInTheSameRound() {
        // Splot takes 2 ms where OpenBLAS takes 1 in every round, while the rounds themselves move 4x.
        var turns = new GemmVsOpenBlas.Turns(1000, new double[] {2, 8, 4}, new double[] {1, 4, 2}, 0);
        assertEquals(0.5, turns.pairedRatio(), 1e-12);
        assertEquals(500.0, turns.gflops(4), 1e-9, "2 * 1000^3 flops in 4 ms");
    }

    @Test
    void aMissingLibraryIsNamedWithThePackageToInstall() {
        var error = assertThrows(IllegalArgumentException.class,
                () -> GemmVsOpenBlas.OpenBlas.load(Path.of("/no/such/libopenblas.so.0"), 2));
        assertTrue(error.getMessage().contains("/no/such/libopenblas.so.0") && error.getMessage().contains("libopenblas0-pthread"),
                error.getMessage());
    }

    @Test
    void aNegativePauseIsRefusedBeforeAnythingRuns() {
        var error = assertThrows(IllegalArgumentException.class,
                () -> GemmVsOpenBlas.main(new String[] {"--pause", "-0.5", "--lib", "/no/such/libopenblas.so.0", "8"}));
        assertTrue(error.getMessage().contains("--pause") && error.getMessage().contains("-0.5"), error.getMessage());
    }
}

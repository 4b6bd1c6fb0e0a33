package splot.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class ProcessorTest {
    @Test
    void theVendorLineSaysWhetherTheCoreIsIntel() throws IOException {
        assertTrue(Processor.isIntel(lines("processor\t: 0", "vendor_id\t: GenuineIntel", "cpu family\t: 6")));
        assertFalse(Processor.isIntel(lines("processor\t: 0", "vendor_id\t: AuthenticAMD", "cpu family\t: 26")));
    }

    @Test
    void noVendorLineIsNotIntel() throws IOException {
        assertFalse(Processor.isIntel(lines()));
        assertFalse(Processor.isIntel(lines("processor\t: 0", "CPU implementer\t: 0x41")));
    }

    private static BufferedReader lines(String... lines) {
        return new BufferedReader(new StringReader(String.join("\n", lines)));
    }
}

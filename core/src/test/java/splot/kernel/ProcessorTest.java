package splot.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessorTest {
    @Test
    void theVendorLineSaysWhetherTheCoreIsIntel() {
        assertTrue(Processor.isIntel(List.of("processor\t: 0", "vendor_id\t: GenuineIntel", "cpu family\t: 6")));
        assertFalse(Processor.isIntel(List.of("processor\t: 0", "vendor_id\t: AuthenticAMD", "cpu family\t: 26")));
    }

    @Test
    void noVendorLineIsNotIntel() {
        assertFalse(Processor.isIntel(List.of()));
        assertFalse(Processor.isIntel(List.of("processor\t: 0", "CPU implementer\t: 0x41")));
    }
}

package splot.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the GEMM's cache blocking needs to know of the processor it runs on: whether it is an Intel core, read once from
 * {@code /proc/cpuinfo}'s {@code vendor_id} (false where that file is missing, as on macOS or Windows).
 */
final class Processor {
    /** Whether this process runs on an Intel core ({@code GenuineIntel}). */
    static final boolean INTEL = isIntel(readCpuInfo());

    private Processor() {
    }

    /** Whether {@code /proc/cpuinfo}'s lines name Intel as the vendor of the first processor. */
    static boolean isIntel(List<String> cpuInfo) {
        for (String line : cpuInfo) {
            if (line.startsWith("vendor_id")) return line.substring(line.indexOf(':') + 1).strip().equals("GenuineIntel");
        }
        return false;
    }

    private static List<String> readCpuInfo() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo"));
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return List.of();
        }
    }
}

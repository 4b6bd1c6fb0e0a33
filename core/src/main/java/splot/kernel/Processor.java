package splot.kernel;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the GEMM's cache blocking needs to know of the processor it runs on: whether it is an Intel core, read once from
 * {@code /proc/cpuinfo}'s {@code vendor_id} (false where that file is missing, as on macOS or Windows).
 */
final class Processor {
    /** Whether this process runs on an Intel core ({@code GenuineIntel}). */
    static final boolean INTEL = readIsIntel();

    private Processor() {
    }

    /** Whether the first {@code vendor_id} line of {@code /proc/cpuinfo}'s text names Intel; reads no further than it. */
    static boolean isIntel(BufferedReader cpuInfo) throws IOException {
        for (String line; (line = cpuInfo.readLine()) != null; ) {
            if (line.startsWith("vendor_id")) return line.substring(line.indexOf(':') + 1).strip().equals("GenuineIntel");
        }
        return false;
    }

    private static boolean readIsIntel() {
        try (BufferedReader cpuInfo = Files.newBufferedReader(Path.of("/proc/cpuinfo"))) {
            return isIntel(cpuInfo);
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return false;
        }
    }
}

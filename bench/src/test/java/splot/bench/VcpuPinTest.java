package splot.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class VcpuPinTest {
    /** The CPUs the calling thread may run on now, as the kernel says. */
    static List<Integer> allowedNow() {
        try {
            return VcpuPin.allowedCpus(Files.readAllLines(Path.of("/proc/thread-self/status")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void readsTheAllowedListsRangesAndSingles() {
        assertEquals(List.of(0, 1), VcpuPin.allowedCpus(List.of("Name:\tjava", "Cpus_allowed_list:\t0-1")));
        assertEquals(List.of(0, 2, 3, 7), VcpuPin.allowedCpus(List.of("Cpus_allowed_list:\t0,2-3,7")));
        assertThrows(IllegalArgumentException.class, () -> VcpuPin.allowedCpus(List.of("Name:\tjava")));
    }

    @Test
    void pinsTheCallingThreadAloneAndReleasesIt() throws Exception {
        VcpuPin pin = VcpuPin.find().orElseThrow(() -> new AssertionError("this test needs taskset and two CPUs"));
        List<Integer> before = allowedNow();
        int second = pin.cpus().get(1);
        // Started before the pin: a thread started after it would inherit it.
        CountDownLatch pinned = new CountDownLatch(1);
        List<?>[] elsewhere = new List<?>[1];
        Thread other = new Thread(() -> {
            try {
                pinned.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            elsewhere[0] = allowedNow();
        });
        other.start();
        try {
            pin.pin(second);
            assertEquals(List.of(second), allowedNow());
            pinned.countDown();
            other.join();
            assertEquals(before, elsewhere[0], "another thread keeps its CPUs");
        } finally {
            pin.release();
        }
        assertEquals(before, allowedNow());
    }
}

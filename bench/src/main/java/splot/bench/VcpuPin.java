package splot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pins the calling thread to one CPU, and lets it go again, with util-linux's {@code taskset} on the thread's kernel id
 * (read from {@code /proc/thread-self}): Linux only, no native code. For {@link ThreadScaling}'s one-thread turns: on
 * a VM whose two vCPUs run at different speeds, "one thread" is as fast as the vCPU the scheduler left it on.
 *
 * <p>Why: on the 2-vCPU AMD EPYC Zen 5 of BENCHMARKS.md (session 45), one vCPU ran fashion-cnn's training step 1.32
 * times as slowly as the other, alone (taskset, one thread: 50-51 ms against 38.5), and which one was slow changed from
 * minute to minute; so a one-thread turn that happened to run on the fast one capped two threads at 1 + 38.5 / 51 =
 * 1.76 times it, however well they split the work.
 */
final class VcpuPin {
    private final List<Integer> cpus;

    private VcpuPin(List<Integer> cpus) {
        this.cpus = List.copyOf(cpus);
    }

    /** The CPUs this process may run on, if there are two or more and {@code taskset} is there; empty otherwise. */
    static Optional<VcpuPin> find() {
        try {
            List<Integer> cpus = allowedCpus(Files.readAllLines(Path.of("/proc/self/status")));
            if (cpus.size() < 2 || run("taskset", "-V") != 0) return Optional.empty();
            return Optional.of(new VcpuPin(cpus));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The CPUs the process may run on, in order. */
    List<Integer> cpus() {
        return cpus;
    }

    /** Pins the calling thread to {@code cpu} alone. */
    void pin(int cpu) {
        set(Integer.toString(cpu));
    }

    /** Lets the calling thread run on all of {@link #cpus()} again. */
    void release() {
        set(String.join(",", cpus.stream().map(String::valueOf).toList()));
    }

    private static void set(String list) {
        String tid;
        try {
            tid = Path.of("/proc").resolve(Files.readSymbolicLink(Path.of("/proc/thread-self"))).getFileName().toString();
        } catch (IOException e) {
            throw new IllegalStateException("VcpuPin: cannot read this thread's id from /proc/thread-self", e);
        }
        int status = run("taskset", "-p", "-c", list, tid);
        if (status != 0) throw new IllegalStateException("VcpuPin: taskset -p -c " + list + " " + tid + " exited with " + status);
    }

    private static int run(String... command) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * The CPUs of a {@code /proc/PID/status} file's {@code Cpus_allowed_list} line ("0-1", "0,2-3"), in order.
     *
     * @throws IllegalArgumentException when there is no such line
     */
    static List<Integer> allowedCpus(List<String> status) {
        for (String line : status) {
            if (!line.startsWith("Cpus_allowed_list:")) continue;
            List<Integer> cpus = new ArrayList<>();
            for (String part : line.substring(line.indexOf(':') + 1).trim().split(",")) {
                String[] ends = part.split("-");
                int from = Integer.parseInt(ends[0].trim()), to = Integer.parseInt(ends[ends.length - 1].trim());
                for (int c = from; c <= to; c++) cpus.add(c);
            }
            return cpus;
        }
        throw new IllegalArgumentException("no Cpus_allowed_list line in the status file");
    }
}

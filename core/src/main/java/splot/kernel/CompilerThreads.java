package splot.kernel;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Whether the JIT compiler is at work right now: the scheduler state of HotSpot's compiler threads ("C2 CompilerThre")
 * in {@code /proc/self/task/<tid>/stat}, {@code R} while one compiles or waits for a core, {@code S} while it waits for
 * work. The files are kept open; a look at all of them took 10–14 µs on average on the Zen 5 VM of BENCHMARKS.md
 * (session 58; up to 75), once a millisecond at most. They are read through {@link RandomAccessFile},
 * not a {@code FileChannel}: a channel closes for good when a thread reading it is interrupted, and the threads that
 * read these are the application's. A compiler thread the JVM starts later (it may add some on a machine of many cores)
 * is not watched.
 *
 * <p>Why not the JIT's total compilation time ({@code CompilationMXBean}): it moves only when a compile ends, so it says
 * that the JIT was busy, not that it is, and a spinner must then assume the worst for a while after each compile
 * ({@link SpinBudget#JIT_QUIET_NANOS}). In {@code splot bench}'s inference windows the JIT finishes a few small compiles
 * but is idle most of the time; the old signal kept the team from spinning through all of them.
 */
final class CompilerThreads implements AutoCloseable {
    private static final Path TASKS = Path.of("/proc/self/task");

    private final List<RandomAccessFile> stats;
    private final byte[] buffer = new byte[512];

    private CompilerThreads(List<RandomAccessFile> stats) {
        this.stats = stats;
    }

    /**
     * This JVM's C2 compiler threads, or its C1 threads where there is no C2 (a JVM run with {@code
     * -XX:TieredStopAtLevel=1}); null where there is no {@code /proc} to read them from, or none is found. Not C1's
     * beside C2's: C1 compiles in bursts of a fraction of a millisecond, and a team that stopped spinning for each of
     * them spun little in the first seconds of a run. Watching C2's alone, fashion-mlp's inference window ran at 1.09
     * times the rate, its training window at 1.02 (8 pairs of fresh JVMs on splot bench's protocol, Intel Xeon,
     * BENCHMARKS.md session 39).
     */
    static CompilerThreads find() {
        CompilerThreads c2 = named(name -> name.startsWith("C2 CompilerThre"));
        return c2 != null ? c2 : named(name -> name.startsWith("C1 CompilerThre"));
    }

    /** This process's threads whose name ({@code comm}, at most 15 characters) passes {@code name}, or null if none. */
    static CompilerThreads named(Predicate<String> name) {
        List<RandomAccessFile> stats = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    if (name.test(Files.readString(task.resolve("comm"), StandardCharsets.ISO_8859_1).strip())) {
                        stats.add(new RandomAccessFile(task.resolve("stat").toFile(), "r"));
                    }
                } catch (IOException e) {
                    // the thread ended while the list was read: not one of those looked for, or gone anyway
                }
            }
        } catch (IOException | UnsupportedOperationException | SecurityException | DirectoryIteratorException e) {
            closeAll(stats);
            return null;
        }
        if (stats.isEmpty()) return null;
        return new CompilerThreads(stats);
    }

    /** How many compiler threads are watched. */
    int count() {
        return stats.size();
    }

    /**
     * Whether any compiler thread is running or runnable. Not thread-safe: one thread reads at a time. An unreadable
     * file (its thread exited) counts as idle.
     */
    boolean anyRunning() {
        for (RandomAccessFile stat : stats) {
            if (state(stat) == 'R') return true;
        }
        return false;
    }

    /** The state letter of one {@code stat} file: the first after the command name's closing parenthesis. */
    private char state(RandomAccessFile stat) {
        try {
            stat.seek(0);
            int length = stat.read(buffer);
            return stateOf(buffer, Math.max(length, 0));
        } catch (IOException e) {
            return '?';
        }
    }

    /** The state in a {@code stat} line's first {@code length} bytes ("1234 (C2 CompilerThre) R 1 ..."), '?' if none. */
    static char stateOf(byte[] line, int length) {
        for (int i = length - 1; i > 0; i--) {
            // The name may hold parentheses itself: the last ')' ends it.
            if (line[i] == ')') return i + 2 < length ? (char) line[i + 2] : '?';
        }
        return '?';
    }

    @Override
    public void close() {
        closeAll(stats);
    }

    private static void closeAll(List<RandomAccessFile> files) {
        for (RandomAccessFile c : files) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing to keep: the file was only read
            }
        }
    }
}

package splot.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One of the two JVMs of {@code bench/pinned_pair.sh}: a zoo model's training steps on one thread, in slots of the
 * wall clock that both JVMs read alike. The "blinking" JVM trains in even slots and sleeps in odd ones; the "steady"
 * JVM trains throughout and sorts its steps by the slot they fell in: with its partner working beside it, or alone.
 * The two medians come from the same seconds of the host, a slot apart, so its slow and fast phases (tens of seconds)
 * fall on both. Their ratio is what a second vCPU doing the same work costs this one: the machine's own limit on two
 * threads against one for this work, with no thread team, barrier or split in the way.
 *
 * <p>Usage: {@code PairedSlots MODEL ROLE START_MS SECONDS [SLOT_MS]}: ROLE steady or blinking; both train from
 * launch (warming up) and start counting at START_MS (epoch milliseconds), for SECONDS; slots of SLOT_MS (default
 * 1000). The steady JVM prints one line: {@code MODEL partner-working MEDIAN_MS N partner-idle MEDIAN_MS N}.
 */
public final class PairedSlots {
    /** Milliseconds at the start of each slot whose steps are not counted: the partner's last step may run into it. */
    private static final long SETTLE_MS = 200;

    private PairedSlots() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 4 || !(args[1].equals("steady") || args[1].equals("blinking"))) {
            System.err.println("usage: PairedSlots MODEL steady|blinking START_MS SECONDS [SLOT_MS]");
            System.exit(2);
        }
        ZooWorkload work = new ZooWorkload(args[0]);
        boolean steady = args[1].equals("steady");
        long start = Long.parseLong(args[2]), end = start + 1000L * Integer.parseInt(args[3]);
        long slot = args.length > 4 ? Long.parseLong(args[4]) : 1000;
        while (System.currentTimeMillis() < start) work.trainStep();
        List<List<Double>> bySlot = List.of(new ArrayList<>(), new ArrayList<>());
        for (long now; (now = System.currentTimeMillis()) < end; ) {
            long s = (now - start) / slot;
            if (!steady && s % 2 == 1) {
                Thread.sleep(start + (s + 1) * slot - now);
                continue;
            }
            double ms = work.trainStep();
            long done = System.currentTimeMillis();
            // Counted only if the step began after the slot settled and ended within it.
            if (steady && (done - start) / slot == s && now - start - s * slot >= SETTLE_MS) bySlot.get((int) (s % 2)).add(ms);
        }
        if (steady) {
            System.out.printf(Locale.US, "%s partner-working %.3f %d partner-idle %.3f %d%n", args[0],
                    median(bySlot.get(0)), bySlot.get(0).size(), median(bySlot.get(1)), bySlot.get(1).size());
        }
    }

    private static double median(List<Double> xs) {
        if (xs.isEmpty()) return Double.NaN;
        List<Double> sorted = new ArrayList<>(xs);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}

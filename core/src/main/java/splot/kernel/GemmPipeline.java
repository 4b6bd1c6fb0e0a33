package splot.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The schedule of {@link PackedGemm#sgemmShared}: the product's phases (one B block each, (jc, pc) in the serial driver's
 * order) laid out as one line of tasks, each phase's packing pieces then its row blocks, which the threads take in
 * order. A task waits only for what it reads: a row block for its phase's B block and for the same rows' previous
 * phase (so each entry of C still sums in the serial order), a packing piece for the row blocks of the phase two
 * back, whose buffer it overwrites (two B buffers take turns). So a thread done with its last row block of a
 * phase packs the next B block and goes on, rather than wait at a barrier for the slower thread's last block, as
 * the loop of one split per phase did: on two vCPUs of which one runs slower at times, that wait cost each phase
 * of a 2048^3 product up to a row block. Every task waits only on tasks before it in the line, and the threads
 * take them in the line's order, so the earliest unfinished task can always run: no deadlock.
 */
final class GemmPipeline {
    /** Spins of a waiting task before it yields its core at each look (to the thread it waits for, if they share one). */
    static final int SPINS_BEFORE_YIELD = 1 << 14;

    final int phases, packTasks, rowBlocks, perPhase;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicIntegerArray packed, rowsDone;
    /** Phases done of each row block. */
    private final AtomicIntegerArray rowPhases;
    private volatile boolean failed;

    GemmPipeline(int phases, int packTasks, int rowBlocks) {
        this.phases = phases;
        this.packTasks = packTasks;
        this.rowBlocks = rowBlocks;
        this.perPhase = packTasks + rowBlocks;
        packed = new AtomicIntegerArray(phases);
        rowsDone = new AtomicIntegerArray(phases);
        rowPhases = new AtomicIntegerArray(rowBlocks);
    }

    /** The next task, or -1 when none is left or a thread failed. */
    int next() {
        int task = next.getAndIncrement();
        return task < phases * perPhase && !failed ? task : -1;
    }

    int phase(int task) {
        return task / perPhase;
    }

    /** The packing piece a task is, or -1 for a row block. */
    int packTask(int task) {
        int i = task % perPhase;
        return i < packTasks ? i : -1;
    }

    int rowBlock(int task) {
        return task % perPhase - packTasks;
    }

    boolean awaitBufferFree(int phase) {
        return phase < 2 || await(rowsDone, phase - 2, rowBlocks);
    }

    void packed(int phase) {
        packed.incrementAndGet(phase);
    }

    boolean awaitRowBlockReady(int phase, int rowBlock) {
        return await(packed, phase, packTasks) && await(rowPhases, rowBlock, phase);
    }

    void rowBlockDone(int phase, int rowBlock) {
        rowPhases.set(rowBlock, phase + 1);
        rowsDone.incrementAndGet(phase);
    }

    /** Stops the other threads: they take no new task and leave their waits. */
    void fail() {
        failed = true;
    }

    /** Waits until {@code counts[i]} reaches {@code value}; false if another thread failed meanwhile. */
    private boolean await(AtomicIntegerArray counts, int i, int value) {
        for (int spins = 0; counts.get(i) < value; spins++) {
            if (failed) return false;
            if (spins < SPINS_BEFORE_YIELD) Thread.onSpinWait();
            else Thread.yield();
        }
        return true;
    }
}

package splot.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import splot.tensor.Rng;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * Cuts a {@link Dataset} into {@link Batch}es: images (N, C, H, W) and labels (N), in a seeded random order that
 * changes every epoch. A worker thread reads, {@linkplain Transform transforms} and {@linkplain Normalization
 * normalises} the next few batches while the trainer works on the current one, so the trainer does not wait for
 * decoding.
 *
 * <pre>{@code
 * try (var loader = DataLoader.builder(train).batchSize(128).shuffle(true).seed(42)
 *         .transforms(new HorizontalFlip(), new RandomShift(2)).build()) {
 *     for (int e = 0; e < epochs; e++) {
 *         for (Batch b : loader.epoch(e)) { ... b.images() ... b.labels() ... }
 *     }
 * }
 * }</pre>
 *
 * The order of epoch {@code e} depends only on the seed and {@code e}: the same seed gives the same batches,
 * another epoch another order. Each item comes exactly once per epoch; the last, smaller batch is kept unless
 * {@link Builder#dropLast(boolean) dropLast}. Only one epoch runs at a time: starting the next one, or
 * {@link #close()}, stops the previous worker. A failure on the worker (an unreadable image) is thrown from
 * {@code next()}.
 */
public final class DataLoader implements Iterable<Batch>, AutoCloseable {
    private final Dataset data;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final long seed;
    private final Normalization normalization;
    private final List<Transform> transforms;
    private final int prefetch;
    private int nextEpoch;
    private Epoch open;

    private DataLoader(Builder b) {
        this.data = b.data;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.dropLast = b.dropLast;
        this.seed = b.seed != null ? b.seed : Rng.split().nextLong();
        this.normalization = b.normalization;
        this.transforms = List.copyOf(b.transforms);
        this.prefetch = b.prefetch;
        normalization.check(data.itemShape());
    }

    public static Builder builder(Dataset data) {
        return new Builder(data);
    }

    public Dataset dataset() {
        return data;
    }

    public int batchSize() {
        return batchSize;
    }

    public long seed() {
        return seed;
    }

    /** Batches in one epoch: size / batchSize, rounded up unless the last partial batch is dropped. */
    public int batchesPerEpoch() {
        int n = data.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** Items in one epoch (all of them, or fewer when the last partial batch is dropped). */
    public int itemsPerEpoch() {
        return dropLast ? batchesPerEpoch() * batchSize : data.size();
    }

    /** The order in which epoch {@code epoch} visits the items (identity without shuffling). */
    public int[] order(int epoch) {
        return order(epochRandom(epoch));
    }

    /** Starts epoch {@code epoch} (stopping any epoch still running); its batches come from the returned iterator. */
    public synchronized Epoch epoch(int epoch) {
        if (open != null) open.close();
        nextEpoch = epoch + 1;
        open = new Epoch(epoch);
        return open;
    }

    /** Starts the next epoch: 0 first, then one after the last started. */
    @Override
    public synchronized Epoch iterator() {
        return epoch(nextEpoch);
    }

    /** Stops the running epoch's worker thread and waits for it to end. */
    @Override
    public synchronized void close() {
        if (open != null) open.close();
        open = null;
    }

    private SplittableRandom epochRandom(int epoch) {
        // A different stream per (seed, epoch); the constant spreads neighbouring epochs far apart.
        return new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (epoch + 1L)));
    }

    /** Draws the order first, so the transforms' randomness does not change the order. */
    private int[] order(SplittableRandom epochRandom) {
        SplittableRandom orderRandom = epochRandom.split();
        if (!shuffle) {
            int[] identity = new int[data.size()];
            for (int i = 0; i < identity.length; i++) identity[i] = i;
            return identity;
        }
        return Shuffle.permutation(data.size(), orderRandom);
    }

    /** Reads, transforms and normalises the items {@code order[from .. from + n)}. */
    private Batch makeBatch(int[] order, int from, int n, SplittableRandom random) {
        Shape item = data.itemShape();
        int itemSize = item.size();
        float[] images = new float[n * itemSize];
        int[] labels = new int[n];
        data.fill(order, from, n, images, labels);
        float[] labelValues = new float[n];
        for (int k = 0; k < n; k++) {
            for (Transform t : transforms) t.apply(images, k * itemSize, item, random);
            normalization.apply(images, k * itemSize, item);
            labelValues[k] = labels[k];
        }
        int[] indices = Arrays.copyOfRange(order, from, from + n);
        return new Batch(Tensor.of(images, item.withBatch(n)), Tensor.of(labelValues, n), n, indices);
    }

    @Override
    public String toString() {
        return "DataLoader(" + data + ", batch " + batchSize + (shuffle ? ", shuffled" : "") + (dropLast ? ", drop last" : "")
                + ", " + normalization + (transforms.isEmpty() ? "" : ", " + transforms) + ")";
    }

    /**
     * One pass over the data, produced by a worker thread into a bounded queue. Iterate it once; close it (or let
     * it run to the end) to end the thread.
     */
    public final class Epoch implements Iterator<Batch>, Iterable<Batch>, AutoCloseable {
        /** What the worker hands over: a batch, or the failure that stopped it. */
        private record Slot(Batch batch, Throwable failure) {
        }

        private final int number;
        private final int count;
        private final BlockingQueue<Slot> queue;
        private final Thread worker;
        private int delivered;
        private volatile boolean closed;

        private Epoch(int number) {
            this.number = number;
            this.count = batchesPerEpoch();
            this.queue = new ArrayBlockingQueue<>(prefetch);
            this.worker = Thread.ofPlatform().daemon().name("splot-loader-epoch-" + number).unstarted(this::produce);
            worker.start();
        }

        /** The epoch number (it fixes the order). */
        public int number() {
            return number;
        }

        /** Number of batches in this epoch. */
        public int size() {
            return count;
        }

        private void produce() {
            try {
                SplittableRandom random = epochRandom(number);
                int[] order = DataLoader.this.order(random);
                SplittableRandom transformRandom = random.split();
                for (int b = 0; b < count && !closed; b++) {
                    int from = b * batchSize, n = Math.min(batchSize, order.length - from);
                    queue.put(new Slot(makeBatch(order, from, n, transformRandom), null));
                }
            } catch (InterruptedException e) {
                // close() asked us to stop.
            } catch (Throwable t) {
                try {
                    queue.put(new Slot(null, t));
                } catch (InterruptedException e) {
                    // Closed while reporting: nobody is left to tell.
                }
            }
        }

        @Override
        public Iterator<Batch> iterator() {
            return this;
        }

        @Override
        public boolean hasNext() {
            return !closed && delivered < count;
        }

        @Override
        public Batch next() {
            if (!hasNext()) throw new NoSuchElementException(closed ? "Epoch " + number + " was closed" : "Epoch " + number + " is over");
            Slot slot;
            try {
                slot = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("Interrupted while waiting for a batch", e);
            }
            if (slot.failure() != null) {
                close();
                if (slot.failure() instanceof RuntimeException r) throw r;
                if (slot.failure() instanceof Error err) throw err;
                throw new IllegalStateException("Data loader failed: " + slot.failure().getMessage(), slot.failure());
            }
            delivered++;
            return slot.batch();
        }

        /** Stops the worker and waits for it (a few seconds at most: it may be in the middle of decoding a batch). */
        @Override
        public void close() {
            closed = true;
            worker.interrupt();
            try {
                worker.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            queue.clear();
        }

        /** The worker thread, for tests that check it ends. */
        Thread worker() {
            return worker;
        }
    }

    /** Options of a {@link DataLoader}; every one has a default. */
    public static final class Builder {
        private final Dataset data;
        private int batchSize = 32;
        private boolean shuffle = true;
        private boolean dropLast = false;
        private Long seed;
        private Normalization normalization = Normalization.unit();
        private final List<Transform> transforms = new ArrayList<>();
        private int prefetch = 3;

        private Builder(Dataset data) {
            if (data.size() == 0) throw new IllegalArgumentException("Cannot load batches from an empty data set: " + data);
            this.data = data;
        }

        /** Items per batch (default 32). */
        public Builder batchSize(int batchSize) {
            if (batchSize <= 0) throw new IllegalArgumentException("Batch size must be positive, got " + batchSize);
            this.batchSize = batchSize;
            return this;
        }

        /** Whether each epoch visits the items in a new random order (default true; false: in index order). */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** Whether a last batch smaller than the batch size is left out (default false: kept). */
        public Builder dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /** Seed of the shuffling and the transforms (default: drawn from {@link Rng}, so {@code Rng.seed} fixes it). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** How pixels become inputs (default {@link Normalization#unit()}, x / 255). */
        public Builder normalization(Normalization normalization) {
            this.normalization = normalization;
            return this;
        }

        /** Transforms applied to every item, in this order, before normalisation (default none). */
        public Builder transforms(Transform... transforms) {
            this.transforms.clear();
            this.transforms.addAll(List.of(transforms));
            return this;
        }

        /** Batches the worker prepares ahead (default 3). */
        public Builder prefetch(int batches) {
            if (batches < 1) throw new IllegalArgumentException("Prefetch must be at least 1 batch, got " + batches);
            this.prefetch = batches;
            return this;
        }

        public DataLoader build() {
            if (dropLast && data.size() < batchSize) {
                throw new IllegalArgumentException("With dropLast, " + data.size() + " items make no batch of " + batchSize);
            }
            return new DataLoader(this);
        }
    }
}

package splot.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * Turns a {@link Dataset} into mini-batches, as PyTorch's DataLoader: a seeded shuffle per epoch,
 * a batch size, the last partial batch kept or dropped, per-item {@link Transform}s, and a worker
 * thread that assembles the next batches while the trainer works on the current one.
 *
 * <pre>{@code
 * var loader = DataLoader.of(train).batchSize(128).shuffle(true).seed(1);
 * for (Batch b : loader.epoch(0)) { ... }
 * }</pre>
 * Batches: inputs (N, ...item shape), labels (N) as float class indices.
 */
public final class DataLoader {
    private static final int PREFETCH = 3;
    private final Dataset data;
    private int batchSize = 32;
    private boolean shuffle;
    private boolean dropLast;
    private long seed = 0;
    private Transform transform;

    private DataLoader(Dataset data) {
        this.data = data;
    }

    public static DataLoader of(Dataset data) {
        return new DataLoader(data);
    }

    public DataLoader batchSize(int batchSize) {
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be > 0, got " + batchSize);
        this.batchSize = batchSize;
        return this;
    }

    public DataLoader shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return this;
    }

    /** Drops the last batch when it is smaller than the batch size. */
    public DataLoader dropLast(boolean dropLast) {
        this.dropLast = dropLast;
        return this;
    }

    /** Seed of the shuffle and of random transforms; epoch {@code e} uses a sequence derived from it. */
    public DataLoader seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Transforms applied to each item as it is batched (normalisation, augmentation). */
    public DataLoader transform(Transform transform) {
        this.transform = transform;
        return this;
    }

    public Dataset dataset() {
        return data;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Batches in one epoch. */
    public int batchesPerEpoch() {
        return dropLast ? data.size() / batchSize : (data.size() + batchSize - 1) / batchSize;
    }

    /** Item indices in the order epoch {@code epoch} visits them. */
    public int[] order(int epoch) {
        int n = data.size();
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        if (shuffle) {
            SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
            }
        }
        return idx;
    }

    /**
     * The batches of epoch {@code epoch}, assembled ahead on a worker thread. Iterate it once;
     * an iteration abandoned early stops its worker when the worker next blocks.
     */
    public Iterable<Batch> epoch(int epoch) {
        return () -> new Prefetcher(order(epoch), new SplittableRandom(seed ^ (0x5DEECE66DL * (epoch + 1))));
    }

    /** The batch of the given items, assembled on the calling thread. */
    public Batch batch(int[] order, int from, int count, SplittableRandom random) {
        Shape item = data.itemShape();
        int n = item.size();
        float[] x = new float[count * n];
        float[] y = new float[count];
        for (int i = 0; i < count; i++) {
            int index = order[from + i];
            data.copyItem(index, x, i * n);
            if (transform != null) transform.apply(x, i * n, item, random);
            y[i] = data.label(index);
        }
        return new Batch(Tensor.of(x, item.withBatch(count)), Tensor.of(y, count));
    }

    /** Iterates batches that a daemon thread prepares up to {@value #PREFETCH} ahead. */
    private final class Prefetcher implements Iterator<Batch> {
        private static final Batch END = new Batch(Tensor.zeros(0), Tensor.zeros(0));
        private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(PREFETCH);
        private final Thread worker;
        private Object next;

        Prefetcher(int[] order, SplittableRandom random) {
            int batches = batchesPerEpoch();
            worker = Thread.ofPlatform().daemon().name("splot-data-loader").start(() -> {
                try {
                    for (int b = 0; b < batches; b++) {
                        int from = b * batchSize;
                        queue.put(batch(order, from, Math.min(batchSize, order.length - from), random));
                    }
                    queue.put(END);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    queue.clear();
                    queue.offer(e);
                }
            });
        }

        @Override
        public boolean hasNext() {
            if (next == null) {
                try {
                    next = queue.take();
                } catch (InterruptedException e) {
                    worker.interrupt();
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for a batch", e);
                }
            }
            if (next instanceof RuntimeException e) throw e;
            return next != END;
        }

        @Override
        public Batch next() {
            if (!hasNext()) throw new NoSuchElementException();
            Batch b = (Batch) next;
            next = null;
            return b;
        }
    }
}

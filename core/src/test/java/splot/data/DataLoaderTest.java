package splot.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import splot.tensor.Shape;

class DataLoaderTest {
    /** 103 items of shape (1, 2, 2); item i has every pixel = i % 256 and label i % 7. */
    private static InMemoryDataset data(int n) {
        byte[] pixels = new byte[n * 4];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            Arrays.fill(pixels, i * 4, i * 4 + 4, (byte) i);
            labels[i] = i % 7;
        }
        return InMemoryDataset.ofBytes("ramp", pixels, labels, Shape.of(1, 2, 2), InMemoryDataset.numberedClasses(7));
    }

    private static List<Integer> visit(DataLoader.Epoch epoch) {
        List<Integer> order = new ArrayList<>();
        for (Batch b : epoch) for (int i : b.indices()) order.add(i);
        return order;
    }

    @Test
    void everyItemOnceAndBatchesHoldTheRightData() {
        InMemoryDataset data = data(103);
        try (DataLoader loader = DataLoader.builder(data).batchSize(10).seed(1).normalization(Normalization.none()).build()) {
            assertEquals(11, loader.batchesPerEpoch());
            boolean[] seen = new boolean[103];
            int batches = 0;
            for (Batch b : loader.epoch(0)) {
                batches++;
                assertEquals(batches == 11 ? 3 : 10, b.size(), "the last batch is kept, with 3 items");
                assertEquals(Shape.of(b.size(), 1, 2, 2), b.images().shape());
                assertEquals(Shape.of(b.size()), b.labels().shape());
                for (int k = 0; k < b.size(); k++) {
                    int index = b.indices()[k];
                    assertFalse(seen[index], "item " + index + " twice");
                    seen[index] = true;
                    assertEquals(index % 7, b.labels().data()[k]);
                    for (int j = 0; j < 4; j++) assertEquals(index, b.images().data()[k * 4 + j]);
                }
            }
            assertEquals(11, batches);
            for (int i = 0; i < 103; i++) assertTrue(seen[i], "item " + i + " missing");
        }
    }

    @Test
    void sameSeedSameOrderOtherEpochOtherOrder() {
        InMemoryDataset data = data(103);
        try (DataLoader a = DataLoader.builder(data).batchSize(16).seed(7).build();
             DataLoader b = DataLoader.builder(data).batchSize(16).seed(7).build();
             DataLoader c = DataLoader.builder(data).batchSize(16).seed(8).build()) {
            List<Integer> a0 = visit(a.epoch(0)), a1 = visit(a.epoch(1));
            assertEquals(a0, visit(b.epoch(0)));
            assertEquals(a1, visit(b.epoch(1)));
            assertNotEquals(a0, a1, "epochs differ");
            assertNotEquals(a0, visit(c.epoch(0)), "seeds differ");
            assertEquals(a1, visit(a.epoch(1)), "an epoch can be replayed");
            assertEquals(a0, Arrays.stream(a.order(0)).boxed().toList());
            List<Integer> sorted = new ArrayList<>(a0);
            sorted.sort(null);
            assertNotEquals(a0, sorted, "shuffled");
        }
    }

    @Test
    void iteratingTheLoaderRunsEpochsOneAfterAnother() {
        try (DataLoader loader = DataLoader.builder(data(20)).batchSize(8).seed(3).build()) {
            List<Integer> first = new ArrayList<>(), second = new ArrayList<>();
            for (Batch b : loader) for (int i : b.indices()) first.add(i);
            for (Batch b : loader) for (int i : b.indices()) second.add(i);
            assertEquals(Arrays.stream(loader.order(0)).boxed().toList(), first);
            assertEquals(Arrays.stream(loader.order(1)).boxed().toList(), second);
        }
    }

    @Test
    void dropLastLeavesOutThePartialBatch() {
        try (DataLoader loader = DataLoader.builder(data(103)).batchSize(10).dropLast(true).seed(1).build()) {
            assertEquals(10, loader.batchesPerEpoch());
            assertEquals(100, loader.itemsPerEpoch());
            List<Integer> seen = visit(loader.epoch(0));
            assertEquals(100, seen.size());
            assertEquals(100, seen.stream().distinct().count());
        }
        assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(data(5)).batchSize(10).dropLast(true).build());
    }

    @Test
    void withoutShuffleItemsComeInOrderAndNormalisationApplies() {
        try (DataLoader loader = DataLoader.builder(data(6)).batchSize(4).shuffle(false).build()) {
            List<Batch> batches = new ArrayList<>();
            loader.epoch(0).forEachRemaining(batches::add);
            assertEquals(List.of(0, 1, 2, 3, 4, 5), visit(loader.epoch(5)));
            assertEquals(2, batches.get(1).size());
            assertEquals(5 / 255f, batches.get(1).images().data()[4], 1e-7f, "default normalisation is x / 255");
        }
    }

    @Test
    void transformsRunOnTheWorkerWithTheEpochsSeed() {
        // Item pixels: a 1x1x4 row 0, 1, 2, 3 (+ 10 * i); a flip reverses it.
        int n = 50;
        float[] pixels = new float[n * 4];
        for (int i = 0; i < n; i++) for (int j = 0; j < 4; j++) pixels[i * 4 + j] = 10 * i + j;
        InMemoryDataset data = InMemoryDataset.ofFloats("rows", pixels, new int[n], Shape.of(1, 1, 4), List.of("x"));
        AtomicInteger calls = new AtomicInteger();
        Transform counting = (image, offset, shape, random) -> calls.incrementAndGet();
        DataLoader.Builder builder = DataLoader.builder(data).batchSize(8).seed(5).normalization(Normalization.none())
                .transforms(new HorizontalFlip(), counting);
        try (DataLoader a = builder.build(); DataLoader b = builder.build()) {
            float[] first = flat(a.epoch(0)), again = flat(b.epoch(0)), next = flat(a.epoch(1));
            assertArrayEquals(first, again, "same seed, same flips");
            assertEquals(3 * n, calls.get(), "every item transformed once per epoch (three epochs ran)");
            int flipped = 0;
            for (int k = 0; k < n; k++) if (first[k * 4] > first[k * 4 + 3]) flipped++;
            assertTrue(flipped > 10 && flipped < 40, flipped + " of " + n + " flipped");
            assertFalse(Arrays.equals(first, next));
        }
    }

    private static float[] flat(DataLoader.Epoch epoch) {
        List<Float> values = new ArrayList<>();
        for (Batch b : epoch) for (float v : b.images().data()) values.add(v);
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) out[i] = values.get(i);
        return out;
    }

    @Test
    void workerEndsAfterTheLastBatchAndOnClose() throws Exception {
        DataLoader loader = DataLoader.builder(data(100)).batchSize(5).prefetch(2).seed(1).build();
        try {
            DataLoader.Epoch full = loader.epoch(0);
            visit(full);
            full.worker().join(5_000);
            assertFalse(full.worker().isAlive(), "worker ends after the last batch");

            DataLoader.Epoch partial = loader.epoch(1);
            partial.next();
            Thread.sleep(50);   // the worker fills the queue (2 batches) and blocks on the third
            assertTrue(partial.worker().isAlive());
            partial.close();
            assertFalse(partial.worker().isAlive(), "close() stops a worker blocked on a full queue");
            assertFalse(partial.hasNext());
            assertThrows(java.util.NoSuchElementException.class, partial::next);

            DataLoader.Epoch third = loader.epoch(2);
            third.next();
            DataLoader.Epoch fourth = loader.epoch(3);
            assertFalse(third.worker().isAlive(), "starting an epoch stops the previous one");
            loader.close();
            assertFalse(fourth.worker().isAlive(), "closing the loader stops the running epoch");
        } finally {
            loader.close();
        }
    }

    @Test
    void aFailureOnTheWorkerIsThrownToTheTrainer() throws Exception {
        InMemoryDataset good = data(30);
        Dataset failing = new Dataset() {
            public int size() { return good.size(); }
            public Shape itemShape() { return good.itemShape(); }
            public List<String> classNames() { return good.classNames(); }
            public int label(int i) { return good.label(i); }
            public void copyImage(int i, float[] out, int offset) {
                if (i == 17) throw new UncheckedIOException(new java.io.IOException("cats/17.png: not a readable image"));
                good.copyImage(i, out, offset);
            }
        };
        try (DataLoader loader = DataLoader.builder(failing).batchSize(4).shuffle(false).build()) {
            DataLoader.Epoch epoch = loader.epoch(0);
            for (int b = 0; b < 4; b++) epoch.next();          // items 0..15
            var e = assertThrows(UncheckedIOException.class, epoch::next);
            assertTrue(e.getMessage().contains("cats/17.png"), e.getMessage());
            epoch.worker().join(5_000);
            assertFalse(epoch.worker().isAlive());
        }
    }
}

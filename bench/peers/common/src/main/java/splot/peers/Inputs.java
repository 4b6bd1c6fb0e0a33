package splot.peers;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * The batches a model is measured on, prepared before any timing.
 *
 * <p>28x28 models: Fashion-MNIST training images scaled x/255 with their labels, batch k of a
 * phase = images [k*n, (k+1)*n). cifar-vgg: uniform [0,1) random images and random labels from a
 * fixed seed. Each phase gets {@link Protocol#POOL} distinct batches; step i uses batch i % POOL.
 */
public final class Inputs {
    /** Where Debian-style machines keep the data set; override with -Dsplot.fashion=DIR. */
    public static final Path FASHION_DIR =
            Path.of(System.getProperty("splot.fashion", "/usr/share/datasets/fashion-mnist"));

    private static float[] images;   // (60000, 784) scaled, read once per JVM
    private static int[] labels;

    private Inputs() {}

    /** {@link Protocol#POOL} training batches of the model's training batch size. */
    public static HostBatch[] train(BenchModel model) throws IOException {
        return pool(model, model.trainBatch, 0);
    }

    /** {@link Protocol#POOL} inference batches of {@link Protocol#INFER_BATCH}. */
    public static HostBatch[] infer(BenchModel model) throws IOException {
        return pool(model, Protocol.INFER_BATCH, 1);
    }

    private static HostBatch[] pool(BenchModel model, int n, int phase) throws IOException {
        HostBatch[] pool = new HostBatch[Protocol.POOL];
        int item = model.itemSize();
        Random random = new Random(Protocol.SEED + phase);
        if (model.usesFashionMnist()) loadFashion();
        for (int k = 0; k < pool.length; k++) {
            float[] x = new float[n * item];
            int[] y = new int[n];
            if (model.usesFashionMnist()) {
                int first = (k * n) % labels.length;
                for (int i = 0; i < n; i++) {
                    int src = (first + i) % labels.length;
                    System.arraycopy(images, src * item, x, i * item, item);
                    y[i] = labels[src];
                }
            } else {
                for (int i = 0; i < x.length; i++) x[i] = random.nextFloat();
                for (int i = 0; i < n; i++) y[i] = random.nextInt(10);
            }
            pool[k] = new HostBatch(n, x, y);
        }
        return pool;
    }

    private static synchronized void loadFashion() throws IOException {
        if (images != null) return;
        byte[] pixels = readIdx(FASHION_DIR.resolve("train-images-idx3-ubyte.gz"), 2051);
        byte[] classes = readIdx(FASHION_DIR.resolve("train-labels-idx1-ubyte.gz"), 2049);
        images = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) images[i] = (pixels[i] & 0xff) / 255f;
        labels = new int[classes.length];
        for (int i = 0; i < classes.length; i++) labels[i] = classes[i];
    }

    /** The payload of a gzipped IDX file after its magic number and dimensions. */
    private static byte[] readIdx(Path file, int magic) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new GZIPInputStream(raw, 1 << 16))) {
            int got = in.readInt();
            if (got != magic) {
                throw new IOException(file + ": magic " + got + ", expected " + magic + " (IDX)");
            }
            int dims = magic & 0xff;
            long size = 1;
            for (int d = 0; d < dims; d++) size *= in.readInt();
            byte[] data = new byte[Math.toIntExact(size)];
            in.readFully(data);
            return data;
        }
    }
}

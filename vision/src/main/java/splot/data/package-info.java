/**
 * Data sets and batches: the first two steps of the data flow (files on disk -> {@link splot.data.Dataset} ->
 * {@link splot.data.DataLoader} -> NCHW {@link splot.data.Batch}).
 *
 * <ul>
 *   <li>{@link splot.data.Dataset}: random access to (image, label), pixel units 0..255; bulk
 *       {@code fill} into a batch buffer. {@link splot.data.InMemoryDataset} (bytes or floats),
 *       {@link splot.data.Subset} views, {@link splot.data.Split} train/validation.</li>
 *   <li>Readers: {@link splot.data.Idx} (MNIST, Fashion-MNIST), {@link splot.data.Cifar10} (binary batches),
 *       {@link splot.data.ImageFolder} (root/class/*.png).</li>
 *   <li>Named data sets: {@link splot.data.Catalog} and {@link splot.data.DatasetResolver} (explicit folder,
 *       cache, system copy, verified download, shipped Fashion-MNIST sample).</li>
 *   <li>{@link splot.data.DataLoader}: seeded shuffling, prefetching worker thread,
 *       {@link splot.data.Transform}s ({@link splot.data.HorizontalFlip}, {@link splot.data.RandomShift}) and
 *       {@link splot.data.Normalization}.</li>
 * </ul>
 */
package splot.data;

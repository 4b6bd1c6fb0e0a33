/**
 * Images as float planes and classic image filters: PNG/JPEG/BMP in, 2-D convolution and cross-correlation
 * equal to scipy's, the lecture texts' named kernels, PNG and NumPy {@code .npy} out, and a picture of the
 * input beside the result.
 *
 * <ul>
 *   <li>{@link splot.image.Plane}: one H x W float matrix (a channel or a kernel);</li>
 *   <li>{@link splot.image.Image}: 1 or 3 planes; read, gray, normalise, downsample, write PNG/.npy;</li>
 *   <li>{@link splot.image.Convolve2d}: {@code convolve2d} and {@code correlate2d} with scipy's modes and boundaries;</li>
 *   <li>{@link splot.image.Kernels}: named kernels, Gaussian, kernels parsed from text;</li>
 *   <li>{@link splot.image.FilterPipeline} with {@link splot.image.FilterRequest}: the whole
 *       {@code splot filter} command as one call.</li>
 * </ul>
 */
package splot.image;

/**
 * Pictures of a network (the texts' "seeing inside the network"): each a PNG a person can open, with a
 * title, axes and legends where they apply; the network diagram also as SVG. Every picture has a
 * {@code render} method that returns a {@link java.awt.image.BufferedImage} and a {@code write} method
 * that writes the file atomically, each taking the model (and data) and a small {@code Options} record
 * whose {@code DEFAULT} suits most uses:
 *
 * <ul>
 *   <li>{@link splot.viz.LearningCurves}: training and validation loss and accuracy per epoch, from a {@code History};</li>
 *   <li>{@link splot.viz.FilterGrid}: a convolution layer's kernels as small images;</li>
 *   <li>{@link splot.viz.FeatureMaps}: every layer's output for one input ({@link splot.viz.ImageInput} turns a PNG into one);</li>
 *   <li>{@link splot.viz.TopPatches}: per filter, the nine input patches of a data set that excite it most
 *       (through the layer's {@link splot.viz.ReceptiveField});</li>
 *   <li>{@link splot.viz.Confusion}: the {@link splot.viz.ConfusionMatrix} and the misclassified items;</li>
 *   <li>{@link splot.viz.Saliency}: the gradient of a class score with respect to the input pixels;</li>
 *   <li>{@link splot.viz.NetworkDiagram}: the layers and their connections, SVG or PNG.</li>
 * </ul>
 *
 * {@link splot.viz.LayerOutputs} runs a model layer by layer and keeps every output, for these pictures
 * and for anything else that wants to watch the layers react. Drawing runs headless
 * ({@code -Djava.awt.headless=true} on a server). Curves are drawn with XChart; the rest with Java2D.
 */
package splot.viz;

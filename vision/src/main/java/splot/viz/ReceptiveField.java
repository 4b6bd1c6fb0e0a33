package splot.viz;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import splot.nn.AvgPool2d;
import splot.nn.Conv2d;
import splot.nn.GraphModel;
import splot.nn.Layer;
import splot.nn.MaxPool2d;
import splot.nn.Model;
import splot.nn.Node;
import splot.nn.Sequential;
import splot.nn.ZeroPad2d;
import splot.ops.Conv2dSpec;
import splot.ops.Pool2dSpec;
import splot.tensor.Shape;

/**
 * The input window that one output position of a layer sees: output (y, x) depends on input rows
 * {@code top + y * strideH .. top + y * strideH + height - 1} (likewise columns). {@code top} and
 * {@code left} may be negative where the window reaches into padding.
 *
 * <p>Traced layer by layer from the input: a window of k (dilated: d(k-1)+1) moved by s with p rows of
 * padding before turns (size r, stride j, start t) into (r + (k' - 1) j, j s, t - p j). Convolutions and
 * pooling change the window, zero padding shifts it, and layers that keep the height and width
 * (activations, batch norm, dropout, merges) leave it as it is. In a graph, a merge sees the union
 * of its inputs' windows. N stacked 3x3 convolutions see (2N+1) x (2N+1), as the texts say.
 */
public record ReceptiveField(int height, int width, int strideH, int strideW, int top, int left) {
    /** The input itself: one pixel per position. */
    public static final ReceptiveField PIXEL = new ReceptiveField(1, 1, 1, 1, 0, 0);

    /** {top, left} of the input window of output position (y, x). */
    public int[] origin(int y, int x) {
        return new int[] {top + y * strideH, left + x * strideW};
    }

    /** The window of the (first application of the) layer {@code target} in {@code model}. */
    public static ReceptiveField of(Model model, Layer target) {
        return switch (model) {
            case Sequential s -> ofSequential(s, target);
            case GraphModel g -> ofGraph(g, target);
            default -> throw new IllegalArgumentException("Receptive fields need a Sequential or GraphModel, got " + model);
        };
    }

    private static ReceptiveField ofSequential(Sequential model, Layer target) {
        ReceptiveField rf = PIXEL;
        for (Layer l : model.layers()) {
            rf = rf.through(l);
            if (l == target) return rf;
        }
        throw new IllegalArgumentException("Layer " + target.name() + " is not in model '" + model.name() + "'");
    }

    private static ReceptiveField ofGraph(GraphModel model, Layer target) {
        Map<Node, ReceptiveField> fields = new IdentityHashMap<>();
        fields.put(model.input(), PIXEL);
        for (Node n : model.nodes()) {
            List<ReceptiveField> ins = n.inputs().stream().map(fields::get).toList();
            ReceptiveField rf = union(ins, n.layer()).through(n.layer());
            fields.put(n, rf);
            if (n.layer() == target) return rf;
        }
        throw new IllegalArgumentException("Layer " + target.name() + " is not in model '" + model.name() + "'");
    }

    /** The smallest window covering all of {@code fields}, which must move with one stride. */
    private static ReceptiveField union(List<ReceptiveField> fields, Layer merge) {
        ReceptiveField first = fields.get(0);
        int top = first.top, left = first.left, bottom = first.top + first.height, right = first.left + first.width;
        for (ReceptiveField f : fields) {
            if (f.strideH != first.strideH || f.strideW != first.strideW) {
                throw new IllegalArgumentException("Cannot trace the receptive field through " + merge.name() + ": its inputs move with different strides");
            }
            top = Math.min(top, f.top);
            left = Math.min(left, f.left);
            bottom = Math.max(bottom, f.top + f.height);
            right = Math.max(right, f.left + f.width);
        }
        return new ReceptiveField(bottom - top, right - left, first.strideH, first.strideW, top, left);
    }

    /** This window seen through one more layer. */
    ReceptiveField through(Layer l) {
        Shape in = l.inputShape();
        return switch (l) {
            case Conv2d c -> {
                Conv2dSpec s = c.spec(in.dim(1), in.dim(2));
                yield window(s.dilationH() * (c.kernelHeight() - 1) + 1, s.dilationW() * (c.kernelWidth() - 1) + 1,
                        s.strideH(), s.strideW(), s.padTop(), s.padLeft());
            }
            case MaxPool2d p -> pool(p.spec());
            case AvgPool2d p -> pool(p.spec());
            case ZeroPad2d z -> new ReceptiveField(height, width, strideH, strideW, top - z.top() * strideH, left - z.left() * strideW);
            default -> {
                Shape out = l.outputShape();
                if (in == null || out == null || in.rank() != 3 || out.rank() != 3 || in.dim(1) != out.dim(1) || in.dim(2) != out.dim(2)) {
                    throw new IllegalArgumentException("Cannot trace the receptive field through " + l + ": only convolutions, pooling,"
                            + " zero padding and layers that keep the image size are understood");
                }
                yield this;
            }
        };
    }

    private ReceptiveField pool(Pool2dSpec p) {
        return window(p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padH(), p.padW());
    }

    private ReceptiveField window(int kh, int kw, int sh, int sw, int padTop, int padLeft) {
        return new ReceptiveField(height + (kh - 1) * strideH, width + (kw - 1) * strideW, strideH * sh, strideW * sw,
                top - padTop * strideH, left - padLeft * strideW);
    }
}

package splot.ops;

import java.util.Arrays;
import splot.kernel.Elementwise;
import splot.tensor.Arena;
import splot.tensor.GradTarget;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/** Ops that move data without arithmetic: reshape, permute, slice, concat. */
public final class Reshapes {
    private Reshapes() {
    }

    /** Same data under a new shape; one dimension may be -1 and is inferred. */
    public static Tensor reshape(Tensor x, int... dims) {
        Shape to = resolve(x.shape(), dims);
        return Tensor.fromOp("reshape", x.data(), to, g -> {
            GradTarget gx = x.gradTarget();
            Elementwise.storeOrAdd(g, null, gx.data(), g.length, gx.add());
        }, x);
    }

    private static Shape resolve(Shape from, int[] dims) {
        int[] d = dims.clone();
        int infer = -1, known = 1;
        for (int i = 0; i < d.length; i++) {
            if (d[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("reshape: only one dimension can be -1, got " + Arrays.toString(dims));
                infer = i;
            } else {
                known *= d[i];
            }
        }
        if (infer >= 0 && known > 0 && from.size() % known == 0) d[infer] = from.size() / known;
        long size = 1;
        boolean negative = false;
        for (int v : d) {
            size *= v;
            negative |= v < 0;
        }
        if (infer >= 0 && d[infer] == -1 || size != from.size() || negative) {
            throw new IllegalArgumentException("reshape: cannot view shape " + from + " (" + from.size() + " elements) as "
                    + Arrays.toString(dims));
        }
        return Shape.of(d);
    }

    /** (N, d1, d2, ...) -> (N, d1 * d2 * ...). */
    public static Tensor flatten(Tensor x) {
        if (x.rank() < 1) throw new IllegalArgumentException("flatten needs at least one dimension, got a scalar");
        return reshape(x, x.dim(0), x.shape().sizeFrom(1));
    }

    /** Reorders dimensions: output dimension i is input dimension order[i]. */
    public static Tensor permute(Tensor x, int... order) {
        Shape s = x.shape();
        int rank = s.rank();
        if (order.length != rank) {
            throw new IllegalArgumentException("permute: order " + Arrays.toString(order) + " must name all " + rank + " dimensions of " + s);
        }
        boolean[] used = new boolean[rank];
        int[] outDims = new int[rank];
        for (int i = 0; i < rank; i++) {
            int d = order[i] < 0 ? order[i] + rank : order[i];
            if (d < 0 || d >= rank || used[d]) {
                throw new IllegalArgumentException("permute: " + Arrays.toString(order) + " is not a permutation of 0.." + (rank - 1));
            }
            used[d] = true;
            outDims[i] = s.dim(d);
        }
        // Input stride of each output dimension; then walk the output in order.
        int[] inStride = new int[rank];
        for (int i = 0; i < rank; i++) inStride[i] = s.sizeFrom((order[i] < 0 ? order[i] + rank : order[i]) + 1);
        Shape out = Shape.of(outDims);
        int[] src = new int[out.size()];
        int[] idx = new int[rank];
        int cur = 0;
        for (int k = 0; k < src.length; k++) {
            src[k] = cur;
            for (int i = rank - 1; i >= 0; i--) {
                idx[i]++;
                cur += inStride[i];
                if (idx[i] < outDims[i]) break;
                cur -= inStride[i] * idx[i];
                idx[i] = 0;
            }
        }
        float[] in = x.data();
        float[] y = Arena.zeros(src.length);
        for (int k = 0; k < y.length; k++) y[k] = in[src[k]];
        return Tensor.fromOp("permute", y, out, g -> {
            float[] gx = x.gradBuffer();
            for (int k = 0; k < g.length; k++) gx[src[k]] += g[k];
        }, x);
    }

    public static Tensor transpose(Tensor x, int a, int b) {
        int rank = x.rank();
        int[] order = new int[rank];
        for (int i = 0; i < rank; i++) order[i] = i;
        int da = a < 0 ? a + rank : a, db = b < 0 ? b + rank : b;
        order[da] = db;
        order[db] = da;
        return permute(x, order);
    }

    /** Items [from, to) along dimension 0 (a mini-batch). */
    public static Tensor slice(Tensor x, int from, int to) {
        if (x.rank() < 1 || from < 0 || to > x.dim(0) || from > to) {
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") is out of range for shape " + x.shape());
        }
        int item = x.shape().sizeFrom(1);
        int[] dims = x.shape().dims();
        dims[0] = to - from;
        float[] y = Arrays.copyOfRange(x.data(), from * item, to * item);
        return Tensor.fromOp("slice", y, Shape.of(dims), g -> {
            float[] gx = x.gradBuffer();
            for (int i = 0; i < g.length; i++) gx[from * item + i] += g[i];
        }, x);
    }

    /** Joins tensors along {@code dim}; all other dimensions must agree. */
    public static Tensor concat(int dim, Tensor... parts) {
        if (parts.length == 0) throw new IllegalArgumentException("concat needs at least one tensor");
        Shape first = parts[0].shape();
        int d = dim < 0 ? dim + first.rank() : dim;
        int total = 0;
        for (Tensor p : parts) {
            Shape s = p.shape();
            boolean ok = s.rank() == first.rank();
            for (int i = 0; ok && i < s.rank(); i++) ok = i == d || s.dim(i) == first.dim(i);
            if (!ok) throw new IllegalArgumentException("concat along dimension " + dim + ": shape " + s + " does not match " + first);
            total += s.dim(d);
        }
        int[] dims = first.dims();
        dims[d] = total;
        Shape out = Shape.of(dims);
        int outer = 1;
        for (int i = 0; i < d; i++) outer *= first.dim(i);
        int inner = first.sizeFrom(d + 1), outRow = total * inner;
        float[] y = Arena.zeros(out.size());
        int at = 0;
        int[] starts = new int[parts.length];
        for (int p = 0; p < parts.length; p++) {
            starts[p] = at;
            int row = parts[p].dim(d) * inner;
            for (int o = 0; o < outer; o++) System.arraycopy(parts[p].data(), o * row, y, o * outRow + at, row);
            at += row;
        }
        int outerFinal = outer;
        return Tensor.fromOp("concat", y, out, g -> {
            for (int p = 0; p < parts.length; p++) {
                if (!parts[p].requiresGrad()) continue;
                float[] gp = parts[p].gradBuffer();
                int row = parts[p].dim(d) * inner;
                for (int o = 0; o < outerFinal; o++)
                    for (int i = 0; i < row; i++) gp[o * row + i] += g[o * outRow + starts[p] + i];
            }
        }, parts);
    }
}

package splot.ops;

import splot.tensor.Shape;

/**
 * NumPy broadcasting of two shapes: dimensions are aligned from the right; a dimension of size 1
 * (or a missing one) is repeated to match the other. Gives, for every output element, the offsets
 * of the two inputs.
 */
final class Broadcast {
    final Shape out;
    final int[] aOffsets, bOffsets;

    private Broadcast(Shape out, int[] aOffsets, int[] bOffsets) {
        this.out = out;
        this.aOffsets = aOffsets;
        this.bOffsets = bOffsets;
    }

    static Shape shape(Shape a, Shape b, String op) {
        int rank = Math.max(a.rank(), b.rank());
        int[] d = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.rank() ? 1 : a.dim(i - (rank - a.rank()));
            int db = i < rank - b.rank() ? 1 : b.dim(i - (rank - b.rank()));
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + a + " and " + b + " cannot be broadcast (dimension " + i
                        + " is " + da + " vs " + db + ")");
            }
            d[i] = da == 1 ? db : da;
        }
        return Shape.of(d);
    }

    /** Offsets into a and b for each output element, in output order. */
    static Broadcast of(Shape a, Shape b, String op) {
        Shape out = shape(a, b, op);
        return new Broadcast(out, offsets(a, out), offsets(b, out));
    }

    private static int[] offsets(Shape in, Shape out) {
        int rank = out.rank(), lead = rank - in.rank();
        int[] stride = new int[rank];
        int s = 1;
        for (int i = rank - 1; i >= lead; i--) {
            int d = in.dim(i - lead);
            stride[i] = d == 1 ? 0 : s;
            s *= d;
        }
        int n = out.size();
        int[] off = new int[n];
        int[] idx = new int[rank];
        int cur = 0;
        for (int k = 0; k < n; k++) {
            off[k] = cur;
            // Odometer step over the output index, keeping the input offset in step.
            for (int i = rank - 1; i >= 0; i--) {
                idx[i]++;
                cur += stride[i];
                if (idx[i] < out.dim(i)) break;
                cur -= stride[i] * idx[i];
                idx[i] = 0;
            }
        }
        return off;
    }
}

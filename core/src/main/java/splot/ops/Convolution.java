package splot.ops;

import java.util.Arrays;
import splot.kernel.Conv5x5;
import splot.kernel.Elementwise;
import splot.kernel.EpiloguePriming;
import splot.kernel.Gemm;
import splot.kernel.Im2col;
import splot.kernel.Parallel;
import splot.kernel.PlaneConv;
import splot.kernel.Pool2d;
import splot.kernel.Sums;
import splot.kernel.Transpose;
import splot.kernel.Window2d;
import splot.kernel.Winograd;
import splot.kernel.Winograd4;
import splot.tensor.Arena;
import splot.tensor.GradMode;
import splot.tensor.GradTarget;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * Convolutions as deep-learning layers compute them: cross-correlation (the kernel is not
 * flipped), NCHW, as PyTorch's {@code F.conv2d} and {@code F.conv1d}.
 *
 * <p>conv2d: input (N, Cin, H, W), weight (Cout, Cin / groups, kh, kw), bias (Cout) or null ->
 * output (N, Cout, Hout, Wout), Hout = floor((H + padTop + padBottom - d(kh - 1) - 1) / s) + 1.
 *
 * <p>Each group is a GEMM over im2col matrices (see {@link Im2col}): {@code y_g = W_g x col_g}. Backward
 * reuses the same matrices: {@code dW_g^T += col_g x dy_g^T}, {@code dcol = W_g^T x dy_g} folded back into dx
 * by col2im, {@code db = sum of dy}. The batch is split across threads; each thread puts the column matrices
 * of a few images side by side (about 1 MB of them) and runs one GEMM over the block, in buffers of its own
 * that are kept between calls. Columns are rebuilt in backward instead of kept, so memory stays at a few
 * such blocks per thread whatever the batch size. A {@link ConvEpilogue} (ReLU, or ReLU and max pool) is
 * applied to each block of output while it is in cache.
 *
 * <p>A 3x3 convolution with stride 1 and at least 16 channels in and out computes y, and dx when the input is at
 * least 7 x 7, with Winograd's F(2x2, 3x3) instead ({@link Winograd}):
 * 16 GEMMs of (Cout x Cin) by (Cin x tiles) do the work of one of (Cout x 9 Cin) by (9 Cin x 4 tiles), 2.25
 * times fewer multiplies, and dx needs no col2im. dx is itself such a convolution: of dy, padded by 2 - padding,
 * with each filter turned 180 degrees and Cin and Cout swapped. dW of such a convolution is Winograd's too, on
 * any plane size: 16 GEMMs (Cin x tiles) by (tiles x Cout), summed over the tiles (see {@link Winograd}). The
 * rule is fixed, not timed, so results do not depend on the machine's noise; its limits were measured
 * (BENCHMARKS.md): fewer channels or smaller planes leave GEMMs too thin to pay for the transforms.
 * {@code -Dsplot.winograd=false} turns the path off.
 *
 * <p>On AVX-512, on a batch of at least {@link Winograd4#group} images (a vector's lanes), with enough channels
 * ({@link #winograd4Fits}), y takes F(4x4, 3x3) instead ({@link Winograd4}): 36 GEMMs over 6x6 tiles, 2.25 multiplies
 * an output against F(2x2)'s 4; so does dx ({@code Geometry.winograd4Dx}), the backward pass then split into whole
 * groups of images, and so does dW ({@code Geometry.winograd4W}: dM = A dy A^T laid out as V, {@code dU_t += dM_t
 * V_t^T}, dW = G^T dU G), which transforms x again as y does. All three take a block of images a slab of tile rows at a
 * time ({@code Slab}), so that a slab's transformed tiles stay near L2. Against F(2x2) alone, fashion-cnn's inference
 * batch took 0.73 of the time, mnist-cnn's 0.85, cifar-vgg's 0.75, their training steps 0.92, 0.94 and 0.89
 * (BENCHMARKS.md, session 23), before dW took it too (session 32). Its rounding, 2e-6 to 9e-6 of the largest output,
 * is ten times F(2x2)'s. {@code -Dsplot.winograd4=false} keeps y, dx and dW on F(2x2),
 * {@code -Dsplot.winograd4.dw=false} dW alone.
 */
public final class Convolution {
    private Convolution() {
    }

    /** conv2d with stride 1, no padding, dilation 1, one group. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias) {
        return conv2d(x, weight, bias, Conv2dSpec.DEFAULT);
    }

    /** 2-D cross-correlation of x (N, Cin, H, W) with weight (Cout, Cin / groups, kh, kw), plus bias (Cout) if not null. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, Conv2dSpec spec) {
        return conv2d(x, weight, bias, spec, ConvEpilogue.NONE);
    }

    /**
     * conv2d followed by {@code epilogue} (a ReLU, or a ReLU and a max pool) in one pass: (N, Cout, Hout, Wout), or
     * (N, Cout, pooled Hout, pooled Wout) with a pool.
     */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, Conv2dSpec spec, ConvEpilogue epilogue) {
        if (x.rank() != 4 || weight.rank() != 4) {
            throw new IllegalArgumentException("conv2d: expected input (N, C, H, W) and weight (Cout, Cin/groups, kh, kw), got input "
                    + x.shape() + " and weight " + weight.shape());
        }
        int cout = checkChannels("conv2d", x, weight, bias, spec.groups());
        Window2d win = spec.window(weight.dim(1), x.dim(2), x.dim(3), weight.dim(2), weight.dim(3), "conv2d");
        String op = epilogue.opName("conv2d");
        Window2d pool = epilogue.maxPool() == null ? null : epilogue.maxPool().window(1, win.outH(), win.outW(), op);
        Window2d avgPool = epilogue.avgPool() == null ? null : epilogue.avgPool().window(1, win.outH(), win.outW(), op);
        Window2d pooled = pool != null ? pool : avgPool;
        Shape out = pooled == null ? Shape.of(x.dim(0), cout, win.outH(), win.outW()) : Shape.of(x.dim(0), cout, pooled.outH(), pooled.outW());
        if (epilogue.affine() != null) checkAffine(op, x, weight, bias, epilogue.affine(), cout);
        return convolve(op, x, weight, bias, new Geometry(x.dim(0), cout, spec.groups(), win, epilogue.relu(), epilogue.affine(), pool,
                epilogue.tanh(), avgPool), out);
    }

    /** 1-D cross-correlation of x (N, Cin, L) with weight (Cout, Cin / groups, k), plus bias (Cout) if not null. */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, Conv1dSpec spec) {
        if (x.rank() != 3 || weight.rank() != 3) {
            throw new IllegalArgumentException("conv1d: expected input (N, C, L) and weight (Cout, Cin/groups, k), got input "
                    + x.shape() + " and weight " + weight.shape());
        }
        int cout = checkChannels("conv1d", x, weight, bias, spec.groups());
        // A signal is a 1 x L image: the 2-D machinery with a 1 x k kernel.
        Window2d win = spec.asConv2d().window(weight.dim(1), 1, x.dim(2), 1, weight.dim(2), "conv1d");
        return convolve("conv1d", x, weight, bias, new Geometry(x.dim(0), cout, spec.groups(), win, false, null, null, false, null),
                Shape.of(x.dim(0), cout, win.outW()));
    }

    /** conv1d with stride 1, no padding, dilation 1, one group. */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias) {
        return conv1d(x, weight, bias, Conv1dSpec.DEFAULT);
    }

    /** Checks that channels, groups and bias agree; returns Cout. */
    private static int checkChannels(String op, Tensor x, Tensor weight, Tensor bias, int groups) {
        int cin = x.dim(1), cout = weight.dim(0);
        if (weight.dim(1) * groups != cin) {
            throw new IllegalArgumentException(op + ": input " + x.shape() + " has " + cin + " channels but weight " + weight.shape()
                    + " with groups=" + groups + " expects " + weight.dim(1) * groups);
        }
        if (cout % groups != 0) {
            throw new IllegalArgumentException(op + ": " + cout + " output channels do not split into groups=" + groups);
        }
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != cout)) {
            throw new IllegalArgumentException(op + ": bias " + bias.shape() + " does not match " + cout + " output channels");
        }
        return cout;
    }

    /** A fused affine map has no backward: refuses it on the tape, and checks its length. */
    private static void checkAffine(String op, Tensor x, Tensor weight, Tensor bias, ConvEpilogue.Affine affine, int cout) {
        if (GradMode.isEnabled() && (x.requiresGrad() || weight.requiresGrad() || bias != null && bias.requiresGrad())) {
            throw new IllegalStateException(op + ": a fused affine map is for inference only; run it under GradMode.off()");
        }
        if (affine.scale().length != cout) {
            throw new IllegalArgumentException(op + ": affine map of " + affine.scale().length + " channels for " + cout + " output channels");
        }
    }

    private static Tensor convolve(String op, Tensor x, Tensor weight, Tensor bias, Geometry geo, Shape outShape) {
        float[] xd = x.data(), wd = weight.data(), bd = bias == null ? null : bias.data();
        float[] y = Arena.floats(outShape.size());
        boolean taped = GradMode.isEnabled() && (x.requiresGrad() || weight.requiresGrad() || bias != null && bias.requiresGrad());
        // Training first compiles the epilogue kernels (Winograd's output transforms, the max pools) for its own
        // branches; primed with inference's too, the batches that follow training do not trap back into the
        // interpreter. A run that only infers, or whose convolutions use neither, need not pay for it.
        if (taped && (geo.winograd || geo.pool != null)) EpiloguePriming.ready();
        // Only a backward pass needs to know which input won each pooling window.
        int[] argmax = geo.pool != null && taped ? Arena.ints(y.length) : null;
        // Behind an average pool, the tanh's outputs: its gradient needs them, and y holds only their window means.
        float[] act = geo.tanh && geo.avgPool != null && taped ? Arena.floats(geo.n * geo.cout * geo.p) : null;
        // Images are independent: each thread convolves a block of them at a time with its own column buffer, and the
        // GEMMs inside run on that thread (Parallel runs nested loops inline). The blocks go to whichever thread is
        // free, so a thread that runs slower takes fewer. One image alone lets the GEMM split instead.
        float[] u = geo.winograd4 ? winograd4Filters(wd, geo, false) : winogradY(geo) ? winogradFilters(wd, geo, false) : null;
        Winograd.Epilogue fused = fusedEpilogue(geo, u, bd, argmax);
        int slabs = geo.winograd4 && fused != null ? geo.winograd4Slabs() : 1;
        if (slabs > 1) {
            // F(4x4) into y a slab of a group at a time, each slab computed as the loop over a group's slabs would: a
            // batch of 64 is four groups, and a thread that ran slower held the other up by up to a group's planes.
            // Steps on two threads against a group a task, in turns in one JVM, both listing orders (bench/ab.sh,
            // session 49): fashion-cnn's training 0.959 and 0.966 of the time, cifar-vgg's 0.983 and 0.998, its
            // inference 0.974; mnist-cnn's training 1.014 and 1.008 (six slabs of one tile row a group); one thread level.
            Parallel.forBlocks(0, Math.ceilDiv(geo.n, geo.winograd4Batch) * slabs, 1,
                    (task, next) -> winograd4ForwardTask(geo, task / slabs, task % slabs, xd, u, fused, y));
        } else {
            Parallel.forBlocks(0, geo.n, geo.forwardBatch(), (lo, hi) -> forwardImages(geo, lo, hi, xd, wd, u, bd, y, argmax, act));
        }
        return Tensor.fromOp(op, y, outShape, gy -> {
            boolean wantX = x.requiresGrad(), wantW = weight.requiresGrad(), wantB = bias != null && bias.requiresGrad();
            // Every pixel of gx is written: stored where x has no gradient yet, rather than added to zeros.
            GradTarget target = wantX ? x.gradTarget() : null;
            float[] gx = wantX ? target.data() : null;
            boolean add = wantX && target.add();
            // The weight and bias gradients are summed per piece of the batch and the pieces then added in order,
            // so the result does not depend on which thread took which piece, or finished first. Several pieces a
            // thread, handed out as threads come free, so that a slower thread takes fewer.
            // F(4x4)'s dx takes a group of images a lane each. On several threads each group's dx is a task of its own,
            // beside the pieces of the weight gradient: a batch of 64 is four groups, and four pieces doing both left a
            // thread that ran slower holding up the other by up to a piece. On one thread there is one piece, which
            // does both.
            boolean dx4 = wantX && geo.winograd4Dx();
            int group = Winograd4.group();
            // With fewer than DX_SLAB_GROUPS groups a thread, and where dy's rows under a slab can be computed alone
            // (through a ReLU, a 2x2 pool, or neither), a dx task is a slab of a group: each computes the rows of dy its
            // slab reads, and the slab as the group's loop would.
            int groups = Math.ceilDiv(geo.n, group), threads = Parallel.threads();
            int dxSlabs = dx4 && threads > 1 && groups < DX_SLAB_GROUPS * threads && gradientByRows(geo) ? geo.winograd4DxSlabs() : 1;
            int dxTasks = dx4 && threads > 1 ? groups * dxSlabs : 0;
            boolean dxInPieces = dx4 && dxTasks == 0;
            // F(4x4)'s dW, too, takes images a group at a time: a piece of part of a group would transform empty lanes.
            int unit = dxInPieces || wantW && geo.winograd4W() ? group : 1, units = Math.ceilDiv(geo.n, unit);
            int pieces = Math.min(units, Parallel.threads() == 1 ? 1 : backwardPiecesPerThread(wd.length) * Parallel.threads());
            // With dW by Winograd, each piece leaves its dU (F(2x2)'s 16 matrices, F(4x4)'s 36) in a buffer of its own, and the
            // pieces' dU are added in order and turned into dW once: one filter-gradient transform rather than one a
            // piece, and no zeroed copy of the weight gradient a piece.
            boolean pieceDu = wantW && geo.winograd && pieces > 1;
            float[][] gw = new float[pieces][], gb = new float[pieces][], du = pieceDu ? new float[pieces][] : null;
            // Taken here, not on the worker threads: the arena's step is open on this one.
            for (int piece = 0; piece < pieces; piece++) {
                if (pieceDu) du[piece] = Arena.floats(geo.duFloats());
                else if (wantW) gw[piece] = piece == 0 ? weight.gradBuffer() : Arena.zeros(wd.length);
                if (wantB) gb[piece] = piece == 0 ? bias.gradBuffer() : Arena.zeros(geo.cout);
            }
            Output output = new Output(y, argmax, act, gy);
            float[] uT = dx4 ? winograd4Filters(wd, geo, true) : wantX && geo.winogradDx ? winogradFilters(wd, geo, true) : null;
            int parts = pieces;
            float[] pieceGx = dxTasks > 0 ? null : gx;
            int[] order = byShare(dxTasks, pieces, Parallel.threads());
            Parallel.forBlocks(0, dxTasks + pieces, 1, (at, next) -> {
                int task = order[at];
                if (task < dxTasks && dxSlabs > 1) {
                    winograd4InputGradientTask(geo, task / dxSlabs, task % dxSlabs, output, uT, gx, add);
                    return;
                }
                if (task < dxTasks) {
                    winograd4InputGradient(geo, task * group, Math.min(geo.n, (task + 1) * group), output, uT, gx, add);
                    return;
                }
                int piece = task - dxTasks;
                backwardImages(geo, Math.min(geo.n, unit * (piece * units / parts)), Math.min(geo.n, unit * ((piece + 1) * units / parts)),
                        xd, wd, uT, dxInPieces, output, pieceGx, add, gw[piece], gb[piece], pieceDu ? du[piece] : null);
            });
            if (pieceDu) {
                float[] dw = weight.gradBuffer();
                int cin = geo.win.channels();
                if (geo.winograd4W()) {
                    Parallel.forRange(0, geo.cout, (lo, hi) -> Winograd4.filterGradient(du, parts, geo.duStride(), geo.cout, cin, dw, 0, lo, hi));
                } else {
                    Parallel.forRange(0, cin, (lo, hi) -> Winograd.filterGradient(du, parts, geo.duStride(), geo.cout, cin, dw, 0, lo, hi));
                }
            }
            if (pieces > 1 && wantW && !pieceDu) Elementwise.addParts(gw, pieces, wd.length);
            if (pieces > 1 && wantB) Elementwise.addParts(gb, pieces, geo.cout);
        }, x, weight, bias);
    }

    /**
     * The backward pass's tasks, dx tasks {@code [0, dxTasks)} (a group of images each) and then the weight gradient's
     * pieces {@code [dxTasks, dxTasks + pieces)}, in {@code threads} contiguous shares as {@link Parallel#forBlocks}
     * hands them out: share s holds the s-th of as many runs of the dx tasks, then the s-th run of the pieces. Each
     * thread so writes dx for the images it takes in the loops around and reads them there from its own core's cache
     * (the batch norm behind cifar-vgg's convolutions splits its backward pass by images), and runs its dx tasks one
     * after the other, while their filters are in its cache, before its pieces. With all dx tasks first, one thread
     * wrote all of dx and the other read its half from the first one's cache: cifar-vgg's batch norms behind a
     * convolution ran 0.92-1.48x as fast on two threads as on one, 1.69-1.81x this way (splot.bench.OpScaling). Whole
     * training steps on two threads, in turns in one JVM against dx tasks first (bench/ab.sh, BENCHMARKS.md, session
     * 47): cifar-vgg 0.974 and 0.960 of the time, mnist-cnn 1.002 and 0.974, fashion-cnn 0.998. Ordered by first image
     * instead, a dx task and a piece by turns, mnist-cnn took 1.101: each core's cache went back and forth between dx's
     * filters and a piece's dU.
     */
    static int[] byShare(int dxTasks, int pieces, int threads) {
        int[] order = new int[dxTasks + pieces];
        int at = 0;
        for (int s = 0; s < threads; s++) {
            for (int d = dxTasks * s / threads; d < dxTasks * (s + 1) / threads; d++) order[at++] = d;
            for (int p = pieces * s / threads; p < pieces * (s + 1) / threads; p++) order[at++] = dxTasks + p;
        }
        return order;
    }

    /**
     * Sizes of one convolution: per image, each group is the GEMM (og x k) x (k x p); {@code batch} images at a
     * time go through one GEMM of width batch * p. Each output channel is stored as a plane of {@code q} values:
     * p, or the pooled plane when the epilogue pools (window {@code pool}, or {@code avgPool} after a tanh, over one
     * p-plane). With {@code winograd}, the forward pass takes {@code winogradBatch} images at a time, and with
     * {@code winograd4} (F(4x4, 3x3) for y) {@code winograd4Batch}. A {@code planeConv} computes y instead of im2col
     * and GEMM (null where it does not, {@link #planeFits}).
     */
    private record Geometry(int n, int cout, int groups, Window2d win, boolean relu, ConvEpilogue.Affine affine, Window2d pool,
                            boolean tanh, Window2d avgPool, int og, int k, int p, int q, int groupIn, int imageIn, int batch,
                            boolean winograd, boolean winogradDx, int winogradBatch, boolean winograd4, int winograd4Batch,
                            PlaneConv planeConv) {
        Geometry(int n, int cout, int groups, Window2d win, boolean relu, ConvEpilogue.Affine affine, Window2d pool,
                 boolean tanh, Window2d avgPool) {
            this(n, cout, groups, win, relu, affine, pool, tanh, avgPool, cout / groups, win.colRows(), win.outPlane(),
                    pool != null ? pool.outPlane() : avgPool != null ? avgPool.outPlane() : win.outPlane(),
                    win.channels() * win.inPlane(),
                    groups * win.channels() * win.inPlane(), imagesPerGemm(Math.max(win.colRows(), cout / groups), win.outPlane()),
                    winogradFits(groups, win, cout),
                    winogradFits(groups, win, cout) && win.height() >= WINOGRAD_MIN_INPUT && win.width() >= WINOGRAD_MIN_INPUT,
                    imagesPerWinograd(win, cout), winograd4Fits(n, groups, win, cout),
                    imagesPerWinograd4(win, cout), planeFits(groups, win, cout) ? PlaneConv.of(win) : null);
        }

        int forwardBatch() {
            return winograd4 ? winograd4Batch : winograd ? winogradBatch : batch;
        }

        /** Whether dx goes through F(4x4, 3x3): where y does, and where dx would go through Winograd at all. */
        boolean winograd4Dx() {
            return winograd4 && winogradDx;
        }

        /** Tile rows of dx that F(4x4) takes at a time ({@link #winograd4InputGradient}): {@link #slabRows}'s. */
        int winograd4DxSlab() {
            return slabRows(win.channels() + cout, win.height(), win.width(), Winograd4.group());
        }

        /** Slabs of dx in a plane ({@link #winograd4DxSlab}). */
        int winograd4DxSlabs() {
            return Math.ceilDiv(Winograd4.tiles(win.height()), winograd4DxSlab());
        }

        /** Tile rows of y that F(4x4) takes at a time for a block of {@code images} ({@link #winograd4Forward}). */
        int winograd4Slab(int images) {
            return slabRows(win.channels() + cout, win.outH(), win.outW(), images);
        }

        /** Slabs of y in a block of {@code winograd4Batch} images ({@link #winograd4Slab}). */
        int winograd4Slabs() {
            return Math.ceilDiv(Winograd4.tiles(win.outH()), winograd4Slab(winograd4Batch));
        }

        /** The slab of dx's tile rows [ty, ty + rows) over dy padded by 2 - padding, the last one short where the plane ends. */
        Slab inputGradientSlab(int ty, int rows) {
            return Slab.of(ty, Math.min(Winograd4.tiles(win.height()), ty + rows), 2 - win.padTop(), win.outH(), win.height());
        }

        /** The slab of y's tile rows [ty, ty + rows), the last one short where the plane ends. */
        Slab outputSlab(int ty, int rows) {
            return Slab.of(ty, Math.min(Winograd4.tiles(win.outH()), ty + rows), win.padTop(), win.height(), win.outH());
        }

        /** Whether dW goes through F(4x4, 3x3): where y does, its 36 matrices of dU in place of F(2x2)'s 16. */
        boolean winograd4W() {
            return winograd4 && WINOGRAD4_DW;
        }

        /** Floats between two of dU's matrices (Cin x Cout each by F(2x2), Cout x Cin by F(4x4)) in a Winograd weight gradient. */
        int duStride() {
            return matrixStride(win.channels(), og);
        }

        /** Floats of a Winograd weight gradient's dU: 36 matrices by F(4x4), 16 by F(2x2). */
        int duFloats() {
            return (winograd4W() ? Winograd4.POINTS : Winograd.POINTS) * duStride();
        }

        int xOff(int image, int g) {
            return image * imageIn + g * groupIn;
        }

        /** Start of output channel c of one image in y. */
        int yOff(int image, int c) {
            return (image * cout + c) * q;
        }
    }

    /**
     * What the backward pass reads of the forward's result: the stored output, the pool winners (or null), the tanh
     * outputs behind an average pool (or null), and the output's gradient.
     */
    private record Output(float[] y, int[] argmax, float[] act, float[] gy) {
    }

    /**
     * Pieces of the batch a thread in the backward pass, each with its own weight and bias gradient sums. More pieces
     * balance threads of uneven speed better; each costs a zeroed copy of the weight gradient and a pass to add it.
     */
    private static final int BACKWARD_PIECES_PER_THREAD = 4;
    /**
     * Pieces a thread where the weights are at most {@link #SMALL_WEIGHTS} floats, whose copies cost next to nothing:
     * the first convolutions (fashion-cnn's 64 x 1 x 3 x 3) and LeNet-5's. Two threads of the Zen 5 of BENCHMARKS.md
     * (session 44), 8 against 4 in turns in one JVM: lenet5's training step 0.956 of the time, fashion-cnn's 0.988,
     * mnist-cnn's 0.995; 16 against 8, lenet5 1.036 (its pieces some 30 us).
     */
    private static final int SMALL_BACKWARD_PIECES_PER_THREAD = 8;
    private static final int SMALL_WEIGHTS = 1 << 12;

    /** {@link #SMALL_BACKWARD_PIECES_PER_THREAD} or {@link #BACKWARD_PIECES_PER_THREAD} for weights of this many floats. */
    private static int backwardPiecesPerThread(int weights) {
        return weights <= SMALL_WEIGHTS ? SMALL_BACKWARD_PIECES_PER_THREAD : BACKWARD_PIECES_PER_THREAD;
    }

    /** Floats of the column block (and of the output block) of one GEMM to aim for: about 1 MB, so they stay in a core's L2 cache. */
    private static final int COLUMN_BLOCK = 1 << 18;
    private static final int MAX_IMAGES_PER_GEMM = 16;

    /**
     * Images whose column matrices sit side by side in one GEMM: the weights are packed once for all of them and
     * the GEMM gets a wide B (a 3x3 convolution on a 13x13 map alone is only 121 columns), while the block of
     * columns still fits in cache.
     */
    private static int imagesPerGemm(int rows, int p) {
        return (int) Math.max(1, Math.min(MAX_IMAGES_PER_GEMM, COLUMN_BLOCK / ((long) rows * p)));
    }

    /**
     * Images per Winograd block: enough for {@link #WINOGRAD_COLUMNS} columns per GEMM, while V, M and the output block
     * stay within 4 MB (beyond that the transforms miss cache more than the GEMMs gain).
     */
    private static int imagesPerWinograd(Window2d win, int cout) {
        return (int) Math.max(1, Math.min(MAX_IMAGES_PER_GEMM, winogradImages(Winograd.POINTS, tilesOf(win), win, cout)));
    }

    /**
     * Images for {@link #WINOGRAD_COLUMNS} columns of {@code tiles} an image, or as many as keep the {@code points}
     * matrices of V and M and the output block within {@link #WINOGRAD_BLOCK}, whichever is fewer (zero or more).
     */
    private static long winogradImages(int points, int tiles, Window2d win, int cout) {
        long perImage = (long) points * (win.channels() + cout) * tiles + (long) cout * win.outPlane();
        return Math.min(Math.ceilDiv(WINOGRAD_COLUMNS, tiles), WINOGRAD_BLOCK / perImage);
    }

    /**
     * Tile columns per Winograd GEMM. With AVX-512's 32-column tiles (Zen 4, 1 MiB L2), six panels, 192 columns: fewer
     * left the GEMMs too narrow to run at speed. With AVX2's 16 (Zen 3, 512 KiB L2), two panels, 32 columns, which
     * makes a block of one image wherever an image has 32 tiles or more: a block's 16 V and M matrices stay in L2, and
     * fashion-cnn's second convolution (36 tiles an image) went from three images to one, its steps 7-11% faster
     * for training, 10-12% for inference, both versions in one JVM (BENCHMARKS.md, session 15; session 14 had measured
     * 96 against 192).
     */
    private static final int WINOGRAD_COLUMNS = Gemm.tileColumns() == 16 ? 32 : Math.max(96, 6 * Gemm.tileColumns());
    private static final int WINOGRAD_BLOCK = 1 << 20;

    /**
     * {@link #imagesPerWinograd} for F(4x4, 3x3), whose images go a group of {@link Winograd4#group} at a time: the
     * whole number of groups nearest to what the same limits give, at least one.
     */
    private static int imagesPerWinograd4(Window2d win, int cout) {
        long images = winogradImages(Winograd4.POINTS, Winograd4.tilesPerImage(win.outH(), win.outW()), win, cout);
        int group = Winograd4.group();
        return (int) Math.max(1, Math.round((double) images / group)) * group;
    }

    private static int tilesOf(Window2d win) {
        return Winograd.columns(win.outH(), win.outW());
    }

    private static final boolean WINOGRAD = !"false".equals(System.getProperty("splot.winograd"));
    /** Whether y and dx take F(4x4, 3x3) where it fits; {@code -Dsplot.winograd4=false} leaves them to F(2x2, 3x3). */
    private static final boolean WINOGRAD4 = !"false".equals(System.getProperty("splot.winograd4"));
    /** Whether dW takes F(4x4, 3x3) where y does; {@code -Dsplot.winograd4.dw=false} leaves it to F(2x2, 3x3). */
    private static final boolean WINOGRAD4_DW = !"false".equals(System.getProperty("splot.winograd4.dw"));
    /** Whether y of a one-channel input comes from {@link PlaneConv}; {@code -Dsplot.planeconv=false} leaves it to im2col. */
    private static final boolean PLANE_CONV = !"false".equals(System.getProperty("splot.planeconv"));
    /** Whether y and dW of a layer {@link Conv5x5} fits come from it; {@code -Dsplot.conv5x5=false} leaves them to im2col. */
    private static final boolean CONV_5X5 = !"false".equals(System.getProperty("splot.conv5x5"));
    /**
     * Whether y comes from {@link PlaneConv} (one input channel, stride 1) rather than im2col and GEMM: where there are
     * fewer output channels than taps, so that the GEMM is thinner than its column matrix is deep. LeNet-5's first
     * layer (6 maps, 25 taps) took 0.73 ms a training batch against 0.87 by GEMM; fashion-cnn's and mnist-cnn's (64
     * and 32 maps, 9 taps) took longer than by GEMM: 2.70 against 2.42 ms and 1.26 against 0.98 (BENCHMARKS.md,
     * session 37).
     */
    private static boolean planeFits(int groups, Window2d win, int cout) {
        return PLANE_CONV && groups == 1 && PlaneConv.fits(win) && cout < win.kernelH() * win.kernelW();
    }

    /** Whether y and dW come from {@link Conv5x5} rather than im2col and GEMM: for one group, where it fits. */
    private static boolean conv5x5Fits(Geometry geo) {
        return CONV_5X5 && geo.groups == 1 && Conv5x5.fits(geo.win, geo.og);
    }

    /**
     * Whether y goes through F(2x2, 3x3): where the geometry allows it, but for a lone image (a prediction) only from
     * {@link #LONE_IMAGE_WINOGRAD_TILES} tiles: with fewer, its 16 products are too narrow to pay for the transforms.
     */
    private static boolean winogradY(Geometry geo) {
        return geo.winograd && (geo.n > 1 || tilesOf(geo.win) >= LONE_IMAGE_WINOGRAD_TILES);
    }

    /**
     * Tiles of one image from which its y goes through Winograd. One image, the layer's forward pass by Winograd against
     * im2col and one GEMM (the launcher's options, two threads, 500 calls after 2,000; BENCHMARKS.md, session 41):
     * 16 tiles (cifar-vgg's 8 x 8 layers) 199 against 112 us and 301 against 237, 36 (fashion-cnn's 11 x 11) 235-294
     * against 218, 64 (16 x 16) 140 against 126 and 226 against 268, 144 (mnist-cnn's 24 x 24) 203 against 266, 256
     * (32 x 32) 222 against 396.
     */
    private static final int LONE_IMAGE_WINOGRAD_TILES = 64;

    /** Channels in and out below which the 16 GEMMs of a Winograd convolution are too thin to win. */
    private static final int WINOGRAD_MIN_CHANNELS = 16;
    /**
     * Smallest input side for Winograd's dx. With dW on Winograd too, the backward pass runs a Winograd block of
     * images at a time, and dx by Winograd then beat im2col and col2im on every plane from 7 x 7 up (one layer's
     * forward and backward, 64 or 128 images, two alternating pairs: 8 x 8 64 -> 128 channels 3% faster, 128 -> 128
     * 10%, 13 x 13 64 -> 128 10%, 7 x 7 64 -> 64 20%) but lost on 4 x 4 (5-21% slower). With only the narrower
     * im2col blocks, fashion-cnn's dx on 13 x 13 had run about 20% slower by Winograd (session 4). y keeps Winograd
     * on any size.
     */
    private static final int WINOGRAD_MIN_INPUT = 7;

    /**
     * Whether a convolution can go through Winograd F(2x2, 3x3): one group, a 3x3 kernel at stride and dilation 1,
     * padding before the first row and column of at most 2 (so that dx, padded by 2 - padding, is a convolution
     * too) and enough channels both ways. The plane sizes then decide y and dx apart.
     */
    private static boolean winogradFits(int groups, Window2d win, int cout) {
        return WINOGRAD && groups == 1 && win.kernelH() == 3 && win.kernelW() == 3 && win.strideH() == 1 && win.strideW() == 1
                && win.dilationH() == 1 && win.dilationW() == 1 && win.padTop() <= 2 && win.padLeft() <= 2
                && win.channels() >= WINOGRAD_MIN_CHANNELS && cout >= WINOGRAD_MIN_CHANNELS;
    }

    /**
     * Whether y goes through F(4x4, 3x3): where F(2x2) would, on a batch of at least a group of images, and where the
     * GEMMs' share is large enough. F(4x4) saves multiply-adds in proportion to Cin x Cout an output and spends more
     * on its transforms in proportion to Cin + Cout, so the rule is on {@code Cin Cout / (Cin + Cout)}: one layer's
     * forward pass, 64 images (session 23), 32 -> 32 channels on 32 x 32 (16) ran 5.5 ms against F(2x2)'s 4.9, and
     * 32 -> 64 on 16 x 16 (21) 2.1 against 2.7, 32 -> 64 on 26 x 26 8.2 against 10.5, 64 -> 128 on 8 x 8 2.7 against 5.4.
     * Once the copies in and out went through register transposes, 32 -> 32 on 32 x 32 was level (4.3 against 4.5 for
     * inference, 4.9 against 4.9 in training). With slabs and F(4x4)'s dW (session 32), moving the line to take 32 -> 32
     * made cifar-vgg's whole steps 0.958 (training) and 0.870 (inference) of the time on one thread, 0.98-1.01 and
     * 0.94-0.95 on two; resnet-mini's, whose 32 -> 32 planes are 14 x 14, 1.015 and 1.021 on one, 1.015 and 0.946 on two.
     */
    private static boolean winograd4Fits(int n, int groups, Window2d win, int cout) {
        int cin = win.channels();
        return WINOGRAD4 && Winograd4.group() >= WINOGRAD4_MIN_GROUP && winogradFits(groups, win, cout) && n >= Winograd4.group()
                && (long) cin * cout >= WINOGRAD4_CHANNELS * (long) (cin + cout);
    }

    /**
     * The least group (vector lanes) for F(4x4, 3x3): 16, AVX-512's. On narrower vectors (AVX2's 8 floats) its copies
     * in and out of the image-innermost layout run scalar, and it was never measured there (session 23 had only the
     * AVX-512 Zen 5), so F(2x2) stays.
     */
    private static final int WINOGRAD4_MIN_GROUP = 16;

    /**
     * Tile rows of an F(4x4) convolution with {@code channels} in and out together that its transforms and GEMMs take at
     * a time, for planes of outH x outW outputs and a block of {@code images}: as many as keep a slab's V and M within
     * {@link #WINOGRAD4_SLAB_FLOATS}, but at least {@link #WINOGRAD4_SLAB_COLUMNS} columns, and at most the plane.
     */
    private static int slabRows(int channels, int outH, int outW, int images) {
        int columns = Winograd4.columns(images, 4, outW);
        long perRow = (long) Winograd4.POINTS * channels * columns;
        long rows = Math.max(Math.ceilDiv(WINOGRAD4_SLAB_COLUMNS, columns), WINOGRAD4_SLAB_FLOATS / perRow);
        return (int) Math.max(1, Math.min(Winograd4.tiles(outH), rows));
    }

    /**
     * Floats of V and M of one slab of an F(4x4) convolution: 2 MiB. A block's whole planes made V and M of 1.8M floats
     * (7 MiB) for fashion-cnn's second convolution's dx (64 -> 128, on 13 x 13), and 2.7M for mnist-cnn's (32 -> 64 on 26
     * x 26), which had kept mnist-cnn's dx on F(2x2); its y, 2M (24 x 24 outputs). A tile row at a time (1.8 and 1.5
     * MiB), one layer's backward pass on 128 images took 0.86-0.88 of the time for fashion-cnn's, on one thread and two,
     * and mnist-cnn's by F(4x4) 0.92-0.96 of its time by F(2x2). Whole steps, dx and y in slabs against neither, both
     * versions in one JVM: fashion-cnn's training 0.83 of the time, inference 0.94; mnist-cnn's 0.90 and 0.71; cifar-vgg's
     * 0.94 and 1.00 (BENCHMARKS.md, session 31).
     */
    private static final long WINOGRAD4_SLAB_FLOATS = 1L << 19;
    /**
     * The least columns of a slab's GEMMs: two of the AVX-512 tile's 32. cifar-vgg's 8 x 8 planes, two tile rows of 32
     * columns each, ran no faster a row at a time.
     */
    private static final int WINOGRAD4_SLAB_COLUMNS = 64;

    /**
     * Output rows [row0, row0 + rows) of an F(4x4) convolution, tile rows [ty0, ty1) of a plane, as a plane of their
     * own: their tiles read input rows [first, last), with {@code padTop} rows of zeros above them (the padding's, at the
     * plane's top edge; none below it, where the rows above are the input's own), and zeros below {@code last} where
     * the input ends. Each tile's sums are those of the whole plane's tile, so are its floats.
     */
    private record Slab(int row0, int rows, int first, int last, int padTop) {
        /** The slab of tile rows [ty0, ty1) of outH output rows over inH input rows, padded by {@code pad} above. */
        static Slab of(int ty0, int ty1, int pad, int inH, int outH) {
            int row0 = 4 * ty0, first = Math.max(0, row0 - pad);
            return new Slab(row0, Math.min(outH - row0, 4 * (ty1 - ty0)), first, Math.min(inH, row0 + 4 * (ty1 - ty0) + 2 - pad),
                    first - (row0 - pad));
        }
    }

    /** The least {@code Cin Cout / (Cin + Cout)} for F(4x4, 3x3): 32 -> 32 channels (16) takes it, 16 -> 32 (10.7) not. */
    private static final int WINOGRAD4_CHANNELS = 16;

    /** The Winograd filters of the forward pass (16 x Cout x Cin) or, {@code forInputGradient}, of dx (16 x Cin x Cout). */
    private static float[] winogradFilters(float[] wd, Geometry geo, boolean forInputGradient) {
        float[] u = Arena.floats(Winograd.POINTS * wd.length / 9);
        Winograd.transformFilters(wd, 0, geo.cout, geo.win.channels(), forInputGradient, u);
        return u;
    }

    /**
     * The F(4x4, 3x3) filters of the forward pass (36 x Cout x Cin) or, {@code forInputGradient}, of dx (36 x Cin x
     * Cout): as the GEMM's panels of A where the products take them ({@link #winograd4Panels},
     * {@link Winograd4#packedFilterStride} apart), else as rows ({@link Winograd4#filterStride} apart).
     */
    private static float[] winograd4Filters(float[] wd, Geometry geo, boolean forInputGradient) {
        int outs = geo.cout, ins = geo.win.channels(), rows = forInputGradient ? ins : outs, cols = forInputGradient ? outs : ins;
        if (winograd4Panels(cols)) {
            int mr = Gemm.tileRows();
            float[] u = Arena.floats(Winograd4.POINTS * Winograd4.packedFilterStride(rows, cols, mr));
            Winograd4.transformFiltersPacked(wd, 0, outs, ins, forInputGradient, mr, u, Arena.floats(9 * Math.ceilDiv(rows, mr) * mr * cols));
            return u;
        }
        float[] u = Arena.floats(Winograd4.POINTS * Winograd4.filterStride(outs, ins));
        Winograd4.transformFilters(wd, 0, outs, ins, forInputGradient, u);
        return u;
    }

    /**
     * The epilogue that Winograd (given its filters {@code u}) applies as it stores to y itself, or null where it does
     * not: not by Winograd, behind a tanh, or before a pool that is not 2x2. A pool in training records its winners there
     * too, as the epilogue after a scratch block would.
     */
    private static Winograd.Epilogue fusedEpilogue(Geometry geo, float[] u, float[] bd, int[] argmax) {
        return u == null || geo.tanh || geo.pool != null && !Pool2d.isHalving(geo.pool) ? null
                : new Winograd.Epilogue(bd, geo.relu, geo.affine == null ? null : geo.affine.scale(),
                        geo.affine == null ? null : geo.affine.shift(), geo.pool != null, argmax);
    }

    /**
     * Slab {@code slab} of F(4x4)'s y of block {@code block} ({@code geo.winograd4Batch} images), with the fused epilogue
     * into y; nothing where the block, a last one of fewer images and so taller slabs, has fewer.
     */
    private static void winograd4ForwardTask(Geometry geo, int block, int slab, float[] xd, float[] u, Winograd.Epilogue fused,
                                             float[] y) {
        int i0 = block * geo.winograd4Batch, images = Math.min(geo.winograd4Batch, geo.n - i0), rows = geo.winograd4Slab(images);
        if (slab * rows < Winograd4.tiles(geo.win.outH())) {
            winograd4ForwardSlab(geo, i0, images, xd, u, fused, y, geo.outputSlab(slab * rows, rows));
        }
    }

    /**
     * y for images [lo, hi), {@code geo.forwardBatch()} at a time, convolved into a scratch block (og x width) by
     * im2col and GEMM or by Winograd, then the epilogue on each image's rows while they are in cache.
     */
    private static void forwardImages(Geometry geo, int lo, int hi, float[] xd, float[] wd, float[] u, float[] bd, float[] y, int[] argmax,
                                      float[] act) {
        int batch = geo.forwardBatch();
        float[] out = workspace(OUT, geo.og * batch * geo.p);
        // Inference (no winners kept) through a 2x2 pool can pool first and add the bias and ReLU after.
        boolean poolFirst = geo.pool != null && argmax == null && Pool2d.isHalving(geo.pool);
        Winograd.Epilogue fused = fusedEpilogue(geo, u, bd, argmax);
        // Only where Conv5x5 computes y: not by Winograd, nor from a one-channel plane (PlaneConv goes first).
        float[] wT = null;
        if (u == null && geo.planeConv == null && conv5x5Fits(geo)) {
            wT = workspace(W_T, geo.og * geo.k);
            Transpose.transpose(wd, 0, geo.og, geo.k, wT, 0);
        }
        for (int i0 = lo; i0 < hi; i0 += batch) {
            int images = Math.min(batch, hi - i0);
            if (fused != null) {
                winogradForward(geo, i0, images, xd, u, fused, y);
                continue;
            }
            for (int g = 0; g < geo.groups; g++) {
                if (u != null) winogradForward(geo, i0, images, xd, u, null, out);
                else if (geo.planeConv != null) planeForward(geo, i0, images, xd, wd, out);
                else if (wT != null) conv5x5Forward(geo, i0, images, xd, wT, out);
                else im2colForward(geo, i0, images, g, xd, wd, out);
                // What differs between training and inference is decided here, not in the epilogue's loops: a branch
                // that training never took, taken first by inference, threw the compiled epilogue out at the switch.
                if (poolFirst && geo.affine == null) {
                    poolFirstEpilogue(geo, i0, images, g, out, bd, y);
                } else {
                    // Taped, a tanh's planes go straight into act (N, Cout, p), where the backward pass reads them.
                    boolean kept = act != null;
                    epilogue(geo, i0, images, g, out, bd, y, argmax, kept ? act : out, kept ? (i0 * geo.cout + g * geo.og) * geo.p : 0,
                            kept ? geo.cout * geo.p : geo.p, kept ? geo.p : images * geo.p);
                }
            }
        }
    }

    /** Group g of images [i0, i0 + images) into out (og x images * p): their column matrices side by side, one GEMM. */
    private static void im2colForward(Geometry geo, int i0, int images, int g, float[] xd, float[] wd, float[] out) {
        int og = geo.og, k = geo.k, p = geo.p, width = images * p;
        float[] col = workspace(COL, k * geo.batch * p);
        for (int b = 0; b < images; b++) Im2col.im2col(xd, geo.xOff(i0 + b, g), geo.win, col, b * p, width);
        Gemm.sgemm(false, false, og, width, k, wd, g * og * k, k, col, 0, width, out, 0, width, false);
    }

    /**
     * Images [i0, i0 + images) straight from x by {@link Conv5x5}, given the weights transposed, into out (og x images *
     * p): each image's y comes transposed (p x og) and goes into its columns of out.
     */
    private static void conv5x5Forward(Geometry geo, int i0, int images, float[] xd, float[] wT, float[] out) {
        int og = geo.og, p = geo.p, width = images * p;
        float[] yT = workspace(DY_T, p * og), plane = workspace(DCOL, og * p);
        for (int b = 0; b < images; b++) {
            Conv5x5.forward(xd, geo.xOff(i0 + b, 0), geo.win, wT, yT, 0);
            Transpose.transpose(yT, 0, p, og, plane, 0);
            for (int o = 0; o < og; o++) System.arraycopy(plane, o * p, out, o * width + b * p, p);
        }
    }

    /** Images [i0, i0 + images) of one channel straight from their padded planes into out (cout x images * p). */
    private static void planeForward(Geometry geo, int i0, int images, float[] xd, float[] wd, float[] out) {
        int width = images * geo.p;
        float[] plane = workspace(COL, geo.planeConv.scratchSize());
        for (int b = 0; b < images; b++) geo.planeConv.forward(xd, geo.xOff(i0 + b, 0), wd, 0, geo.cout, plane, out, b * geo.p, width);
    }

    /**
     * Images [i0, i0 + images) by Winograd, the tiles of all images side by side in each GEMM: into out (og x images * p)
     * for the epilogue to finish, or with {@code fused} straight into y, the epilogue done on the tiles.
     */
    private static void winogradForward(Geometry geo, int i0, int images, float[] xd, float[] u, Winograd.Epilogue fused, float[] out) {
        if (geo.winograd4) {
            winograd4Forward(geo, i0, images, xd, u, fused, out);
            return;
        }
        Window2d win = geo.win;
        int cin = win.channels(), tiles = tilesOf(win), ld = paddedColumns(images * tiles), width = images * geo.p;
        int vStride = matrixStride(cin, ld), mStride = matrixStride(geo.og, ld);
        float[] v = workspace(WINOGRAD_V, Winograd.POINTS * vStride), m = workspace(WINOGRAD_M, Winograd.POINTS * mStride);
        transformImages(geo, i0, images, xd, v, ld);
        float[] s = workspace(WINOGRAD_SCRATCH, Winograd.scratchSize(win.outH(), win.outW()));
        for (int t = 0; t < Winograd.POINTS; t++) {
            Gemm.sgemm(false, false, geo.og, ld, cin, u, t * geo.og * cin, cin, v, t * vStride, ld, m, t * mStride, ld, false);
        }
        for (int b = 0; b < images; b++) {
            if (fused != null) {
                Winograd.transformOutput(m, b * tiles, ld, mStride, geo.og, fused, 0, out, geo.yOff(i0 + b, 0), geo.q,
                        win.outH(), win.outW(), s);
            } else {
                Winograd.transformOutput(m, b * tiles, ld, mStride, geo.og, out, b * geo.p, width, win.outH(), win.outW(), false, s);
            }
        }
    }

    /**
     * {@link #winogradForward} by F(4x4, 3x3): 36 GEMMs over the images' 4x4 tiles side by side, a slab of tile rows at a
     * time ({@link Slab}, {@link Geometry#winograd4Slab}).
     */
    private static void winograd4Forward(Geometry geo, int i0, int images, float[] xd, float[] u, Winograd.Epilogue fused, float[] out) {
        int tilesH = Winograd4.tiles(geo.win.outH()), rows = geo.winograd4Slab(images);
        for (int ty = 0; ty < tilesH; ty += rows) {
            winograd4ForwardSlab(geo, i0, images, xd, u, fused, out, geo.outputSlab(ty, rows));
        }
    }

    /**
     * One slab of y of images [i0, i0 + images): with the epilogue into y, rows {@code slab.row0()} on (pooled: half
     * as many, from half that row), the pool winners as positions in the whole plane; without it into the block out.
     */
    private static void winograd4ForwardSlab(Geometry geo, int i0, int images, float[] xd, float[] u, Winograd.Epilogue fused, float[] out,
                                             Slab slab) {
        Window2d win = geo.win;
        int cin = win.channels(), og = geo.og, ld = paddedColumns(Winograd4.columns(images, slab.rows(), win.outW()));
        int vStride = matrixStride(cin, ld), mStride = matrixStride(og, ld);
        float[] v = workspace(WINOGRAD_V, Winograd4.POINTS * vStride), m = workspace(WINOGRAD_M, Winograd4.POINTS * mStride);
        float[] s = workspace(WINOGRAD_SCRATCH, Winograd4.scratchSize(win.outH(), win.outW()));
        boolean panels = winograd4Panels(cin);
        transformSlab(geo, i0, images, xd, slab, v, winograd4Columns(panels, cin, ld), vStride, s);
        for (int t = 0; t < Winograd4.POINTS; t++) winograd4Product(panels, t, og, ld, cin, u, v, t * vStride, m, t * mStride);
        if (fused != null) {
            int row = fused.pool() ? slab.row0() / 2 * (win.outW() / 2) : slab.row0() * win.outW();
            Winograd4.transformOutput(m, ld, mStride, og, images, fused, 0, out, geo.yOff(i0, 0) + row, geo.cout * geo.q, geo.q,
                    slab.rows(), win.outW(), slab.row0(), s);
        } else {
            Winograd4.transformOutput(m, ld, mStride, og, images, null, 0, out, slab.row0() * win.outW(), geo.p, images * geo.p,
                    slab.rows(), win.outW(), s);
        }
    }

    /**
     * F(4x4)'s V of one slab of images [i0, i0 + images) of x ({@link Slab}): 36 matrices of Cin rows, {@code vStride}
     * apart, their columns where {@code columns} says: as the panels y's products take, or the rows dW's do.
     */
    private static void transformSlab(Geometry geo, int i0, int images, float[] xd, Slab slab, float[] v, Winograd4.Columns columns,
                                      int vStride, float[] s) {
        Window2d win = geo.win;
        Winograd4.transformInput(xd, geo.xOff(i0, 0) + slab.first() * win.width(), geo.imageIn, win.inPlane(), images, win.channels(),
                slab.last() - slab.first(), win.width(), slab.padTop(), win.padLeft(), slab.rows(), win.outW(), v, columns, vStride, s);
    }

    /**
     * Whether F(4x4)'s products of depth k (Cin for y, Cout for dx) take U and V as the GEMM's own panels
     * ({@link Gemm#sgemmPacked}): the filter transform writing U as panels of A, the input transform V as panels of B,
     * so that each of a slab's 36 products is the tile loops alone. Where the GEMM's panels hold whole groups of the
     * transforms' lanes (AVX-512's 32 columns, 16 lanes).
     */
    private static boolean winograd4Panels(int k) {
        return Gemm.takesPacked(k) && Winograd4.Columns.fitPanels(Gemm.tileColumns());
    }

    /** Where the input transform puts the columns of a V of {@code rows} rows and ld columns: panels or plain rows. */
    private static Winograd4.Columns winograd4Columns(boolean panels, int rows, int ld) {
        return panels ? Winograd4.Columns.panels(rows, Gemm.tileColumns()) : Winograd4.Columns.rows(ld);
    }

    /**
     * M_t (m x n, rows of n) = U_t (m x k) times V_t (k x n) at {@code v[vOff...]}, point t of the 36: U and V as the
     * GEMM's panels ({@link #winograd4Panels}), or as plain rows ({@link Winograd4#filterStride} apart for U).
     */
    private static void winograd4Product(boolean panels, int t, int m, int n, int k, float[] u, float[] v, int vOff, float[] c, int cOff) {
        if (panels) Gemm.sgemmPacked(m, n, k, u, t * Winograd4.packedFilterStride(m, k, Gemm.tileRows()), v, vOff, c, cOff, n, false);
        else Gemm.sgemm(false, false, m, n, k, u, t * Winograd4.filterStride(m, k), k, v, vOff, n, c, cOff, n, false);
    }

    /** V of images [i0, i0 + images) of x, their tiles side by side: 16 matrices of Cin rows, {@code ld} apart. */
    private static void transformImages(Geometry geo, int i0, int images, float[] xd, float[] v, int ld) {
        Window2d win = geo.win;
        int cin = win.channels(), tiles = tilesOf(win);
        float[] s = workspace(WINOGRAD_SCRATCH, Winograd.scratchSize(win.outH(), win.outW()));
        for (int b = 0; b < images; b++) {
            Winograd.transformInput(xd, geo.xOff(i0 + b, 0), win.inPlane(), cin, win.height(), win.width(), win.padTop(), win.padLeft(),
                    win.outH(), win.outW(), v, b * tiles, ld, matrixStride(cin, ld), s);
        }
    }

    /**
     * The row length of V and M for {@code cols} tile columns: whole panels of the GEMM's tile, so that no tile of the
     * forward and input-gradient GEMMs is an edge tile, computed into a scratch tile and copied out. The columns past
     * cols are multiplied and dropped: nothing reads them but the GEMMs, in which each column of M depends on its own
     * column of V alone. With {@link #matrixStride}: fashion-cnn's steps 0.981 (training) and 0.930 (inference) of the
     * time before, mnist-cnn's 0.980 and 0.972, cifar-vgg's 0.960 and 0.960 (BENCHMARKS.md, session 17).
     */
    private static int paddedColumns(int cols) {
        int nr = Gemm.tileColumns();
        return (cols + nr - 1) / nr * nr;
    }

    /**
     * Floats from one of the 16 matrices of V or M to the next: rows of {@code ld}, and one cache line more. The
     * transforms read or write all 16 at once, and at a whole number of 4 KiB pages apart (64 or 128 rows of 48
     * columns are 12 or 24 KiB) the 16 streams fall in one set of the 8-way L1: padding the rows without this skew
     * made those steps 3-7% slower instead of faster.
     */
    private static int matrixStride(int rows, int ld) {
        return rows * ld + 16;
    }

    /**
     * The epilogue of group g of images [i0, i0 + images) from out (og x images * p) into y: bias, and the affine
     * map, ReLU and pool, or the tanh and average pool, when asked, stored to NCHW. A tanh's plane c of image b is
     * taken at {@code t[tBase + b * tImage + c * tChannel]}: in out itself, or in the activations a backward pass keeps,
     * where the caller says so (not a branch in these loops, which training and inference both run).
     */
    private static void epilogue(Geometry geo, int i0, int images, int g, float[] out, float[] bd, float[] y, int[] argmax,
                                 float[] t, int tBase, int tImage, int tChannel) {
        int og = geo.og, p = geo.p, width = images * p;
        for (int b = 0; b < images; b++) {
            for (int c = 0; c < og; c++) {
                int ch = g * og + c, src = c * width + b * p, dst = geo.yOff(i0 + b, ch);
                float bias = bd == null ? 0f : bd[ch];
                if (geo.tanh) {
                    int at = tBase + b * tImage + c * tChannel;
                    Elementwise.biasRun(out, src, bias, false, t, at, p);
                    Elementwise.tanhRun(t, at, at + p);
                    if (geo.avgPool != null) Pool2d.avgPlane(t, at, geo.avgPool, y, dst);
                    else System.arraycopy(t, at, y, dst, p);
                } else if (geo.affine != null) {
                    // Only without a tape (checked): the stored output is the affine map's, which backward never sees.
                    Elementwise.biasRun(out, src, bias, geo.relu, out, src, p);
                    Elementwise.affineRun(out, src, p, geo.affine.scale()[ch], geo.affine.shift()[ch]);
                    if (geo.pool != null) Pool2d.maxPlane(out, src, geo.pool, y, argmax, dst);
                    else System.arraycopy(out, src, y, dst, p);
                } else if (geo.pool != null && argmax != null && Pool2d.isHalving(geo.pool)) {
                    Pool2d.maxHalvingBiasReluWinners(out, src, geo.pool, bias, y, argmax, dst);
                } else if (geo.pool != null) {
                    Elementwise.biasRun(out, src, bias, true, out, src, p);
                    Pool2d.maxPlane(out, src, geo.pool, y, argmax, dst);
                } else {
                    Elementwise.biasRun(out, src, bias, geo.relu, y, dst, p);
                }
            }
        }
    }

    /** Inference's 2x2 max pool of group g's planes, pooled first, then bias and ReLU once per output. */
    private static void poolFirstEpilogue(Geometry geo, int i0, int images, int g, float[] out, float[] bd, float[] y) {
        int og = geo.og, p = geo.p, width = images * p;
        for (int b = 0; b < images; b++) {
            for (int c = 0; c < og; c++) {
                int ch = g * og + c;
                Pool2d.maxHalvingBiasRelu(out, c * width + b * p, geo.pool, bd == null ? 0f : bd[ch], y, geo.yOff(i0 + b, ch));
            }
        }
    }

    /**
     * Gradients from images [lo, hi), a block at a time: dx into gx (each image its own slice), dW into gw and db
     * into gb (this piece's own sums; null when not wanted). A convolution whose y went through Winograd takes dW
     * that way too, a Winograd block of images at a time; one that {@link Conv5x5} fits takes it from x and dy
     * directly, {@code geo.batch} images at a time; otherwise dW is the im2col GEMM, {@code geo.batch} images at a time,
     * the column matrix rebuilt from x rather than kept from the forward pass. With Winograd filters
     * {@code uT}, dx is computed by Winograd: F(2x2) in the same blocks, or with {@code dx4} F(4x4), a group of images
     * at a time, before them.
     */
    private static void backwardImages(Geometry geo, int lo, int hi, float[] xd, float[] wd, float[] uT, boolean dx4, Output output,
                                       float[] gx, boolean add, float[] gw, float[] gb, float[] du) {
        if (gx != null && dx4) winograd4InputGradient(geo, lo, hi, output, uT, gx, add);
        boolean wantW = gw != null || du != null;
        if (!wantW && gb == null && (gx == null || dx4)) return;
        int og = geo.og, k = geo.k, p = geo.p;
        boolean winogradW = wantW && geo.winograd, winograd4W = winogradW && geo.winograd4W();
        boolean directW = wantW && !winogradW && conv5x5Fits(geo);
        int block = winograd4W ? geo.winograd4Batch : winogradW ? geo.winogradBatch : geo.batch;
        float[] dy = workspace(OUT, og * block * p);
        float[] col = !wantW || winogradW || directW ? null : workspace(COL, k * block * p);
        // dW is gathered transposed, (k x og) per group, or as Winograd's dU (duStride apart; Geometry.duStride), and
        // added into gw once at the end; or, given du, Winograd's matrices are left there for the caller to add up.
        int duStride = winogradW ? geo.duStride() : 0;
        int gathered = winogradW ? geo.duFloats() : k * geo.cout;
        float[] gwT = !wantW ? null : du != null ? du : workspace(GW_T, gathered);
        // F(4x4)'s first slab stores its products into dU rather than adding them to zeros: on two threads fashion-cnn's
        // second convolution zeroed eight pieces' dU of 1.2 MB each, 1-1.35 ms of a 23 ms backward pass's work. Steps on
        // two threads, both listing orders (bench/ab.sh, session 51): fashion-cnn 0.997 and 0.961 of the time, cifar-vgg
        // 0.976 and 0.958.
        boolean storesFirst = winograd4W && lo < hi;
        if (gwT != null && !storesFirst) Arrays.fill(gwT, 0, gathered, 0f);
        for (int i0 = lo; i0 < hi; i0 += block) {
            int images = Math.min(block, hi - i0), width = images * p;
            for (int g = 0; g < geo.groups; g++) {
                // The gradient of the convolution itself for these images side by side: (og x width), as the
                // forward GEMM's output.
                for (int b = 0; b < images; b++) {
                    for (int c = 0; c < og; c++) {
                        double db = convGradient(geo, output, i0 + b, g * og + c, dy, c * width + b * p);
                        if (gb != null) gb[g * og + c] += (float) db;
                    }
                }
                if (winograd4W) {
                    winograd4WeightGradient(geo, i0, images, xd, dy, gwT, duStride, i0 == lo && g == 0);
                } else if (winogradW) {
                    winogradWeightGradient(geo, i0, images, xd, dy, gwT, duStride);
                } else if (directW) {
                    // dW_g^T (k x og) += the outer products of each position's inputs and dy's row there.
                    float[] dyT = workspace(DY_T, width * og);
                    Transpose.transpose(dy, 0, og, width, dyT, 0);
                    for (int c = 0; c < geo.win.channels(); c++) {
                        Conv5x5.addWeightGradient(xd, geo.xOff(i0, g) + c * geo.win.inPlane(), geo.imageIn, images, geo.win,
                                dyT, gwT, (g * k + c * 25) * og);
                    }
                } else if (wantW) {
                    // dW_g^T (k x og) += col (k x width) * dy^T (width x og): col is used as it is built, and the
                    // GEMM packs dy (og x width, og times smaller than its work) as a transposed B.
                    for (int b = 0; b < images; b++) Im2col.im2col(xd, geo.xOff(i0 + b, g), geo.win, col, b * p, width);
                    Gemm.sgemm(false, true, k, og, width, col, 0, width, dy, 0, width, gwT, g * k * og, og, true);
                }
                if (gx != null && !dx4 && uT != null) {
                    winogradInputGradient(geo, i0, images, dy, uT, gx, add);
                } else if (gx != null && !dx4) {
                    im2colInputGradient(geo, i0, images, g, wd, dy, gx, add);
                }
            }
        }
        if (winograd4W && gw != null) {
            Winograd4.filterGradient(new float[][] {gwT}, 1, duStride, geo.cout, geo.win.channels(), gw, 0, 0, geo.cout);
        } else if (winogradW && gw != null) {
            Winograd.filterGradient(gwT, duStride, geo.cout, geo.win.channels(), gw, 0);
        } else if (!winogradW && gwT != null) {
            for (int g = 0; g < geo.groups; g++) Transpose.addTransposed(gwT, g * k * og, k, og, gw, g * og * k);
        }
    }

    /**
     * dx of group g of images [i0, i0 + images) added into gx (or stored, unless {@code add}) from dy (og x images *
     * p), {@code geo.batch} images at a time: dcol (k x their width) = W_g^T (k x og) * their columns of dy, then each
     * entry back onto its pixel.
     */
    private static void im2colInputGradient(Geometry geo, int i0, int images, int g, float[] wd, float[] dy, float[] gx, boolean add) {
        int og = geo.og, k = geo.k, p = geo.p, width = images * p;
        float[] dcol = workspace(DCOL, k * geo.batch * p);
        for (int s0 = 0; s0 < images; s0 += geo.batch) {
            int sub = Math.min(geo.batch, images - s0), subWidth = sub * p;
            Gemm.sgemm(true, false, k, subWidth, og, wd, g * og * k, k, dy, s0 * p, width, dcol, 0, subWidth, false);
            for (int b = 0; b < sub; b++) {
                int at = geo.xOff(i0 + s0 + b, g);
                // col2im adds each entry onto its pixel: zeros first, the image's group of planes still in cache.
                if (!add) Arrays.fill(gx, at, at + geo.groupIn, 0f);
                Im2col.col2im(dcol, b * p, subWidth, geo.win, gx, at);
            }
        }
    }

    /**
     * dW of images [i0, i0 + images) by Winograd, added into {@code dut} (16 matrices Cin x Cout, {@code duStride}
     * apart): V of x as the forward pass makes it, dM of dy (og x images * p), and per point {@code dU_t^T += V_t dM_t},
     * 2.25 times fewer multiply-adds than the im2col GEMM and no column matrix. {@link Winograd#filterGradient} turns
     * dU into dW.
     */
    private static void winogradWeightGradient(Geometry geo, int i0, int images, float[] xd, float[] dy, float[] dut, int duStride) {
        Window2d win = geo.win;
        int cin = win.channels(), og = geo.og, tiles = tilesOf(win), cols = images * tiles, width = images * geo.p;
        int ld = paddedColumns(cols), vStride = matrixStride(cin, ld), dmStride = matrixStride(cols, og);
        float[] v = workspace(WINOGRAD_V, Winograd.POINTS * vStride), dm = workspace(WINOGRAD_M, Winograd.POINTS * dmStride);
        transformImages(geo, i0, images, xd, v, ld);
        float[] s = workspace(WINOGRAD_SCRATCH, Winograd.gradientScratchSize(win.outW(), og));
        for (int b = 0; b < images; b++) {
            Winograd.transformOutputGradient(dy, b * geo.p, width, og, win.outH(), win.outW(), dm, b * tiles, dmStride, s);
        }
        for (int t = 0; t < Winograd.POINTS; t++) {
            // The sum runs over the real tile columns alone: V's padding columns are not zero.
            Gemm.sgemm(false, false, cin, og, cols, v, t * vStride, ld, dm, t * dmStride, og, dut, t * duStride, og, true);
        }
    }

    /**
     * dW of images [i0, i0 + images) by F(4x4, 3x3), added into {@code dut} (36 matrices Cout x Cin, {@code duStride}
     * apart; with {@code store}, the first slab's products are stored there instead), a slab of tile rows at a time as
     * y takes them ({@link #winograd4ForwardSlab}): V of x as the forward pass makes it, dM = A dy A^T of dy (og x
     * images * p) laid out as V, and per point {@code dU_t += dM_t V_t^T}, 2.25 multiply-adds an output against
     * F(2x2)'s 4. {@link Winograd4#filterGradient} turns dU into dW.
     */
    private static void winograd4WeightGradient(Geometry geo, int i0, int images, float[] xd, float[] dy, float[] dut, int duStride,
                                                boolean store) {
        Window2d win = geo.win;
        int cin = win.channels(), og = geo.og, tilesH = Winograd4.tiles(win.outH()), rows = geo.winograd4Slab(images);
        for (int ty = 0; ty < tilesH; ty += rows) {
            Slab slab = geo.outputSlab(ty, rows);
            int cols = Winograd4.columns(images, slab.rows(), win.outW()), ld = paddedColumns(cols);
            int vStride = matrixStride(cin, ld), mStride = matrixStride(og, ld);
            float[] v = workspace(WINOGRAD_V, Winograd4.POINTS * vStride), dm = workspace(WINOGRAD_M, Winograd4.POINTS * mStride);
            float[] s = workspace(WINOGRAD_SCRATCH, Winograd4.scratchSize(win.outH(), win.outW()));
            transformSlab(geo, i0, images, xd, slab, v, Winograd4.Columns.rows(ld), vStride, s);
            Winograd4.transformOutputGradient(dy, slab.row0() * win.outW(), geo.p, images * geo.p, images, og, slab.rows(), win.outW(),
                    dm, ld, mStride, s);
            // The sum runs over the columns of whole groups alone (an empty lane's are zeros): V's padding columns are not.
            // V and dM both hold a tile column's points along their rows, so one of them goes in transposed: V, whose
            // input channels are the fewer in every model here, as the GEMM packs its B in proportion to its columns.
            for (int t = 0; t < Winograd4.POINTS; t++) {
                Gemm.sgemm(false, true, og, cin, cols, dm, t * mStride, ld, v, t * vStride, ld, dut, t * duStride, cin, !store || ty > 0);
            }
        }
    }

    /**
     * dx of images [lo, hi) added into gx (or stored, unless {@code add}) by F(4x4, 3x3), a group of images at a time:
     * the convolution's gradient before the epilogue ({@link #convGradient}, the same as the weight gradient's loop
     * takes) into a block of its own (og x group * p), then the 3x3 convolution of its planes, padded by 2 - padding,
     * with the turned filters {@code uT} (36 x Cin x Cout), a slab of tile rows at a time ({@link #winograd4InputGradientSlab}).
     */
    private static void winograd4InputGradient(Geometry geo, int lo, int hi, Output output, float[] uT, float[] gx, boolean add) {
        int og = geo.og, p = geo.p, group = Winograd4.group(), tilesH = Winograd4.tiles(geo.win.height()), slab = geo.winograd4DxSlab();
        float[] dy = workspace(DY_GROUP, og * group * p);
        for (int i0 = lo; i0 < hi; i0 += group) {
            int images = Math.min(group, hi - i0), width = images * p;
            for (int b = 0; b < images; b++) {
                for (int c = 0; c < og; c++) convGradient(geo, output, i0 + b, c, dy, c * width + b * p);
            }
            for (int ty = 0; ty < tilesH; ty += slab) {
                winograd4InputGradientSlab(geo, i0, images, dy, geo.inputGradientSlab(ty, slab), uT, gx, add);
            }
        }
    }

    /**
     * Slab {@code slab} of dx of group {@code g}'s images by F(4x4), as {@link #winograd4InputGradient} computes it, from
     * the rows of dy that the slab reads alone ({@link #convGradientRows}).
     */
    private static void winograd4InputGradientTask(Geometry geo, int g, int slab, Output output, float[] uT, float[] gx, boolean add) {
        int group = Winograd4.group(), i0 = g * group, images = Math.min(group, geo.n - i0), p = geo.p, width = images * p;
        int rows = geo.winograd4DxSlab();
        Slab at = geo.inputGradientSlab(slab * rows, rows);
        float[] dy = workspace(DY_GROUP, geo.og * group * p);
        for (int b = 0; b < images; b++) {
            for (int c = 0; c < geo.og; c++) convGradientRows(geo, output, i0 + b, c, dy, c * width + b * p, at.first(), at.last());
        }
        winograd4InputGradientSlab(geo, i0, images, dy, at, uT, gx, add);
    }

    /**
     * Groups of images a thread below which F(4x4)'s dx goes out a slab of a group at a time. Training steps on two
     * threads against a group a task, in turns in one JVM, both listing orders (bench/ab.sh, session 49): cifar-vgg (four
     * groups, two a thread) 0.976 and 0.975 of the time; mnist-cnn (eight) 1.015 and 1.010, fashion-cnn 1.004 and 1.010.
     * With each thread's pieces of dW ahead of its slabs in its share (so that the loop ends on slabs): 1.035, 1.016 and
     * 1.025 against a group a task.
     */
    private static final int DX_SLAB_GROUPS = 4;

    /** Whether {@link #convGradientRows} takes this convolution's epilogue: a ReLU, a 2x2 max pool after it, or neither. */
    private static boolean gradientByRows(Geometry geo) {
        return !geo.tanh && (geo.pool == null || Pool2d.isHalving(geo.pool));
    }

    /**
     * Rows [r0, r1) of {@link #convGradient}'s plane (at least those: through a 2x2 pool, the rows of the windows over
     * them), the same floats; the bias share is not summed. For an epilogue {@link #gradientByRows} takes.
     */
    private static void convGradientRows(Geometry geo, Output output, int image, int ch, float[] dy, int row, int r0, int r1) {
        float[] y = output.y(), gy = output.gy();
        int w = geo.win.outW(), at = geo.yOff(image, ch);
        if (geo.pool == null) {
            if (geo.relu) Elementwise.reluGradientRun(y, at + r0 * w, gy, at + r0 * w, dy, row + r0 * w, (r1 - r0) * w);
            else System.arraycopy(gy, at + r0 * w, dy, row + r0 * w, (r1 - r0) * w);
            return;
        }
        // A window of the pool covers rows 2o and 2o + 1; rows past the last window get no gradient.
        int lo = r0 / 2 * 2, hi = Math.min(geo.win.outH(), (r1 + 1) / 2 * 2), pooledW = geo.pool.outW();
        Arrays.fill(dy, row + lo * w, row + hi * w, 0f);
        convGradientThroughPool(y, gy, output.argmax(), at, dy, row, lo / 2 * pooledW, Math.min(geo.pool.outH(), hi / 2) * pooledW);
    }

    /**
     * Pooled outputs [o0, o1) of one plane (at {@code at} in y and gy) back through the pool and the ReLU before it: each
     * one's gradient, where its pooled value passed the ReLU, added onto its window's winner in dy (the plane at {@code
     * row}, zeros there before). Returns the sum of what it added, the bias gradient's share.
     */
    private static double convGradientThroughPool(float[] y, float[] gy, int[] argmax, int at, float[] dy, int row, int o0, int o1) {
        double sum = 0;
        // Without a branch: whether a pooled value passed the ReLU is a coin toss the branch predictor loses. The mask is
        // an int select, which C2 compiles to a conditional move; a float select ({@code y > 0 ? gy : 0f}) it compiled to
        // a branch, and 1.38M windows of fashion-cnn's first convolution took 8.4 ms instead of 1.8.
        for (int o = o0; o < o1; o++) {
            int passed = y[at + o] > 0 ? -1 : 0;
            float g = Float.intBitsToFloat(Float.floatToRawIntBits(gy[at + o]) & passed);
            dy[row + argmax[at + o]] += g;
            sum += g;
        }
        return sum;
    }

    /**
     * One slab of dx of a group's images (its rows inside the plane), by F(4x4) on the rows of dy (og x images * p) under
     * them ({@link Slab}). V and M of a slab are some 2 MiB rather than a group's whole planes' (up to 11 MiB for
     * mnist-cnn's), so the transforms and GEMMs find them nearer than L3.
     */
    private static void winograd4InputGradientSlab(Geometry geo, int i0, int images, float[] dy, Slab slab, float[] uT,
                                                   float[] gx, boolean add) {
        Window2d win = geo.win;
        int cin = win.channels(), og = geo.og;
        int ld = paddedColumns(Winograd4.columns(images, slab.rows(), win.width()));
        int vStride = matrixStride(og, ld), mStride = matrixStride(cin, ld);
        float[] v = workspace(WINOGRAD_V, Winograd4.POINTS * vStride), m = workspace(WINOGRAD_M, Winograd4.POINTS * mStride);
        float[] s = workspace(WINOGRAD_SCRATCH, Winograd4.scratchSize(win.height(), win.width()));
        boolean panels = winograd4Panels(og);
        Winograd4.transformInput(dy, slab.first() * win.outW(), geo.p, images * geo.p, images, og, slab.last() - slab.first(), win.outW(),
                slab.padTop(), 2 - win.padLeft(), slab.rows(), win.width(), v, winograd4Columns(panels, og, ld), vStride, s);
        for (int t = 0; t < Winograd4.POINTS; t++) winograd4Product(panels, t, cin, ld, og, uT, v, t * vStride, m, t * mStride);
        int at = geo.xOff(i0, 0) + slab.row0() * win.width();
        if (add) {
            Winograd4.addOutput(m, ld, mStride, cin, images, gx, at, geo.imageIn, win.inPlane(), slab.rows(), win.width(), s);
        } else {
            Winograd4.transformOutput(m, ld, mStride, cin, images, null, 0, gx, at, geo.imageIn, win.inPlane(), slab.rows(), win.width(), s);
        }
    }

    /**
     * dx of images [i0, i0 + images) added into gx (or stored, unless {@code add}) from dy (og x images * p): the 3x3
     * convolution of each dy plane, padded by 2 - padding, with the turned filters {@code uT}.
     */
    private static void winogradInputGradient(Geometry geo, int i0, int images, float[] dy, float[] uT, float[] gx, boolean add) {
        Window2d win = geo.win;
        int cin = win.channels(), og = geo.og, tiles = Winograd.columns(win.height(), win.width());
        int ld = paddedColumns(images * tiles), width = images * geo.p, vStride = matrixStride(og, ld), mStride = matrixStride(cin, ld);
        float[] v = workspace(WINOGRAD_V, Winograd.POINTS * vStride), m = workspace(WINOGRAD_M, Winograd.POINTS * mStride);
        float[] s = workspace(WINOGRAD_SCRATCH, Winograd.scratchSize(win.height(), win.width()));
        for (int b = 0; b < images; b++) {
            Winograd.transformInput(dy, b * geo.p, width, og, win.outH(), win.outW(), 2 - win.padTop(), 2 - win.padLeft(),
                    win.height(), win.width(), v, b * tiles, ld, vStride, s);
        }
        for (int t = 0; t < Winograd.POINTS; t++) {
            Gemm.sgemm(false, false, cin, ld, og, uT, t * cin * og, og, v, t * vStride, ld, m, t * mStride, ld, false);
        }
        for (int b = 0; b < images; b++) {
            Winograd.transformOutput(m, b * tiles, ld, mStride, cin, gx, geo.xOff(i0 + b, 0), win.inPlane(),
                    win.height(), win.width(), add, s);
        }
    }

    /**
     * One output channel's gradient before the epilogue, into {@code dy[row..row+p)}: the stored gradient itself;
     * through the ReLU, only where the output is positive; through the pool as well, only at each window's winner,
     * and only where the pooled value is positive (a winner of 0 or less had a ReLU gradient of 0). Returns the
     * sum of what it wrote, the bias gradient's share, taken from the pooled values alone when pooling (the rest
     * are zeros). Through a tanh, times 1 - t^2 of its output t, after spreading each average pool window's
     * gradient over its inputs; each step as the unfused ops compute it, so the floats are theirs (but for the bias
     * share behind a plain ReLU, or behind a tanh and a pool that halves the plane, summed on float lanes: within float
     * rounding of theirs).
     */
    private static double convGradient(Geometry geo, Output output, int image, int ch, float[] dy, int row) {
        float[] y = output.y(), gy = output.gy();
        int p = geo.p, at = geo.yOff(image, ch);
        if (geo.tanh) {
            float[] t = y;
            if (geo.avgPool != null) {
                int actAt = (image * geo.cout + ch) * p;
                if (Pool2d.isHalving(geo.avgPool)) {
                    return Elementwise.tanhAvgHalvingGradient(gy, at, geo.avgPool, output.act(), actAt, dy, row);
                }
                Arrays.fill(dy, row, row + p, 0f);
                Pool2d.avgBackPlane(gy, at, geo.avgPool, dy, row);
                t = output.act();
                at = actAt;
            } else {
                System.arraycopy(gy, at, dy, row, p);
            }
            Elementwise.tanhGradientRun(dy, row, t, at, p);
            return Sums.sum(dy, row, p);
        }
        if (geo.pool != null) {
            Arrays.fill(dy, row, row + p, 0f);
            return convGradientThroughPool(y, gy, output.argmax(), at, dy, row, 0, geo.q);
        }
        if (geo.relu) {
            Elementwise.reluGradientRun(y, at, gy, at, dy, row, p);
            // On float lanes: the scalar sum in double was 2% of cifar-vgg's step. (Not for the tanh above: there one
            // more vector loop to compile early slowed lenet5's first steps, see BENCHMARKS.md.)
            return Sums.blockSum(dy, row, p);
        }
        System.arraycopy(gy, at, dy, row, p);
        return Sums.sum(dy, row, p);
    }

    /**
     * Per-thread buffers reused across calls (grown, never shrunk): the column block, its gradient, an output block,
     * the transposed weight gradient, Winograd's V and M matrices and row scratch, and the output gradient of a group of
     * images for F(4x4)'s dx (computed again there, as its groups are not the weight gradient's blocks); for
     * {@link Conv5x5}, an image's y or a block's output gradient transposed, and the weights transposed.
     */
    private static final ThreadLocal<float[][]> WORKSPACE = ThreadLocal.withInitial(() -> new float[10][0]);
    private static final int COL = 0, DCOL = 1, OUT = 2, GW_T = 3, WINOGRAD_V = 4, WINOGRAD_M = 5, WINOGRAD_SCRATCH = 6, DY_GROUP = 7,
            DY_T = 8, W_T = 9;

    private static float[] workspace(int which, int size) {
        float[][] ws = WORKSPACE.get();
        if (ws[which].length < size) ws[which] = new float[size];
        return ws[which];
    }
}

package splot.models;

import splot.nn.Add;
import splot.nn.BatchNorm2d;
import splot.nn.Concat;
import splot.nn.Conv2d;
import splot.nn.MaxPool2d;
import splot.nn.Node;
import splot.nn.Padding;
import splot.nn.ReLU;

/**
 * Building blocks for functional models ({@link splot.nn.GraphModel}): each takes a node and
 * returns the block's output node, so blocks chain like layers.
 *
 * <pre>{@code
 * Node in = Input.of(1, 28, 28);
 * Node x = Blocks.convBnRelu(in, 16, 3, 1);
 * x = Blocks.residual(x, 32, 2);                 // (16, 28, 28) -> (32, 14, 14)
 * }</pre>
 */
public final class Blocks {
    private Blocks() {
    }

    /**
     * Conv(k, stride s, padding k/2, no bias) - BatchNorm - ReLU. (C, H, W) -> (channels, ceil(H/s), ceil(W/s)) for odd k.
     * No conv bias: the batch-norm shift that follows does its work.
     */
    public static Node convBnRelu(Node x, int channels, int kernel, int stride) {
        return new ReLU().on(new BatchNorm2d().on(conv(channels, kernel, stride).on(x)));
    }

    /**
     * A ResNet basic block: relu(bn(conv3(relu(bn(conv3(x))))) + shortcut(x)).
     * (C, H, W) -> (channels, ceil(H/stride), ceil(W/stride)). The shortcut is x itself when the shape
     * is kept, else a 1x1 convolution with the stride and a batch-norm (the "projection shortcut").
     */
    public static Node residual(Node x, int channels, int stride) {
        Node f = convBnRelu(x, channels, 3, stride);
        f = new BatchNorm2d().on(conv(channels, 3, 1).on(f));
        boolean keepsShape = stride == 1 && x.shape().dim(0) == channels;
        Node shortcut = keepsShape ? x : new BatchNorm2d().on(conv(channels, 1, stride).on(x));
        return new ReLU().on(new Add().on(f, shortcut));
    }

    /**
     * A GoogLeNet inception block: four parallel branches joined by channel —
     * 1x1; 1x1 then 3x3; 1x1 then 5x5; 3x3 max-pool (stride 1) then 1x1 — each conv followed by ReLU.
     * (C, H, W) -> (c1 + c3 + c5 + poolProj, H, W). The 1x1 "reduce" convs shrink the channels
     * before the costly 3x3 and 5x5 convs.
     */
    public static Node inception(Node x, int c1, int c3Reduce, int c3, int c5Reduce, int c5, int poolProj) {
        Node b1 = convRelu(x, c1, 1);
        Node b3 = convRelu(convRelu(x, c3Reduce, 1), c3, 3);
        Node b5 = convRelu(convRelu(x, c5Reduce, 1), c5, 5);
        Node bp = convRelu(new MaxPool2d(3, 1).padding(1).on(x), poolProj, 1);
        return new Concat().on(b1, b3, b5, bp);
    }

    /** Conv(k, same padding) with bias, then ReLU. Keeps H and W. */
    private static Node convRelu(Node x, int channels, int kernel) {
        return new ReLU().on(new Conv2d(channels, kernel, Padding.SAME).on(x));
    }

    /** Conv without bias, padding k/2 (explicit, so that stride 2 halves 28 to 14 as in PyTorch's ResNet). */
    private static Conv2d conv(int channels, int kernel, int stride) {
        return new Conv2d(channels, kernel).stride(stride).padding(Padding.of(kernel / 2)).bias(false);
    }
}

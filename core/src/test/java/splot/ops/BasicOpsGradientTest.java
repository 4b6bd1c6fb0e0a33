package splot.ops;

import static splot.testing.GradCheck.check;
import static splot.testing.GradCheck.uniform;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import splot.tensor.Tensor;

/** Finite-difference gradient checks for every elementwise, reduction, reshape and matrix op. */
class BasicOpsGradientTest {
    private final Tensor a = uniform(1, -1, 1, 2, 3, 4);
    private final Tensor positive = uniform(2, 0.5f, 2f, 2, 3, 4);

    @Test
    void binaryOpsSameShape() {
        Tensor b = uniform(3, 0.5f, 1.5f, 2, 3, 4);
        check(in -> in.get(0).add(in.get(1)), a, b);
        check(in -> in.get(0).sub(in.get(1)), a, b);
        check(in -> in.get(0).mul(in.get(1)), a, b);
        check(in -> in.get(0).div(in.get(1)), a, b);
    }

    @Test
    void binaryOpsBroadcast() {
        Tensor row = uniform(4, 0.5f, 1.5f, 4);
        Tensor column = uniform(5, 0.5f, 1.5f, 2, 1, 1);
        check(in -> in.get(0).add(in.get(1)), a, row);
        check(in -> in.get(0).mul(in.get(1)), a, column);
        check(in -> in.get(0).div(in.get(1)), a, column);
        check(in -> in.get(1).sub(in.get(0)), a, row);
    }

    @Test
    void unaryOps() {
        check(in -> in.get(0).neg(), a);
        check(in -> in.get(0).exp(), a);
        check(in -> in.get(0).log(), positive);
        check(in -> in.get(0).sqrt(), positive);
        check(in -> in.get(0).pow(3f), a);
        check(in -> in.get(0).pow(-1.5f), positive);
    }

    @Test
    void activations() {
        // Keep relu-like inputs away from the kink at 0, where the difference quotient is undefined.
        Tensor awayFromZero = a.copy();
        float[] d = awayFromZero.data();
        for (int i = 0; i < d.length; i++) d[i] += d[i] >= 0 ? 0.1f : -0.1f;
        check(in -> in.get(0).relu(), awayFromZero);
        // The input also feeds another op: one backward stores its gradient, the other adds to it, in either order.
        check(in -> in.get(0).relu().add(in.get(0).mul(0.5f)), awayFromZero);
        check(in -> in.get(0).mul(0.5f).add(in.get(0).relu()), awayFromZero);
        check(in -> in.get(0).leakyRelu(0.1f), awayFromZero);
        check(in -> in.get(0).tanh(), a);
        check(in -> in.get(0).sigmoid(), a);
        check(in -> in.get(0).gelu(), a);
        check(in -> in.get(0).softmax(1), a);
        check(in -> in.get(0).softmax(-1), a);
        check(in -> in.get(0).logSoftmax(2), a);
        check(in -> in.get(0).logSoftmax(0), a);
    }

    @Test
    void reductions() {
        check(in -> in.get(0).sum(), a);
        check(in -> in.get(0).mean(), a);
        check(in -> in.get(0).sum(1, false), a);
        check(in -> in.get(0).mean(2, true), a);
        check(in -> in.get(0).max(1, false), a);
        check(in -> in.get(0).max(), a);
    }

    @Test
    void reshapes() {
        check(in -> in.get(0).reshape(6, -1).mul(in.get(0).reshape(6, 4)), a);
        check(in -> in.get(0).flatten(), a);
        check(in -> in.get(0).permute(2, 0, 1), a);
        check(in -> in.get(0).transpose(0, 2), a);
        check(in -> in.get(0).slice(1, 2), a);
        Tensor b = uniform(6, -1, 1, 2, 1, 4);
        check(in -> Tensor.concat(1, in.get(0), in.get(1)), a, b);
    }

    @Test
    void matrixProducts() {
        Tensor x = uniform(7, -1, 1, 3, 5);
        Tensor y = uniform(8, -1, 1, 5, 2);
        check(in -> in.get(0).matmul(in.get(1)), x, y);
        Tensor bx = uniform(9, -1, 1, 2, 3, 5);
        Tensor by = uniform(10, -1, 1, 2, 5, 4);
        check(in -> in.get(0).matmul(in.get(1)), bx, by);
        Tensor w = uniform(11, -1, 1, 4, 5);
        Tensor bias = uniform(12, -1, 1, 4);
        check(in -> MatMul.linear(in.get(0), in.get(1), in.get(2)), x, w, bias);
        check(in -> MatMul.linear(in.get(0), in.get(1), null), x, w);
        // Away from the ReLU's kink: no output within the finite difference's step of 0.
        Tensor wr = uniform(13, -1, 1, 4, 5), br = uniform(14, -1, 1, 4);
        float[] affine = MatMul.linear(x, wr, br).data();
        for (float v : affine) assertTrue(Math.abs(v) > 0.05f, "an output at the kink: " + v);
        boolean someZero = false, somePositive = false;
        for (float v : affine) if (v < 0) someZero = true; else somePositive = true;
        assertTrue(someZero && somePositive, "the ReLU should both pass and stop some outputs");
        check(in -> MatMul.linearRelu(in.get(0), in.get(1), in.get(2)), x, wr, br);
        check(in -> MatMul.linearRelu(in.get(0), in.get(1), null), x, wr);
    }
}

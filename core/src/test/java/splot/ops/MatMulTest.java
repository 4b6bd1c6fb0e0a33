package splot.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import splot.tensor.FrozenWeights;
import splot.tensor.GradMode;
import splot.tensor.Tensor;

/**
 * A dense layer's forward product on every path {@link MatMul#linear} takes: dot products of rows on the weight as
 * stored below {@link MatMul#TRANSPOSE_ROWS} batch rows, the transposed weight's product from there, on the calling
 * thread and, past the GEMM's parallel threshold, split across threads.
 */
class MatMulTest {
    @Test
    void linearAgreesWithASumInDoubleAtEveryBatchSize() {
        SplittableRandom r = new SplittableRandom(41);
        int in = 784;
        for (int out : new int[] {10, 128}) {
            for (int batch : new int[] {1, 7, MatMul.TRANSPOSE_ROWS - 1, MatMul.TRANSPOSE_ROWS, MatMul.TRANSPOSE_ROWS + 1, 33, 129}) {
                float[] x = random(batch * in, r), w = random(out * in, r), b = random(out, r);
                float[] y = MatMul.linear(Tensor.of(x, batch, in), Tensor.of(w, out, in), Tensor.of(b, out)).data();
                for (int i = 0; i < batch; i++) {
                    for (int o = 0; o < out; o++) {
                        double sum = b[o];
                        for (int k = 0; k < in; k++) sum += (double) x[i * in + k] * w[o * in + k];
                        assertEquals(sum, y[i * out + o], 1e-4 * (1 + Math.abs(sum)), "batch " + batch + ", out " + out + ", y[" + i + "][" + o + "]");
                    }
                }
            }
        }
    }

    @Test
    void linearReluIsTheReluOfLinearAtEveryBatchSize() {
        SplittableRandom r = new SplittableRandom(43);
        int in = 784;
        for (int out : new int[] {10, 128}) {
            for (int batch : new int[] {1, MatMul.TRANSPOSE_ROWS - 1, MatMul.TRANSPOSE_ROWS, 129, 256, 300}) {
                Tensor x = Tensor.of(random(batch * in, r), batch, in), w = Tensor.of(random(out * in, r), out, in);
                Tensor b = Tensor.of(random(out, r), out);
                float[] plain = MatMul.linear(x, w, b).data(), fused = MatMul.linearRelu(x, w, b).data();
                for (int i = 0; i < plain.length; i++) {
                    assertEquals(Math.max(plain[i], 0f), fused[i], "batch " + batch + ", out " + out + ", y[" + i + "]");
                }
            }
        }
    }

    @Test
    void frozenWeightsGiveTheSameFloatsAndANewScopeSeesAWrittenWeight() {
        SplittableRandom r = new SplittableRandom(47);
        int in = 784, out = 128;
        for (int batch : new int[] {MatMul.TRANSPOSE_ROWS, 129, 256}) {
            Tensor x = Tensor.of(random(batch * in, r), batch, in), w = Tensor.of(random(out * in, r), out, in);
            Tensor b = Tensor.of(random(out, r), out);
            float[] plain = MatMul.linearRelu(x, w, b).data().clone();
            try (var noTape = GradMode.off(); var frozen = FrozenWeights.on()) {
                assertArrayEquals(plain, MatMul.linearRelu(x, w, b).data(), "batch " + batch + ", first call");
                assertArrayEquals(plain, MatMul.linearRelu(x, w, b).data(), "batch " + batch + ", on kept panels");
            }
            float last = w.data()[out * in - 1];
            w.data()[out * in - 1] = last + 1f;
            float[] written = MatMul.linearRelu(x, w, b).data().clone();
            try (var noTape = GradMode.off(); var frozen = FrozenWeights.on()) {
                assertArrayEquals(written, MatMul.linearRelu(x, w, b).data(), "batch " + batch + ", after a write");
            }
            // With the tape on (a training step run inside a scope by mistake) nothing is kept: each write is seen.
            try (var frozen = FrozenWeights.on()) {
                assertArrayEquals(written, MatMul.linearRelu(x, w, b).data(), "batch " + batch + ", taped");
                w.data()[out * in - 1] = last;
                assertArrayEquals(plain, MatMul.linearRelu(x, w, b).data(), "batch " + batch + ", taped, a write seen");
            }
        }
    }

    private static float[] random(int n, SplittableRandom r) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (r.nextDouble() * 2 - 1);
        return a;
    }
}

package splot.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static splot.testing.Reference.assertClose;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import splot.tensor.Tensor;
import splot.testing.Reference;

/**
 * Each optimizer against PyTorch's (tools/reference/losses_optim.py): three steps on two parameters, (3, 4)
 * and (4), with fixed gradients; in the second step the (4) parameter has no gradient and must be skipped.
 */
class OptimizerReferenceTest {
    private static final Reference REF = Reference.load("optim/optimizers.json");
    private static final int STEPS = 3;

    static Stream<String> cases() {
        List<String> names = new ArrayList<>();
        REF.node("cases").fieldNames().forEachRemaining(names::add);
        return names.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void parametersAfterEachStepMatchPyTorch(String name) {
        List<Tensor> params = initialParams();
        Optimizer opt = make(name, params);
        for (int step = 0; step < STEPS; step++) {
            float[][] before = params.stream().map(Tensor::toArray).toArray(float[][]::new);
            setGrads(params, step);
            opt.step();
            for (int i = 0; i < params.size(); i++) {
                Tensor expected = REF.tensor("cases", name, "steps", "" + step, "" + i);
                String what = name + " step " + (step + 1) + " parameter " + i;
                assertClose(expected, params.get(i), 1e-4, 1e-6, what);
                // The update itself, not only the parameter it was added to, must match closely.
                assertClose(difference(expected.data(), before[i]), difference(params.get(i).data(), before[i]), 2e-3, 1e-6, what + " update");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void stateExportedAfterTwoStepsResumesExactly(String name) {
        List<Tensor> params = initialParams();
        Optimizer opt = make(name, params);
        for (int step = 0; step < STEPS - 1; step++) {
            setGrads(params, step);
            opt.step();
        }
        OptimizerState saved = opt.state();
        List<Tensor> copies = params.stream().map(t -> t.copy().requiresGrad(true)).toList();

        setGrads(params, STEPS - 1);
        opt.step();

        Optimizer resumed = make(name, copies);
        resumed.loadState(saved);
        setGrads(copies, STEPS - 1);
        resumed.step();
        for (int i = 0; i < params.size(); i++) {
            assertArrayEquals(params.get(i).data(), copies.get(i).data(), 0f, name + ": resumed parameter " + i);
        }
    }

    /** Builds the optimizer a fixture case names, from the hyperparameters it records. */
    static Optimizer make(String name, List<Tensor> params) {
        JsonNode c = REF.node("cases", name, "config");
        double lr = c.get("lr").asDouble();
        String kind = name.replaceAll("_.*", "");
        if (name.startsWith("adamw")) kind = "adamw";
        return switch (kind) {
            case "sgd" -> new SGD(params, lr).momentum(get(c, "momentum", 0)).dampening(get(c, "dampening", 0))
                    .nesterov(c.path("nesterov").asBoolean(false)).weightDecay(get(c, "weight_decay", 0));
            case "rmsprop" -> new RMSprop(params, lr).momentum(get(c, "momentum", 0)).centered(c.path("centered").asBoolean(false))
                    .weightDecay(get(c, "weight_decay", 0));
            case "adam" -> new Adam(params, lr).betas(get(c, "beta1", 0.9), get(c, "beta2", 0.999))
                    .weightDecay(get(c, "weight_decay", 0)).amsgrad(c.path("amsgrad").asBoolean(false));
            case "adamw" -> {
                AdamW a = new AdamW(params, lr).amsgrad(c.path("amsgrad").asBoolean(false));
                yield c.has("weight_decay") ? a.weightDecay(c.get("weight_decay").asDouble()) : a;   // else the 1e-2 default
            }
            case "rprop" -> new Rprop(params, lr).etas(get(c, "eta_minus", 0.5), get(c, "eta_plus", 1.2))
                    .stepSizes(get(c, "step_size_min", 1e-6), get(c, "step_size_max", 50));
            default -> throw new IllegalStateException("No optimizer for fixture case " + name);
        };
    }

    private static double get(JsonNode config, String key, double otherwise) {
        return config.has(key) ? config.get(key).asDouble() : otherwise;
    }

    static List<Tensor> initialParams() {
        return List.of(REF.tensor("initial", "0").requiresGrad(true), REF.tensor("initial", "1").requiresGrad(true));
    }

    /** Sets each parameter's gradient to the fixture's for this step, or none where the fixture has null. */
    static void setGrads(List<Tensor> params, int step) {
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            p.zeroGrad();
            JsonNode g = REF.node("grads", "" + step, "" + i);
            if (g.isNull()) continue;
            float[] values = Reference.toTensor(g).data();
            if (values.length != p.size()) fail("fixture gradient size " + values.length + " for parameter of " + p.size());
            System.arraycopy(values, 0, p.gradBuffer(), 0, values.length);
        }
    }

    private static Tensor difference(float[] a, float[] b) {
        float[] d = new float[a.length];
        for (int i = 0; i < d.length; i++) d[i] = a[i] - b[i];
        return Tensor.of(d, d.length);
    }
}

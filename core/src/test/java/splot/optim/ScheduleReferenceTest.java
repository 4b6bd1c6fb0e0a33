package splot.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import splot.testing.Reference;

/** Learning-rate schedules against PyTorch's StepLR, ExponentialLR and CosineAnnealingLR over 12 epochs. */
class ScheduleReferenceTest {
    private static final Reference REF = Reference.load("optim/schedules.json");

    @Test
    void stepDecay() {
        JsonNode c = REF.node("step", "config");
        check("step", new StepDecay(c.get("step_size").asInt(), c.get("gamma").asDouble()));
    }

    @Test
    void exponentialDecay() {
        check("exponential", new ExponentialDecay(REF.number("exponential", "config", "gamma")));
    }

    @Test
    void cosineAnnealingGoesDownAndBackPastTMax() {
        JsonNode c = REF.node("cosine", "config");
        check("cosine", new CosineAnnealing(c.get("t_max").asInt(), c.get("eta_min").asDouble()));
    }

    @Test
    void applySetsTheOptimizersRate() {
        Optimizer opt = new SGD(0.1);
        double r = new StepDecay(2, 0.1).apply(opt, 5, 0.1);
        assertEquals(1e-3, r, 1e-12);   // 0.1 * 0.1^floor(5 / 2)
        assertEquals(r, opt.learningRate());
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new StepDecay(0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new CosineAnnealing(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ExponentialDecay(-1));
    }

    private static void check(String name, LearningRateSchedule schedule) {
        double base = REF.number("base");
        JsonNode rates = REF.node(name, "rates");
        for (int epoch = 0; epoch < rates.size(); epoch++) {
            double expected = rates.get(epoch).asDouble();
            assertEquals(expected, schedule.rate(epoch, base), 1e-9 * Math.abs(expected) + 1e-12, name + " epoch " + epoch);
        }
    }
}

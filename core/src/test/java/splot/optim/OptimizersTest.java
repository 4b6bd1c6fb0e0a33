package splot.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OptimizersTest {
    @Test
    void rebuildsEveryOptimizerFromItsConfig() {
        Optimizer[] originals = {new Adam(0.01).betas(0.8, 0.99).amsgrad(true), new AdamW(0.02).weightDecay(0.1),
                new SGD(0.3).momentum(0.9).nesterov(true), new RMSprop(0.004).centered(true).momentum(0.5), new Rprop(0.05).etas(0.4, 1.3)};
        for (Optimizer o : originals) {
            Optimizer back = Optimizers.create(o.name(), o.config());
            assertEquals(o.getClass(), back.getClass());
            assertEquals(o.config(), back.config());
        }
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Optimizers.create("adagrad", 0.1));
        assertTrue(e.getMessage().contains("adam, adamw, sgd, rmsprop, rprop"), e.getMessage());
    }
}

package splot.train;

import java.util.Map;
import splot.data.Normalization;
import splot.optim.Optimizer;
import splot.optim.OptimizerState;

/**
 * What a saved run needs to go on exactly where it stopped: the optimizer's state (moments, step
 * counts, learning rate), the history so far, and the number of epochs done. The model's weights
 * come with the model loaded from the same file. Not the dropout layers' generators: a resumed run
 * draws new masks.
 */
public record Resume(OptimizerState optimizerState, History history, int epochsDone, Map<String, Object> optimizerConfig,
                     Normalization normalization) {

    /** Restores the optimizer and history into a run about to start; returns the epoch to start at. */
    int apply(Optimizer optimizer, History into) {
        if (!optimizer.name().equals(optimizerState.optimizer())) {
            throw new IllegalArgumentException("The checkpoint was trained with " + optimizerState.optimizer() + " but this run uses "
                    + optimizer.name() + "; resume with the same optimizer");
        }
        optimizer.loadState(optimizerState);
        for (int e = 0; e < history.epochs(); e++) into.add(history.epoch(e));
        return epochsDone;
    }
}

package splot.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import splot.data.Batch;
import splot.data.DataLoader;
import splot.data.Dataset;
import splot.data.Normalization;
import splot.data.Split;
import splot.loss.Loss;
import splot.nn.Model;
import splot.nn.Softmax;
import splot.optim.Optimizer;
import splot.tensor.Arena;
import splot.tensor.FrozenWeights;
import splot.tensor.GradMode;
import splot.tensor.Tensor;

/**
 * The Keras-style loop behind {@code model.fit}, {@code evaluate} and {@code predict}: per epoch,
 * shuffled mini-batches through forward, loss, backward and an optimizer step, then validation,
 * history and callbacks. Classification metrics (accuracy, and top-5 above ten classes) are
 * measured when the model outputs one score per class.
 */
public final class Trainer {
    private Trainer() {
    }

    public static History fit(Model model, Dataset train, Fit fit) {
        Dataset validation = fit.validation;
        if (fit.validationSplit > 0) {
            if (validation != null) throw new IllegalArgumentException("Give validation data or a validation split, not both");
            Split split = Split.of(train, fit.validationSplit, fit.seed);
            train = split.train();
            validation = split.validation();
        }
        Optimizer optimizer = fit.optimizerOrDefault();
        optimizer.attach(model.parameters());
        History history = new History();
        int firstEpoch = 0;
        if (fit.resume != null) {
            firstEpoch = fit.resume.apply(optimizer, history);
            if (firstEpoch >= fit.epochs) {
                throw new IllegalArgumentException("The checkpoint already has " + firstEpoch + " epochs; ask for more than that to continue");
            }
        }
        Normalization normalization = fit.normalizationUsed(train);
        try (DataLoader loader = DataLoader.builder(train).batchSize(fit.batchSize).shuffle(fit.shuffle).seed(fit.seed)
                .normalization(normalization).transforms(fit.augment).build()) {
            Training run = new Training(model, optimizer, fit.loss, normalization, train.classNames(), firstEpoch, fit.epochs, loader.batchesPerEpoch(),
                    history, fit.verbose ? fit.out : null);
            run(model, loader, validation, fit, run);
        }
        return history;
    }

    private static void run(Model model, DataLoader loader, Dataset validation, Fit fit, Training run) {
        int firstEpoch = run.firstEpoch();
        List<Callback> callbacks = new ArrayList<>();
        callbacks.add(new TerminateOnNaN());
        if (fit.verbose) callbacks.add(new ProgressBar());
        callbacks.addAll(fit.callbacks);

        callbacks.forEach(c -> c.onTrainBegin(run));
        try {
            for (int epoch = firstEpoch; epoch < fit.epochs && !run.stopRequested(); epoch++) {
                run.setEpoch(epoch);
                for (Callback c : callbacks) c.onEpochBegin(epoch, run);
                Map<String, Double> logs = trainEpoch(model, loader, epoch, run, callbacks);
                if (validation != null) {
                    logs.putAll(evaluate(model, validation, fit.loss, fit.batchSize, run.normalization()).toLogs("val_"));
                }
                logs.put("lr", run.optimizer().learningRate());
                run.history().add(logs);
                for (Callback c : callbacks) c.onEpochEnd(epoch, logs, run);
            }
        } finally {
            model.eval();
        }
        if (run.stopRequested()) run.log("Stopped: " + run.stopReason());
        callbacks.forEach(c -> c.onTrainEnd(run));
    }

    private static Map<String, Double> trainEpoch(Model model, DataLoader loader, int epoch, Training run, List<Callback> callbacks) {
        model.train();
        Optimizer optimizer = run.optimizer();
        double lossSum = 0;
        long correct = 0, seen = 0;
        int step = 0;
        boolean classifying = true;
        // Each step's activations and gradients are the previous step's arrays, taken back: see Arena.
        Arena arena = new Arena();
        for (Batch b : loader.epoch(epoch)) {
            double l;
            int ok;
            try (var ignored = arena.step()) {
                optimizer.zeroGrad();
                Tensor out = model.call(b.images());
                Tensor loss = run.loss().compute(out, b.labels());
                loss.backward();
                optimizer.step();
                l = loss.item();
                classifying = isClassifier(out);
                ok = classifying ? Metrics.correct(out.data(), b.labels().data(), out.dim(1)) : 0;
            }
            run.countStep();
            lossSum += l * b.size();
            correct += ok;
            seen += b.size();
            for (Callback c : callbacks) c.onBatchEnd(step, l, ok, b.size(), run);
            step++;
        }
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", lossSum / seen);
        if (classifying) logs.put("accuracy", correct / (double) seen);
        return logs;
    }

    private static boolean isClassifier(Tensor out) {
        return out.rank() == 2 && out.dim(1) > 1;
    }

    /**
     * Mean loss and accuracy of the model on a data set, in evaluation mode and without the tape,
     * with the inputs normalised as in training.
     */
    public static Evaluation evaluate(Model model, Dataset data, Loss loss, int batchSize, Normalization normalization) {
        boolean wasTraining = model.isTraining();
        model.eval();
        double lossSum = 0;
        long correct = 0, top5 = 0;
        int seen = 0;
        boolean classifying = false;
        try (var ignored = GradMode.off(); var frozen = FrozenWeights.on();
             DataLoader loader = loaderFor(data, batchSize, normalization)) {
            Arena arena = new Arena();
            for (Batch b : loader.epoch(0)) {
                try (var step = arena.step()) {
                    Tensor out = model.call(b.images());
                    lossSum += loss.compute(out, b.labels()).item() * b.size();
                    classifying = isClassifier(out);
                    if (classifying) {
                        correct += Metrics.correct(out.data(), b.labels().data(), out.dim(1));
                        if (out.dim(1) > 10) top5 += Metrics.correctTopK(out.data(), b.labels().data(), out.dim(1), 5);
                    }
                }
                seen += b.size();
            }
        } finally {
            if (wasTraining) model.train();
        }
        boolean many = data.numClasses() > 10;
        return new Evaluation(lossSum / seen, classifying ? correct / (double) seen : Double.NaN,
                classifying && many ? top5 / (double) seen : Double.NaN, seen);
    }

    /**
     * Class probabilities (N, C) for every item, in order: the softmax of the model's outputs, or the
     * outputs themselves when the model already ends in a {@link Softmax}.
     */
    public static Tensor predict(Model model, Dataset data, int batchSize, Normalization normalization) {
        boolean endsInSoftmax = !model.layers().isEmpty() && model.layers().getLast() instanceof Softmax;
        List<Tensor> parts = new ArrayList<>();
        try (var frozen = FrozenWeights.on(); DataLoader loader = loaderFor(data, batchSize, normalization)) {
            for (Batch b : loader.epoch(0)) {
                Tensor out = model.predict(b.images());
                parts.add(endsInSoftmax ? out : out.softmax(1));
            }
        }
        return Tensor.concat(0, parts.toArray(Tensor[]::new));
    }

    /** Batches in data-set order, for evaluation and prediction. */
    private static DataLoader loaderFor(Dataset data, int batchSize, Normalization normalization) {
        return DataLoader.builder(data).batchSize(batchSize).shuffle(false).normalization(normalization).build();
    }
}

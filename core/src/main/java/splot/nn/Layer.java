package splot.nn;

import java.util.ArrayList;
import java.util.List;
import splot.tensor.Shape;
import splot.tensor.Tensor;

/**
 * A building block of a model: takes a batch and returns a batch. The batch dimension comes first
 * and is never part of a layer's shapes: a layer is built for the shape of one item.
 *
 * <p>As in Keras, a layer learns its input size when it is built ({@link #build(Shape)}, called
 * with the previous layer's output shape), so nobody computes an input width by hand. After that, a
 * batch of the wrong shape fails with a message naming the layer and both shapes.
 */
public abstract class Layer {
    private String name;
    private Shape inputShape;
    private Shape outputShape;
    private boolean training = true;
    private final List<Parameter> own = new ArrayList<>();

    /**
     * Creates the parameters for input items of shape {@code input} and returns the output item shape.
     * Throws {@link IllegalArgumentException} naming what was expected when the shape does not fit.
     */
    protected abstract Shape build(Shape input);

    /** The computation on a batch whose items have the built input shape. */
    protected abstract Tensor forward(Tensor x);

    /** Builds for several inputs; only merging layers take more than one. */
    protected Shape build(List<Shape> inputs) {
        if (inputs.size() != 1) throw new IllegalArgumentException(describe() + " takes one input, got " + inputs.size());
        return build(inputs.get(0));
    }

    /** Forward over several inputs; only merging layers take more than one. */
    protected Tensor forward(List<Tensor> inputs) {
        if (inputs.size() != 1) throw new IllegalArgumentException(describe() + " takes one input, got " + inputs.size());
        return call(inputs.get(0));
    }

    /**
     * Runs the layer on a batch {@code (N, ...item shape)}: builds it on first use, checks the
     * shape, then calls {@link #forward(Tensor)}.
     */
    public final Tensor call(Tensor x) {
        prepare(x);
        return forward(x);
    }

    /** Builds the layer for the batch's item shape on first use, and checks the shape after that. */
    protected final void prepare(Tensor x) {
        if (x.rank() == 0) throw new IllegalArgumentException(describe() + " expected a batch, got a scalar");
        // The common case without a new Shape a call: a batch step calls this once a layer.
        if (inputShape != null && inputShape.isItemOf(x.shape())) return;
        Shape item = x.shape().withoutBatch();
        if (inputShape == null) {
            buildFor(List.of(item));
        } else if (!accepts(inputShape, item)) {
            throw new IllegalArgumentException(describe() + " expected input " + inputShape.withBatch(x.dim(0))
                    + " but got " + x.shape());
        }
    }

    /** Runs a layer that takes several inputs (a merge) or one. */
    public final Tensor call(List<Tensor> xs) {
        if (xs.size() == 1) return call(xs.get(0));
        if (inputShape == null) buildFor(xs.stream().map(t -> t.shape().withoutBatch()).toList());
        return forward(xs);
    }

    /**
     * Whether a built layer can take items of shape {@code got}. Exact match by default; layers
     * that work on any image size (convolutions, pooling) accept other heights and widths.
     */
    protected boolean accepts(Shape built, Shape got) {
        return built.equals(got);
    }

    /** Builds the layer for the given item shapes (once) and returns its output item shape. */
    public final Shape buildFor(List<Shape> inputs) {
        if (inputShape != null) {
            if (inputs.size() == 1 && !accepts(inputShape, inputs.get(0))) {
                throw new IllegalArgumentException(describe() + " was built for input " + inputShape + " but is now given " + inputs.get(0));
            }
            return outputShape;
        }
        outputShape = build(inputs);
        inputShape = inputs.get(0);
        return outputShape;
    }

    /**
     * Applies this layer to symbolic inputs of a functional model, building it for their shapes.
     * A layer applied twice shares its weights between the two uses.
     */
    public final Node on(Node... inputs) {
        if (inputs.length == 0) throw new IllegalArgumentException(describe() + ".on() needs at least one input node");
        Shape out = buildFor(java.util.Arrays.stream(inputs).map(Node::shape).toList());
        return new Node(this, List.of(inputs), out);
    }

    /** Builds for one item shape; see {@link #buildFor(List)}. */
    public final Shape buildFor(Shape input) {
        return buildFor(List.of(input));
    }

    /** Registers a parameter of this layer; call from {@link #build(Shape)}. */
    protected final Tensor addParameter(String name, Tensor value, boolean trainable) {
        if (trainable) value.requiresGrad(true);
        own.add(new Parameter(name, value, trainable));
        return value;
    }

    /**
     * The constructor arguments, for model files: {@link LayerTypes} rebuilds the layer from them.
     * Layers without arguments keep the empty default.
     */
    public java.util.Map<String, Object> config() {
        return java.util.Map.of();
    }

    /** Layers inside this one (a container's children); none by default. */
    public List<Layer> children() {
        return List.of();
    }

    /** All parameters, trainable and not, with names relative to this layer ({@code "conv2d.weight"}). */
    public List<Parameter> weights() {
        List<Parameter> all = new ArrayList<>(own);
        for (Layer child : children()) {
            for (Parameter p : child.weights()) all.add(p.prefixed(child.name()));
        }
        return all;
    }

    /** The trainable tensors, for an optimizer (PyTorch's {@code model.parameters()}). */
    public List<Tensor> parameters() {
        return weights().stream().filter(Parameter::trainable).map(Parameter::value).toList();
    }

    /** Number of scalars in all parameters, trainable and not. */
    public long countParams() {
        return weights().stream().mapToLong(Parameter::size).sum();
    }

    /** Clears the gradient of every trainable parameter. */
    public void zeroGrad() {
        for (Tensor t : parameters()) t.zeroGrad();
    }

    /** Training mode: dropout drops, batch-norm uses batch statistics. Applies to all children. */
    public void train() {
        setTraining(true);
    }

    /** Evaluation mode: dropout passes through, batch-norm uses running statistics. Applies to all children. */
    public void eval() {
        setTraining(false);
    }

    private void setTraining(boolean on) {
        training = on;
        for (Layer child : children()) child.setTraining(on);
    }

    public boolean isTraining() {
        return training;
    }

    /** The layer's name in its model ({@code "conv2d_1"}); the type in snake case until a model names it. */
    public String name() {
        return name != null ? name : defaultName();
    }

    /** Names the layer; returns this. */
    public Layer named(String name) {
        this.name = name;
        return this;
    }

    boolean hasName() {
        return name != null;
    }

    /** Base of the default name: the class name in snake case, {@code MaxPool2d -> max_pool2d}, {@code LeakyReLU -> leaky_relu}. */
    public String defaultName() {
        return getClass().getSimpleName().replaceAll("([a-z0-9])([A-Z][a-z])", "$1_$2").toLowerCase();
    }

    /** Input item shape, or null before the layer is built. */
    public Shape inputShape() {
        return inputShape;
    }

    /** Output item shape, or null before the layer is built. */
    public Shape outputShape() {
        return outputShape;
    }

    public boolean isBuilt() {
        return inputShape != null;
    }

    /** {@code Linear 'linear_1'}: how errors name this layer. */
    protected String describe() {
        return getClass().getSimpleName() + " '" + name() + "'";
    }

    @Override
    public String toString() {
        return describe() + (isBuilt() ? " " + inputShape + " -> " + outputShape : " (not built)");
    }
}

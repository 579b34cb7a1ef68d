package bml.training;

import bml.config.ModelSettings;
import bml.config.Seeds;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A sequential encoder + projector network whose forward pass returns the output of every stage.
 *
 * <p>Why: the benign-memorization probe (<a href="https://arxiv.org/abs/2210.14019">Anagnostidis et al.
 * 2023</a>) measures k-NN accuracy at every depth, so one forward pass must expose each stage's activation
 * (the last one is the {@code logits} the loss uses). Input: float32 NCHW pixels in [0, 1]. Spatial taps are
 * the block outputs (after the block's max-pool for the cnn); {@code encoder} is the globally average-pooled
 * vector; {@code head} is the projector's hidden layer after its ReLU.
 */
public final class TappedNetwork extends AbstractBlock {

    private static final byte VERSION = 1;

    private final List<String> layerNames;
    private final List<Block> stages;
    private final int channels;
    private final int height;
    private final int width;

    private TappedNetwork(List<Stage> stageList, int channels, int height, int width) {
        super(VERSION);
        List<String> names = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        for (Stage stage : stageList) {
            names.add(stage.name());
            blocks.add(addChildBlock(stage.name(), stage.block()));
        }
        this.layerNames = List.copyOf(names);
        this.stages = List.copyOf(blocks);
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    /**
     * Builds the (uninitialised) network described by {@code model} for images of the given size.
     *
     * @throws IllegalArgumentException naming the setting when the encoder is unknown or a size is not positive
     */
    public static TappedNetwork build(ModelSettings model, int channels, int height, int width, int numClasses) {
        positive("model.width", model.width());
        positive("model.head-width", model.headWidth());
        positive("image channels", channels);
        positive("image height", height);
        positive("image width", width);
        if (numClasses < 2) {
            throw new IllegalArgumentException("number of classes: expected >= 2, got " + numClasses);
        }
        List<Stage> stageList = new ArrayList<>(Encoders.encoder(model.encoder(), model.width()));
        stageList.addAll(Encoders.projector(model.headWidth(), numClasses));
        return new TappedNetwork(stageList, channels, height, width);
    }

    private static void positive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + ": expected > 0, got " + value);
        }
    }

    /** The tapped layer names, in forward order; the last is {@code logits}. */
    public List<String> layerNames() {
        return layerNames;
    }

    /** The NCHW input shape for a batch of {@code batch} images. */
    public Shape inputShape(long batch) {
        return new Shape(batch, channels, height, width);
    }

    /**
     * Creates all parameters on {@code manager} with values drawn from {@code Seeds.random(seed, "init", i)}
     * for the i-th parameter, so that changing the head leaves the encoder's initial weights unchanged.
     */
    public void initializeFromSeed(NDManager manager, long seed) {
        ParameterList parameters = getParameters();
        for (int i = 0; i < parameters.size(); i++) {
            Parameter parameter = parameters.get(i).getValue();
            Parameter weight = null;
            if (parameter.getType() == Parameter.Type.BIAS) {
                String key = parameters.get(i).getKey();
                weight = parameters.get(key.substring(0, key.length() - "bias".length()) + "weight");
            }
            parameter.setInitializer(WeightInit.of(parameter, weight, Seeds.random(seed, "init", i)));
        }
        initialize(manager, DataType.FLOAT32, inputShape(1));
    }

    /**
     * Creates all parameters on {@code manager} holding the snapshot's values, frozen (no gradients).
     *
     * @throws IllegalArgumentException when the snapshot's names or shapes do not match this network
     */
    void initializeFrozen(NDManager manager, WeightSnapshot snapshot) {
        ParameterList parameters = getParameters();
        if (parameters.size() != snapshot.size()) {
            throw new IllegalArgumentException("snapshot has " + snapshot.size() + " parameters, the network "
                    + parameters.size() + ": it was taken from a different model");
        }
        freezeParameters(true);
        for (int i = 0; i < parameters.size(); i++) {
            String name = parameters.get(i).getKey();
            TensorData tensor = snapshot.tensor(i);
            if (!name.equals(tensor.name())) {
                throw new IllegalArgumentException("snapshot parameter " + i + " is " + tensor.name()
                        + ", the network expects " + name + ": it was taken from a different model");
            }
            parameters.get(i).getValue().setInitializer((m, shape, type) -> {
                if (!Arrays.equals(shape.getShape(), tensor.shape())) {
                    throw new IllegalArgumentException("snapshot parameter " + name + " has shape "
                            + Tensors.describe(tensor.shape()) + ", the network expects " + shape);
                }
                return Tensors.owned(m, tensor.values(), shape);
            });
        }
        initialize(manager, DataType.FLOAT32, inputShape(1));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return forwardWatching(store, inputs, training, null);
    }

    /**
     * The forward pass (one output per layer), showing each BatchNorm input to {@code watcher} (none when null).
     *
     * @return the outputs, or null when the watcher ended the pass
     */
    NDList forwardWatching(ParameterStore store, NDList inputs, boolean training, BatchNormInputs watcher) {
        NDList outputs = new NDList(stages.size());
        NDList x = inputs;
        for (Block stage : stages) {
            x = BatchNormWalk.forward(stage, store, x, training, watcher);
            if (x == null) {
                return null;
            }
            outputs.add(x.singletonOrThrow());
        }
        return outputs;
    }

    /** The number of BatchNorm layers in the network. */
    int batchNormLayers() {
        return BatchNormWalk.count(this);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] shapes = new Shape[stages.size()];
        Shape[] current = inputShapes;
        for (int i = 0; i < stages.size(); i++) {
            current = stages.get(i).getOutputShapes(current);
            shapes[i] = current[0];
        }
        return shapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] current = inputShapes;
        for (Block stage : stages) {
            stage.initialize(manager, dataType, current);
            current = stage.getOutputShapes(current);
        }
    }
}

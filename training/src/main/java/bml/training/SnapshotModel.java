package bml.training;

import bml.config.ModelSettings;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import java.util.ArrayList;
import java.util.List;

/**
 * A frozen copy of the network rebuilt from a {@link WeightSnapshot}, for inference in eval mode.
 *
 * <p>Why: probing must not pause or disturb training. This model owns its own {@link NDManager} and
 * parameters (no gradients), so it can run on another thread while the {@link TrainingSession} keeps
 * stepping; BatchNorm uses the snapshot's running statistics, as the paper's {@code model.eval()} probe.
 * Forward passes only read the parameters, so concurrent calls are safe; closing is not concurrent-safe.
 */
public final class SnapshotModel implements AutoCloseable {

    private final Blueprint blueprint;
    private final NDManager manager;
    private final TappedNetwork network;
    private final ParameterStore store;
    private final long step;

    /** What the model was built from, so {@link #withWeights} can build its sibling. */
    private record Blueprint(ModelSettings model, int channels, int height, int width, int numClasses, Device device) {
    }

    private SnapshotModel(Blueprint blueprint, NDManager manager, TappedNetwork network, long step) {
        this.blueprint = blueprint;
        this.manager = manager;
        this.network = network;
        this.store = new ParameterStore(manager, false);
        this.step = step;
    }

    /**
     * Builds the network described by {@code model} on {@code device} and loads {@code snapshot} into it.
     *
     * @throws IllegalArgumentException when the snapshot does not fit the described network
     */
    public static SnapshotModel load(ModelSettings model, int channels, int height, int width, int numClasses,
            WeightSnapshot snapshot, Device device) {
        TappedNetwork network = TappedNetwork.build(model, channels, height, width, numClasses);
        NDManager manager = NDManager.newBaseManager(device);
        try {
            network.initializeFrozen(manager, snapshot);
            return new SnapshotModel(new Blueprint(model, channels, height, width, numClasses, device), manager,
                    network, snapshot.step());
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** The manager to create inputs on (its device is the model's); outputs attach to the input's manager. */
    public NDManager manager() {
        return manager;
    }

    /** The tapped layer names, matching the order of {@link #forward(NDArray)}'s outputs. */
    public List<String> layerNames() {
        return network.layerNames();
    }

    /** The training step the snapshot was taken at. */
    public long step() {
        return step;
    }

    /**
     * Runs the network in inference mode on {@code x}: float32 NCHW pixels in [0, 1].
     *
     * @return one array per {@link #layerNames()} entry, attached to {@code x}'s manager
     */
    public NDList forward(NDArray x) {
        Shape expected = network.inputShape(x.getShape().dimension() > 0 ? x.getShape().get(0) : 0);
        if (!x.getShape().equals(expected) || x.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("snapshot model input: expected float32 " + expected
                    + ", got " + x.getDataType() + " " + x.getShape());
        }
        return network.forward(store, new NDList(x), false);
    }

    /**
     * Builds another model of the same network on the same device from {@code snapshot}, for example the one
     * {@link #recalibrateBatchNorm} returned; the caller closes it.
     *
     * @throws IllegalArgumentException when the snapshot does not fit this network
     */
    public SnapshotModel withWeights(WeightSnapshot snapshot) {
        return load(blueprint.model(), blueprint.channels(), blueprint.height(), blueprint.width(),
                blueprint.numClasses(), snapshot, blueprint.device());
    }

    /** Copies every parameter (BatchNorm running statistics included) to the host, as a snapshot at {@link #step}. */
    public WeightSnapshot weights() {
        List<TensorData> tensors = new ArrayList<>();
        network.getParameters().forEach(pair -> {
            NDArray array = pair.getValue().getArray();
            tensors.add(new TensorData(pair.getKey(), array.getShape().getShape(), array.toFloatArray()));
        });
        return WeightSnapshot.adopt(step, tensors);
    }

    /** The number of BatchNorm layers in the network (0 for the mlp encoder). */
    public int batchNormLayers() {
        return network.batchNormLayers();
    }

    /**
     * This model's weights with every BatchNorm layer's running statistics recomputed on images, all other
     * parameters untouched; this model itself does not change.
     *
     * <p>The new statistics are exact: in forward order, each layer's running mean and variance become the
     * per-channel mean and population variance of its input over all images and positions, computed in eval mode
     * with the earlier layers already recalibrated, so in eval mode each layer normalises these images'
     * activations to zero mean and unit variance. One pass over the images per BatchNorm layer. Why: the untrained
     * network's statistics (mean 0, variance 1) normalise nothing, so it is no baseline for a trained one.
     *
     * @param pixels    uint8 CHW images of the model's input size, concatenated; the first {@code count} are used
     * @param count     how many images, at least 1
     * @param batchSize images per forward pass, at least 1; the result does not depend on it beyond float rounding
     * @return a snapshot at the same step
     * @throws IllegalArgumentException when count, batch size or pixels do not fit
     */
    public WeightSnapshot recalibrateBatchNorm(byte[] pixels, int count, int batchSize) {
        return BatchNormRecalibration.recalibrate(network, manager, step, pixels, count, batchSize);
    }

    @Override
    public void close() {
        manager.close();
    }
}

package bml.training;

import bml.config.ModelSettings;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

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

    private final NDManager manager;
    private final TappedNetwork network;
    private final ParameterStore store;
    private final long step;

    private SnapshotModel(NDManager manager, TappedNetwork network, long step) {
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
            return new SnapshotModel(manager, network, snapshot.step());
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

    @Override
    public void close() {
        manager.close();
    }
}

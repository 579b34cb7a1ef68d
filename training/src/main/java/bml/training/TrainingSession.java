package bml.training;

import bml.config.ModelSettings;
import bml.config.TrainingSettings;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One network being trained: it owns the DJL model and its memory, the optimiser and the loss, and runs
 * the training step forward, loss, backward, update.
 *
 * <p>Why a session object: the trainer feeds it batches of augmented uint8 views with their random labels
 * and needs, between steps, snapshots for the probe, checkpoints to survive crashes, and hot changes of
 * the learning rate. Every per-step array lives in a sub-manager closed at the end of the step, and the
 * batch buffers are reused, so a long run neither leaks native memory nor churns the Java heap.
 *
 * <p><b>Not thread-safe:</b> call it from one thread at a time. Only one session per JVM may be inside
 * {@link #step} at any moment (DJL's PyTorch gradient collector is process-wide); {@link SnapshotModel}s
 * built from its snapshots may run concurrently on other threads.
 */
public final class TrainingSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingSession.class);

    private final Device device;
    private final Model model;
    private final NDManager manager;
    private final TappedNetwork network;
    private final ParameterStore store;
    private final List<String> names;
    private final List<Parameter> parameters;
    private final List<NDArray> views;
    private final List<Parameter> trainable;
    private final ParameterOptimizer optimizer;
    private final LossFunction loss;
    private final BatchBuffers buffers;
    private final Mixup mixup;
    private long steps;
    private boolean closed;

    /**
     * Builds the network on the configured device and initialises it from {@code seed}.
     *
     * @param channels image channels; {@code height}, {@code width} image size in pixels
     * @param numClasses number of label classes (the logits' width)
     * @param seed the seed of the initial weights ({@code BmlSettings.initSeed()}: {@code bml.seeds.init}, the root
     *     seed unless set); weight {@code i} comes from {@code Seeds.random(seed, "init", i)} ({@link WeightInit})
     * @throws IllegalArgumentException naming the setting when a setting is invalid
     */
    public TrainingSession(ModelSettings modelSettings, TrainingSettings training, int channels, int height,
            int width, int numClasses, long seed) {
        this(modelSettings, training, channels, height, width, numClasses, seed, Mixup.OFF);
    }

    /**
     * As {@link #TrainingSession(ModelSettings, TrainingSettings, int, int, int, int, long)}, with the batches
     * mixed by {@code mixup} before the forward pass (the targets stay the views' own labels).
     */
    public TrainingSession(ModelSettings modelSettings, TrainingSettings training, int channels, int height,
            int width, int numClasses, long seed, Mixup mixup) {
        this.mixup = java.util.Objects.requireNonNull(mixup, "mixup");
        if (training.batchSize() <= 0) {
            throw new IllegalArgumentException("training.batch-size: expected > 0, got " + training.batchSize());
        }
        this.loss = LossFunction.of(training.loss());
        this.network = TappedNetwork.build(modelSettings, channels, height, width, numClasses);
        EngineThreads.apply(training.threads());
        this.device = Devices.resolve(training.device());
        this.model = Model.newInstance("bml-" + modelSettings.encoder(), device);
        try {
            model.setBlock(network);
            this.manager = model.getNDManager();
            network.initializeFromSeed(manager, seed);
            ParameterList list = network.getParameters();
            this.names = List.copyOf(list.keys());
            this.parameters = List.copyOf(list.values());
            List<NDArray> allViews = new ArrayList<>();
            List<Parameter> grads = new ArrayList<>();
            List<NDArray> weightViews = new ArrayList<>();
            List<String> weightNames = new ArrayList<>();
            for (int i = 0; i < parameters.size(); i++) {
                NDArray view = parameters.get(i).getArray().stopGradient();
                allViews.add(view);
                if (parameters.get(i).requiresGradient()) {
                    grads.add(parameters.get(i));
                    weightViews.add(view);
                    weightNames.add(names.get(i));
                }
            }
            this.views = List.copyOf(allViews);
            this.trainable = List.copyOf(grads);
            this.optimizer = ParameterOptimizer.create(training.optimizer(), weightViews, weightNames, manager,
                    training.lr(), training.momentum());
            this.store = new ParameterStore(manager, false);
            this.buffers = new BatchBuffers(channels, height, width, numClasses, training.batchSize());
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        LOG.info("Training session [{}] on [{}]: {} parameter tensors, optimizer [{}], loss [{}]",
                modelSettings.encoder(), device, parameters.size(), optimizer.kind(), training.loss());
    }

    /**
     * Trains on one batch: mixup (when on), forward in training mode, loss, backward, optimiser update.
     *
     * @param pixels {@code count} uint8 CHW images, concatenated (extra bytes are ignored)
     * @param labels the training label of each image, in [0, numClasses)
     * @param count the number of images in the batch
     * @return the batch loss and accuracy, measured before the update
     * @throws NonFiniteLossException when the loss is NaN or infinite; no update is applied
     * @throws IllegalArgumentException when the batch is malformed
     */
    public StepResult step(byte[] pixels, int[] labels, int count) {
        checkOpen();
        buffers.stage(pixels, labels, count);
        long number = steps + 1;
        try (NDManager scope = manager.newSubManager()) {
            NDArray images = mixup.apply(buffers.images(scope, count), number);
            NDArray target = buffers.oneHot(scope, count);
            NDArray logits;
            NDArray lossValue;
            try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                NDList outputs = network.forward(store, new NDList(images), true);
                logits = outputs.get(outputs.size() - 1);
                lossValue = loss.compute(logits, target);
                collector.backward(lossValue);
            }
            NDArray correct = logits.argMax(1).eq(buffers.labels(scope, count)).sum().toType(DataType.FLOAT32,
                    false);
            float[] stats = lossValue.stopGradient().reshape(1).concat(correct.reshape(1)).toFloatArray();
            List<NDArray> gradients = gradients(scope);
            try {
                if (!Float.isFinite(stats[0])) {
                    throw new NonFiniteLossException(number, stats[0], optimizer.learningRate());
                }
                optimizer.step(gradients, scope);
            } finally {
                for (NDArray gradient : gradients) {
                    Tensors.zero(gradient);
                }
            }
            steps = number;
            return new StepResult(stats[0], stats[1] / count);
        }
    }

    private List<NDArray> gradients(NDManager scope) {
        List<NDArray> gradients = new ArrayList<>(trainable.size());
        for (Parameter parameter : trainable) {
            NDArray gradient = parameter.getArray().getGradient();
            gradient.attach(scope);
            gradients.add(gradient);
        }
        return gradients;
    }

    /** Changes the learning rate from the next step on (hot reload). */
    public void setLearningRate(double lr) {
        optimizer.setLearningRate(lr);
    }

    /** The learning rate the next step will use. */
    public double learningRate() {
        return optimizer.learningRate();
    }

    /** Changes the SGD momentum from the next step on (hot reload); Adam ignores it. */
    public void setMomentum(double momentum) {
        optimizer.setMomentum(momentum);
    }

    /** The number of training steps done (restored by {@link #loadCheckpoint}). */
    public long step() {
        return steps;
    }

    /** The device the network trains on. */
    public Device device() {
        return device;
    }

    /** The tapped layer names of the network, in forward order. */
    public List<String> layerNames() {
        return network.layerNames();
    }

    /** Copies every parameter (BatchNorm running statistics included) to the host. */
    public WeightSnapshot snapshot() {
        checkOpen();
        return WeightSnapshot.adopt(steps, weights());
    }

    private List<TensorData> weights() {
        List<TensorData> copies = new ArrayList<>(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            copies.add(copyOf(i));
        }
        return copies;
    }

    private TensorData copyOf(int i) {
        NDArray array = parameters.get(i).getArray();
        return new TensorData(names.get(i), array.getShape().getShape(), array.toFloatArray());
    }

    /**
     * Saves weights, optimiser state, step and {@code resume} to {@code file} atomically (via
     * {@code <file>.tmp} and a rename), so a crash never leaves a half-written checkpoint under the name.
     *
     * @throws CheckpointException naming the file when it cannot be written
     */
    public void saveCheckpoint(Path file, ResumeData resume) {
        checkOpen();
        List<TensorData> lazyWeights = new AbstractList<>() {
            @Override
            public TensorData get(int index) {
                return copyOf(index);
            }

            @Override
            public int size() {
                return parameters.size();
            }
        };
        CheckpointFile.write(file, new CheckpointData(steps, resume, lazyWeights,
                optimizer.exportState()));
        LOG.debug("Checkpoint [{}] written at step [{}]", file, steps);
    }

    /**
     * Restores weights, optimiser state (learning rate and momentum included) and step from {@code file}.
     * The file is fully verified before anything changes.
     *
     * @return the resume data stored with the checkpoint
     * @throws CheckpointException naming the file when it is missing, truncated, corrupt or from another model
     */
    public ResumeData loadCheckpoint(Path file) {
        checkOpen();
        CheckpointData data = CheckpointFile.read(file);
        if (data.weights().size() != parameters.size()) {
            throw new CheckpointException(file, "holds " + data.weights().size() + " parameter tensors, this "
                    + "network has " + parameters.size() + ": it was saved from a different model");
        }
        for (int i = 0; i < parameters.size(); i++) {
            TensorData saved = data.weights().get(i);
            long[] shape = parameters.get(i).getArray().getShape().getShape();
            if (!saved.name().equals(names.get(i)) || !Arrays.equals(saved.shape(), shape)) {
                throw new CheckpointException(file, "parameter " + i + " is " + saved.name() + " "
                        + Tensors.describe(saved.shape()) + ", this network has " + names.get(i) + " "
                        + Tensors.describe(shape) + ": it was saved from a different model");
            }
        }
        String mismatch = optimizer.mismatch(data.optimizer());
        if (mismatch != null) {
            throw new CheckpointException(file, mismatch);
        }
        if (data.step() < 0) {
            throw new CheckpointException(file, "negative step " + data.step());
        }
        for (int i = 0; i < parameters.size(); i++) {
            Tensors.copyInto(views.get(i), data.weights().get(i).values());
        }
        optimizer.importState(data.optimizer());
        steps = data.step();
        LOG.info("Checkpoint [{}] restored at step [{}]", file, steps);
        return data.resume();
    }

    /** Training-mode forward of the live network (BatchNorm on batch statistics), for tests of {@link #step}. */
    NDList forwardTraining(NDArray images) {
        return network.forward(store, new NDList(images), true);
    }

    /** Inference-mode forward of the live network, for tests comparing it with a {@link SnapshotModel}. */
    NDList evaluate(NDArray images) {
        return network.forward(store, new NDList(images), false);
    }

    NDManager manager() {
        return manager;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("training session is closed");
        }
    }

    /** Frees the network, optimiser state and all native memory of the session. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            model.close();
        }
    }
}

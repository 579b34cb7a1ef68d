package bml.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import bml.config.Optimizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Updates the trainable weights in place from their gradients, and owns the state it needs to do so.
 *
 * <p>Why not DJL's {@code Optimizer}: its state cannot be exported, and bml's checkpoints must restore the
 * moments and step count exactly so that a resumed run continues bit for bit. The weights handed in are
 * gradient-free views sharing storage with the parameters, because PyTorch refuses in-place updates of
 * leaf tensors that require gradients on threads where gradient mode is on. Not thread-safe.
 */
abstract class ParameterOptimizer {

    protected final List<NDArray> weights;
    protected double learningRate;
    protected double momentum;
    protected long updates;
    private final List<String> names;
    private final List<String> slots;
    private final List<List<NDArray>> state = new ArrayList<>();

    /**
     * @param weights gradient-free views of the trainable parameters
     * @param names their parameter names, for the state's names
     * @param slots the per-parameter state arrays, in order (e.g. m, v), each created zero on {@code manager}
     */
    ParameterOptimizer(List<NDArray> weights, List<String> names, List<String> slots, NDManager manager,
            double learningRate, double momentum) {
        this.weights = List.copyOf(weights);
        this.names = List.copyOf(names);
        this.slots = List.copyOf(slots);
        for (int s = 0; s < slots.size(); s++) {
            List<NDArray> arrays = new ArrayList<>(weights.size());
            for (NDArray w : weights) {
                arrays.add(manager.zeros(w.getShape(), w.getDataType()));
            }
            state.add(List.copyOf(arrays));
        }
        setLearningRate(learningRate);
        setMomentum(momentum);
    }

    /** Creates the optimiser the {@code training.optimizer} setting names. */
    static ParameterOptimizer create(Optimizer kind, List<NDArray> weights, List<String> names, NDManager manager,
            double learningRate, double momentum) {
        return switch (kind) {
            case ADAM -> new AdamOptimizer(weights, names, manager, learningRate, momentum);
            case SGD -> new SgdOptimizer(weights, names, manager, learningRate, momentum);
        };
    }

    abstract String kind();

    /** Applies one update to parameter {@code i}; temporaries must come from state or gradient arrays. */
    protected abstract void update(int i, NDArray gradient, List<NDArray> slotArrays);

    /**
     * Applies one update to every weight; {@code gradients} match the weights in order. All temporaries die
     * with {@code scope}: the state arrays are attached to it for the duration, then handed back.
     */
    final void step(List<NDArray> gradients, NDManager scope) {
        for (List<NDArray> arrays : state) {
            for (NDArray array : arrays) {
                array.tempAttach(scope);
            }
        }
        updates++;
        List<NDArray> slotArrays = new ArrayList<>(state.size());
        for (int i = 0; i < weights.size(); i++) {
            slotArrays.clear();
            for (List<NDArray> arrays : state) {
                slotArrays.add(arrays.get(i));
            }
            update(i, gradients.get(i), slotArrays);
        }
    }

    final void setLearningRate(double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("training.lr: expected a finite value > 0, got " + value);
        }
        learningRate = value;
    }

    final double learningRate() {
        return learningRate;
    }

    final void setMomentum(double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException("training.momentum: expected a value in [0, 1), got " + value);
        }
        momentum = value;
    }

    /** Copies the state to the host. */
    final OptimizerState exportState() {
        List<TensorData> tensors = new ArrayList<>();
        for (int s = 0; s < slots.size(); s++) {
            for (int i = 0; i < weights.size(); i++) {
                NDArray array = state.get(s).get(i);
                tensors.add(new TensorData(slots.get(s) + "/" + names.get(i), array.getShape().getShape(),
                        array.toFloatArray()));
            }
        }
        return new OptimizerState(kind(), learningRate, momentum, updates, tensors);
    }

    /** Why {@code saved} cannot be imported, or null when it fits this optimiser. */
    final String mismatch(OptimizerState saved) {
        if (!kind().equals(saved.kind())) {
            return "optimizer is " + saved.kind() + ", this session uses " + kind();
        }
        if (saved.tensors().size() != slots.size() * weights.size()) {
            return "optimizer state has " + saved.tensors().size() + " arrays, this session needs "
                    + slots.size() * weights.size();
        }
        for (int s = 0; s < slots.size(); s++) {
            for (int i = 0; i < weights.size(); i++) {
                TensorData t = saved.tensors().get(s * weights.size() + i);
                String name = slots.get(s) + "/" + names.get(i);
                long[] shape = state.get(s).get(i).getShape().getShape();
                if (!t.name().equals(name) || !Arrays.equals(t.shape(), shape)) {
                    return "optimizer state " + t.name() + " " + Tensors.describe(t.shape())
                            + " does not match " + name + " " + Tensors.describe(shape);
                }
            }
        }
        if (saved.updates() < 0) {
            return "optimizer update count is negative: " + saved.updates();
        }
        return null;
    }

    /** Restores state checked by {@link #mismatch(OptimizerState)}. */
    final void importState(OptimizerState saved) {
        for (int s = 0; s < slots.size(); s++) {
            for (int i = 0; i < weights.size(); i++) {
                Tensors.copyInto(state.get(s).get(i), saved.tensors().get(s * weights.size() + i).values());
            }
        }
        setLearningRate(saved.learningRate());
        setMomentum(saved.momentum());
        updates = saved.updates();
    }
}

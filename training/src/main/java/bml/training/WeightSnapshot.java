package bml.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An immutable host copy of every network parameter (BatchNorm running statistics included) at one step.
 *
 * <p>Why: the probe runs on other threads while training continues, so it must read weights that can no
 * longer change and that hold no engine memory; a {@link SnapshotModel} rebuilds a network from it.
 * Accessors hand out copies, so no caller can alter a snapshot another thread is reading.
 */
public final class WeightSnapshot {

    private final long step;
    private final List<TensorData> tensors;

    /**
     * Copies the given parameters.
     *
     * @param step the number of training steps done when the weights were taken
     * @param names parameter names, in network order
     * @param shapes one shape per name
     * @param values one row-major array per name, of the shape's size
     */
    public WeightSnapshot(long step, List<String> names, List<long[]> shapes, List<float[]> values) {
        if (names.size() != shapes.size() || names.size() != values.size()) {
            throw new IllegalArgumentException("snapshot needs one shape and one value array per name: "
                    + names.size() + " names, " + shapes.size() + " shapes, " + values.size() + " value arrays");
        }
        List<TensorData> copies = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            copies.add(new TensorData(names.get(i), shapes.get(i).clone(), values.get(i).clone()));
        }
        this.step = step;
        this.tensors = Collections.unmodifiableList(copies);
    }

    private WeightSnapshot(long step, List<TensorData> owned) {
        this.step = step;
        this.tensors = Collections.unmodifiableList(owned);
    }

    /** Wraps freshly copied tensors without copying them again; the caller must not keep references. */
    static WeightSnapshot adopt(long step, List<TensorData> owned) {
        return new WeightSnapshot(step, new ArrayList<>(owned));
    }

    /** The number of training steps done when the weights were taken. */
    public long step() {
        return step;
    }

    /** The number of parameter tensors. */
    public int size() {
        return tensors.size();
    }

    /** Parameter names in network order. */
    public List<String> names() {
        List<String> names = new ArrayList<>(tensors.size());
        for (TensorData t : tensors) {
            names.add(t.name());
        }
        return Collections.unmodifiableList(names);
    }

    /** The name of parameter {@code i}. */
    public String name(int i) {
        return tensors.get(i).name();
    }

    /** A copy of the shape of parameter {@code i}. */
    public long[] shape(int i) {
        return tensors.get(i).shape().clone();
    }

    /** A copy of the row-major values of parameter {@code i}. */
    public float[] values(int i) {
        return tensors.get(i).values().clone();
    }


    /** Parameter {@code i} without copying, for loading into engine arrays inside this package. */
    TensorData tensor(int i) {
        return tensors.get(i);
    }
}

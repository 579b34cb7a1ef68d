package bml.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A parameter store that hands out replacement values for some parameters and the parameters' own for the rest.
 *
 * <p>Why: BatchNorm recalibration runs a frozen network with new running statistics, layer after layer, without
 * writing into the network, which other threads may be reading.
 */
final class SubstitutedParameters extends ParameterStore {

    private final Map<Parameter, NDArray> substitutes = new IdentityHashMap<>();

    SubstitutedParameters(NDManager manager) {
        super(manager, false);
    }

    /** From now on, forward passes read {@code value} where they would read {@code parameter}. */
    void substitute(Parameter parameter, NDArray value) {
        substitutes.put(parameter, value);
    }

    boolean isSubstituted(Parameter parameter) {
        return substitutes.containsKey(parameter);
    }

    /** The value forward passes read for {@code parameter}: its substitute, or its own array. */
    NDArray valueOf(Parameter parameter) {
        NDArray substitute = substitutes.get(parameter);
        return substitute != null ? substitute : parameter.getArray();
    }

    @Override
    public NDArray getValue(Parameter parameter, Device device, boolean training) {
        NDArray substitute = substitutes.get(parameter);
        return substitute != null ? substitute : super.getValue(parameter, device, training);
    }
}

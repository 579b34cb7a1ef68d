package bml.training;

import java.util.List;

/**
 * A host copy of an optimiser's hyper-parameters, update count and per-parameter state, for checkpoints.
 *
 * @param kind {@code adam} or {@code sgd}
 * @param learningRate the learning rate in force
 * @param momentum the SGD momentum (kept for Adam too, unused there)
 * @param updates the number of updates applied (Adam's bias-correction step t)
 * @param tensors the state arrays, named {@code <slot>/<parameter name>}
 */
record OptimizerState(String kind, double learningRate, double momentum, long updates, List<TensorData> tensors) {
}

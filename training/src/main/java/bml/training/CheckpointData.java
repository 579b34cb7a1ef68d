package bml.training;

import java.util.List;
import java.util.Map;

/**
 * Everything a checkpoint holds.
 *
 * @param step training steps done
 * @param extras caller-defined key/value pairs (e.g. the view-stream position), stored verbatim
 * @param weights every network parameter, BatchNorm running statistics included, in network order
 * @param optimizer the optimiser's hyper-parameters, update count and state
 */
record CheckpointData(long step, Map<String, String> extras, List<TensorData> weights, OptimizerState optimizer) {
}

package bml.training;

import java.util.List;

/**
 * Everything a checkpoint holds.
 *
 * @param step training steps done
 * @param resume where the run stood in the views stream and its settings
 * @param weights every network parameter, BatchNorm running statistics included, in network order
 * @param optimizer the optimiser's hyper-parameters, update count and state
 */
record CheckpointData(long step, ResumeData resume, List<TensorData> weights, OptimizerState optimizer) {
}

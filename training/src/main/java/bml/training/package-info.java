/**
 * The trained network: DJL models whose every stage can be tapped, the training step with its optimisers and
 * losses, immutable weight snapshots for probing, and crash-safe checkpoints.
 */
package bml.training;

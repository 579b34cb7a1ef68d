/**
 * The actors of a streaming bml experiment and their protocols: the guardian, augmentation workers, the trainer,
 * probes, the metrics hub, the live-config watcher, and the sweep that runs many experiments.
 */
package bml.actors;

/** The actors of a streaming bml experiment: augmentation workers, the trainer, probes and the metrics hub. */
package bml.actors;

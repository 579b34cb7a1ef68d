/**
 * Datasets (generated shapes, IDX, CIFAR binary), fixed random labels and fast byte-level augmentation pipelines
 * that render the deterministic view stream of a benign-memorization experiment.
 */
package bml.augmentation;

/**
 * Per-layer k-NN probing of model snapshots: pooled, L2-normalised features per tapped layer and an exact cosine
 * k-nearest-neighbour classifier over them, as in the paper's evaluation protocol (reference/paper.md §2).
 */
package bml.probing;

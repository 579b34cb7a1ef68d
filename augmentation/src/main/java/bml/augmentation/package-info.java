/**
 * Fast byte-level augmentation: the ops (crops, flip, colour jitter, grayscale), the named pipelines built from
 * them, the renderer of the deterministic view stream and the view grids of {@code bml views}.
 */
package bml.augmentation;

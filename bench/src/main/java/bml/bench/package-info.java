/**
 * Benchmarks of the libraries (augmentation, the bare training step, k-NN) and the PyTorch reference they are
 * compared with in one sitting; they print figures and are never run by the tests.
 */
package bml.bench;

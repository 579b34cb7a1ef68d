/**
 * Image data: the generated shapes set, IDX and CIFAR-binary readers that check their input, the embedded
 * Fashion-MNIST slice with its checksums, and the random labels a run trains on.
 */
package bml.data;

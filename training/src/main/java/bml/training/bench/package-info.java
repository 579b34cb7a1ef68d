/** Benchmark mains that print the speed of the training step, kept out of the unit tests. */
package bml.training.bench;

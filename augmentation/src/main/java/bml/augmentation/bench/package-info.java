/** Single-thread throughput benchmarks of the augmentation pipelines, run as plain mains outside the test suite. */
package bml.augmentation.bench;

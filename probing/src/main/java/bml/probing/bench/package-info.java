/** Benchmark mains that print probe and k-NN timings; speed targets live here, never in unit tests. */
package bml.probing.bench;

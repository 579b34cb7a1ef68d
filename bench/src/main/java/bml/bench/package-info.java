/** Benchmarks that measure bml beside its references on the same machine, kept out of the unit tests. */
package bml.bench;

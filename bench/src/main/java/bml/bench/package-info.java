/** Benchmark mains for the libraries: they print figures and are never run by the tests. */
package bml.bench;

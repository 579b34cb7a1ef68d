/** Benchmark mains for the running system and its HTTP API: they print figures and are never run by the tests. */
package bml.app.bench;

/** Benchmark mains for the HTTP API: they print figures and are never run by the tests. */
package bml.actors.http.bench;

/** Starting an experiment: its actor system, coordinated shutdown and HTTP API, as {@code bml run} uses them. */
package bml.app;

/** The {@code bml} command line: {@code run} starts an experiment, {@code views} shows what the trainer sees. */
package bml.actors.cli;

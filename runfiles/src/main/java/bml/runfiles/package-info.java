/**
 * The files a run leaves behind, typed: where each lives in the run directory, the metric records and the summary as
 * records with their one JSON codec, how a run ended, and atomic writes, shared by the actors that write them and by
 * every reader (watch, HTTP, reproduce).
 */
package bml.runfiles;

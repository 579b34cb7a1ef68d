/**
 * {@code bml reproduce}: runs the paper's conditions as a sweep of ordinary bml runs and writes one report whose
 * verdicts on claims C1–C5 come from rules fixed in this package before any run starts.
 */
package bml.reproduce;

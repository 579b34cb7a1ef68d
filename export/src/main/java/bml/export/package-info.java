/**
 * Exports a run's {@code metrics.jsonl} as tidy CSV files (one per record type) or as TensorBoard event files,
 * offline for a run or a sweep directory, or live one record at a time. Self-contained: TFRecord framing, a minimal
 * protocol-buffers encoder and the few TensorBoard messages needed are written here, with no TensorFlow dependency.
 */
package bml.export;

/**
 * The Chronicle Queue plumbing of a run: the queue factory, the view record codec and batch reader, the end of the
 * view stream on resume, the free-disk floor and the retention of consumed view cycles.
 */
package bml.actors.queue;

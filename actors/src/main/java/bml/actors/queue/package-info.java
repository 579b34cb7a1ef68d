/** Chronicle Queue access for bml: the view and metrics record formats and the queue factory. */
package bml.actors.queue;

/**
 * {@code bml serve}: one loopback server over every run and sweep under a directory, finished or live. A runs page
 * lists them (filter, sort) and a compare page overlays the selected runs' per-layer k-NN, loss and fit, with their
 * configuration differences; live runs update through Server-Sent Events tailed from their metrics queues.
 *
 * <p>The page and its JSON API are one reusable component ({@link bml.app.serve.LabRoutes} over a
 * {@link bml.app.serve.RunCatalog}): anything that can name run directories, such as a sweep coordinator, serves
 * the same page with its own listing.
 */
package bml.app.serve;

/**
 * Sweeps on a Pekko Cluster of worker JVMs: the coordinator singleton that holds the plan, workers that pull runs and
 * train them as ordinary bml runs, results copied home in checksummed chunks, and the secret a worker must prove.
 */
package bml.cluster;

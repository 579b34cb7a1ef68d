/**
 * The sweep's live view over HTTP, served by the coordinator: its state as JSON and Server-Sent Events, a dashboard
 * page, and each run's own API and dashboard passed through, so one address shows the whole sweep.
 */
package bml.cluster.http;

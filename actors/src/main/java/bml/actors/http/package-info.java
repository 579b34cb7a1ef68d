/** The run's HTTP API: status, live metrics as Server-Sent Events, Prometheus gauges, hot reload and run control. */
package bml.actors.http;

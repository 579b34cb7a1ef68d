/**
 * The run's HTTP API: status, live metrics as Server-Sent Events, Prometheus gauges, hot reload, run control and
 * a self-contained live dashboard.
 */
package bml.app.http;

/**
 * Metrics for Lambda functions without reflection or a background timer:
 * {@link dev.slipstream.metrics.Measured} methods get a decorator written at compile time by
 * {@code slipstream-metrics-processor}; {@link dev.slipstream.metrics.Metrics} aggregates what is
 * recorded and hands a batch to its sinks on {@link dev.slipstream.metrics.Metrics#flush()} —
 * {@link dev.slipstream.metrics.EmfSink} (CloudWatch Embedded Metric Format on stdout) or
 * {@link dev.slipstream.metrics.CloudWatchSink} (batched PutMetricData).
 */
package dev.slipstream.metrics;

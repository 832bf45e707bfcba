package dev.slipstream.metrics;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one {@link Metrics#flush()} hands to each sink. Immutable.
 *
 * @param namespace the CloudWatch namespace
 * @param timestamp when the batch was flushed
 * @param data every metric recorded since the previous flush
 * @param metadata key-value pairs for the log line, not metrics (EMF only)
 */
public record MetricBatch(String namespace, Instant timestamp, List<MetricDatum> data,
    Map<String, String> metadata) {}

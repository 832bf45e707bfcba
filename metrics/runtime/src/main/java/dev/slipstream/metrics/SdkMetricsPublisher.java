package dev.slipstream.metrics;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;

/**
 * Feeds the AWS SDK's own call metrics into {@link Metrics}, so SDK latencies and retries reach EMF
 * with no code at the call sites:
 *
 * <pre>{@code
 * DynamoDbClient dynamo = ClientSetup.builder()
 *     .addMetricPublisher(SdkMetricsPublisher.to(METRICS))
 *     .build()
 *     .build(DynamoDbClient.builder());
 * }</pre>
 *
 * <p>Add it through {@code ClientSetup}, not the client builder's {@code
 * overrideConfiguration(...)}: that call replaces the whole override configuration, Slipstream's
 * timeouts and retry mode included.
 *
 * Per call it records {@code SdkLatency} (milliseconds), {@code SdkRetries} and, when the call
 * failed, {@code SdkErrors}, with the dimensions {@code Service} and {@code Operation}.
 */
public final class SdkMetricsPublisher implements MetricPublisher {

  private final Metrics metrics;

  private SdkMetricsPublisher(Metrics metrics) {
    this.metrics = metrics;
  }

  /**
   * A publisher into {@code metrics}.
   *
   * @param metrics the recorder the SDK's call metrics go to
   * @return a new publisher
   */
  public static SdkMetricsPublisher to(Metrics metrics) {
    return new SdkMetricsPublisher(requireNonNull(metrics, "metrics must not be null"));
  }

  @Override
  public void publish(MetricCollection collection) {
    String service = first(collection.metricValues(CoreMetric.SERVICE_ID), "Unknown");
    String operation = first(collection.metricValues(CoreMetric.OPERATION_NAME), "Unknown");
    Map<String, String> dimensions = Map.of("Service", service, "Operation", operation);
    Duration duration = first(collection.metricValues(CoreMetric.API_CALL_DURATION), null);
    if (duration != null) {
      metrics.time("SdkLatency", duration.toNanos(), dimensions);
    }
    Integer retries = first(collection.metricValues(CoreMetric.RETRY_COUNT), 0);
    metrics.count("SdkRetries", retries, dimensions);
    Boolean ok = first(collection.metricValues(CoreMetric.API_CALL_SUCCESSFUL), Boolean.TRUE);
    if (!ok) {
      metrics.count("SdkErrors", 1, dimensions);
    }
  }

  @Override
  public void close() {
    // Nothing held: Metrics is flushed by its owner.
  }

  private static <T> T first(List<T> values, T fallback) {
    return values.isEmpty() || values.get(0) == null ? fallback : values.get(0);
  }
}

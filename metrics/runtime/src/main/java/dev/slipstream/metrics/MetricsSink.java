package dev.slipstream.metrics;

import java.time.Duration;

/** Where flushed metrics go. Implementations must be thread-safe. */
public interface MetricsSink {

  /**
   * Takes a batch. May throw; {@link Metrics} catches, logs and counts it, and never lets it reach
   * the code that recorded.
   *
   * @param batch the metrics of one flush; the sink must not keep it past this call
   */
  void publish(MetricBatch batch);

  /**
   * Waits until what was published is delivered, or {@code timeout} passes; for sinks that send
   * in the background.
   *
   * @param timeout how long to wait at most
   * @return whether everything was delivered
   */
  default boolean awaitDelivery(Duration timeout) {
    return true;
  }
}

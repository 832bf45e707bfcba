package dev.slipstream.core;

/**
 * Somewhere to record a measured value. {@code slipstream-metrics}' {@code Metrics} implements it,
 * so that modules such as the profiler can report measurements without depending on the metrics
 * module.
 */
@FunctionalInterface
public interface MetricRecorder {

  /**
   * Records one value.
   *
   * @param name the metric's name
   * @param value the value
   * @param unit a CloudWatch unit name, such as {@code Megabytes}, {@code Milliseconds} or
   *     {@code Count}
   */
  void record(String name, double value, String unit);
}

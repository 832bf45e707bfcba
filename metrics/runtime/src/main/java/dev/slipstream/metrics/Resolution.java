package dev.slipstream.metrics;

/**
 * How finely CloudWatch stores a metric: {@link #STANDARD} (one-minute periods) or {@link #HIGH}
 * (down to one second; billed as a high-resolution custom metric). Written as EMF's
 * {@code StorageResolution} and PutMetricData's {@code StorageResolution}.
 *
 * <pre>{@code
 * metrics.record("QueueDepth", depth, Unit.COUNT, Map.of(), Resolution.HIGH);
 * }</pre>
 *
 * <p>CloudWatch keeps one resolution per metric: a {@link Metrics} rejects a second resolution
 * for a metric (name, unit and dimensions) it already holds.
 */
public enum Resolution {
  /** One-minute storage, CloudWatch's default: {@code StorageResolution} 60. */
  STANDARD(60),
  /** One-second storage: {@code StorageResolution} 1. */
  HIGH(1);

  private final int seconds;

  Resolution(int seconds) {
    this.seconds = seconds;
  }

  /**
   * The value CloudWatch takes as {@code StorageResolution}.
   *
   * @return 60 or 1
   */
  public int seconds() {
    return seconds;
  }
}

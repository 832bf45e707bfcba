package dev.slipstream.metrics;

/**
 * A handle on one metric (name, unit, dimensions), resolved once: recording through it allocates
 * nothing and looks nothing up. The generated {@code Measured*} decorators hold one per measured
 * method and metric. Thread-safe.
 */
public final class Metric {

  private static final double NANOS_PER_MILLI = 1_000_000.0;

  private final Aggregate aggregate;

  Metric(Aggregate aggregate) {
    this.aggregate = aggregate;
  }

  /**
   * Records one value.
   *
   * @throws IllegalArgumentException if {@code value} is NaN or infinite
   */
  public void record(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("metric value must be finite, but was " + value);
    }
    aggregate.add(value, 1);
  }

  /** Records a duration given in nanoseconds, in fractional milliseconds. */
  public void recordNanos(long nanos) {
    aggregate.add(nanos / NANOS_PER_MILLI, 1);
  }

  /** Adds one to a counter. */
  public void increment() {
    aggregate.add(1, 1);
  }

  /** Adds {@code n} to a counter. */
  public void increment(long n) {
    aggregate.add(n, 1);
  }
}

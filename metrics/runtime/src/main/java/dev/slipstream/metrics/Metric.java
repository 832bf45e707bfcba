package dev.slipstream.metrics;

import dev.slipstream.metrics.Aggregate.Kind;
import java.util.Map;

/**
 * A handle on one metric (name, unit, dimensions), resolved once: recording through it allocates
 * nothing and looks nothing up. The generated {@code Measured*} decorators hold one per measured
 * method and metric. If the metric is forgotten for being idle (see
 * {@link Metrics.Builder#evictAfterIdleFlushes}), the handle makes it again on its next value.
 * Thread-safe.
 *
 * <pre>{@code
 * Metric orderSize = metrics.metric("OrderSize", Unit.COUNT, Map.of("Channel", "web"));
 * orderSize.record(order.lines().size());
 * }</pre>
 */
public final class Metric {

  private static final double NANOS_PER_MILLI = 1_000_000.0;

  private final MetricRegistry registry;
  private final String name;
  private final Unit unit;
  private final Map<String, String> dimensions;
  private final Kind kind;
  private final Resolution resolution; // null: whatever the metric has
  private volatile Aggregate aggregate;

  Metric(MetricRegistry registry, String name, Unit unit, Map<String, String> dimensions,
      Kind kind, Resolution resolution, Aggregate aggregate) {
    this.registry = registry;
    this.name = name;
    this.unit = unit;
    this.dimensions = dimensions;
    this.kind = kind;
    this.resolution = resolution;
    this.aggregate = aggregate;
  }

  /**
   * Records one value.
   *
   * @param value a finite number
   * @throws IllegalArgumentException if {@code value} is NaN or infinite
   */
  public void record(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value of metric '" + name + "' must be finite, but was "
          + value);
    }
    add(value);
  }

  /**
   * Records a duration given in nanoseconds, in fractional milliseconds.
   *
   * @param nanos the duration
   */
  public void recordNanos(long nanos) {
    add(nanos / NANOS_PER_MILLI);
  }

  /** Adds one to a counter. */
  public void increment() {
    add(1);
  }

  /**
   * Adds {@code n} to a counter.
   *
   * @param n the amount
   */
  public void increment(long n) {
    add(n);
  }

  private void add(double value) {
    if (!aggregate.record(value, 0)) {
      reattach(value);
    }
  }

  /** The metric was forgotten (or never held, at the cap): make it again, if there is room. */
  private void reattach(double value) {
    Aggregate current;
    do {
      current = registry.resolve(name, unit, dimensions, kind, resolution, false);
      if (current == null) {
        return; // the cap: dropped and counted
      }
    } while (!current.record(value, 0));
    aggregate = current;
    if (current.handle == null) {
      current.handle = this;
    }
  }
}

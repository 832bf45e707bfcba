package dev.slipstream.metrics;

import dev.slipstream.metrics.Aggregate.Kind;
import java.util.Map;

/**
 * Times one operation: every {@link #record} adds to {@value #LATENCY} (milliseconds, fractional),
 * {@value #COUNT} and {@value #ERRORS} (0 or 1 per call, so that an error rate can be computed),
 * in one update and without allocating. The generated {@code Measured*} decorators hold one per
 * measured method. Thread-safe.
 *
 * <pre>{@code
 * Timer timer = metrics.timer(Map.of("Operation", "charge"));
 * long start = System.nanoTime();
 * boolean failed = true;
 * try {
 *   charge(order);
 *   failed = false;
 * } finally {
 *   timer.record(System.nanoTime() - start, failed);
 * }
 * }</pre>
 */
public final class Timer {

  /** The latency metric's name. */
  public static final String LATENCY = "Latency";
  /** The call-count metric's name. */
  public static final String COUNT = "Count";
  /** The failed-call metric's name. */
  public static final String ERRORS = "Errors";

  private static final double NANOS_PER_MILLI = 1_000_000.0;
  private final MetricRegistry registry;
  private final Map<String, String> dimensions;
  private volatile Aggregate aggregate;

  Timer(MetricRegistry registry, Map<String, String> dimensions, Aggregate aggregate) {
    this.registry = registry;
    this.dimensions = dimensions;
    this.aggregate = aggregate;
  }

  /**
   * Records one call.
   *
   * @param nanos how long it took
   * @param failed whether it threw
   */
  public void record(long nanos, boolean failed) {
    double millis = nanos / NANOS_PER_MILLI;
    int error = failed ? 1 : 0;
    if (!aggregate.record(millis, error)) {
      reattach(millis, error);
    }
  }

  /** The timer's metrics were forgotten (or never held, at the cap): make them again. */
  private void reattach(double millis, int error) {
    Aggregate current;
    do {
      current = registry.resolve(LATENCY, Unit.MILLISECONDS, dimensions, Kind.TIMER, null, true);
      if (current == null) {
        return;
      }
    } while (!current.record(millis, error));
    aggregate = current;
    if (current.handle == null) {
      current.handle = this;
    }
  }
}

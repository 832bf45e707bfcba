package dev.slipstream.metrics;

/**
 * Times one operation: every {@link #record} adds to {@value #LATENCY} (milliseconds, fractional),
 * {@value #COUNT} and {@value #ERRORS} (0 or 1 per call, so that an error rate can be computed),
 * under one lock and without allocating. The generated {@code Measured*} decorators hold one per
 * measured method. Thread-safe.
 */
public final class Timer {

  /** The latency metric's name. */
  public static final String LATENCY = "Latency";
  /** The call-count metric's name. */
  public static final String COUNT = "Count";
  /** The failed-call metric's name. */
  public static final String ERRORS = "Errors";

  private static final double NANOS_PER_MILLI = 1_000_000.0;
  private final TimerAggregate aggregate;

  Timer(TimerAggregate aggregate) {
    this.aggregate = aggregate;
  }

  /**
   * Records one call.
   *
   * @param nanos how long it took
   * @param failed whether it threw
   */
  public void record(long nanos, boolean failed) {
    aggregate.record(nanos / NANOS_PER_MILLI, failed);
  }
}

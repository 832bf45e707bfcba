package dev.slipstream.core;

/**
 * A source of monotonic nanoseconds, injected wherever Slipstream measures or waits on time so that
 * tests can move time forward instead of sleeping.
 */
@FunctionalInterface
public interface Ticker {

  /**
   * Nanoseconds from an arbitrary origin; only differences are meaningful.
   *
   * @return the current reading, in nanoseconds
   */
  long read();

  /**
   * The JVM's monotonic clock, {@link System#nanoTime()}.
   *
   * @return the ticker backed by {@link System#nanoTime()}
   */
  static Ticker system() {
    return SystemTicker.INSTANCE;
  }
}

package dev.slipstream.core;

import java.time.Duration;

/** Waits; injected wherever Slipstream backs off, so that tests record sleeps instead of taking them. */
@FunctionalInterface
public interface Sleeper {

  /**
   * Waits for {@code duration}.
   *
   * @param duration how long; zero or negative returns at once
   * @throws InterruptedException if the waiting thread is interrupted
   */
  void sleep(Duration duration) throws InterruptedException;

  /**
   * {@link Thread#sleep(long, int)}, skipping zero and negative durations.
   *
   * @return the sleeper backed by {@link Thread#sleep(long, int)}
   */
  static Sleeper system() {
    return duration -> {
      if (!duration.isNegative() && !duration.isZero()) {
        Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
      }
    };
  }
}

package dev.slipstream.cache;

import dev.slipstream.core.Ticker;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs a recurring failure at most once per interval, with how many were suppressed: a Redis outage
 * must not write one stack trace per request. Thread-safe. Package-private.
 */
final class RateLimitedLog {

  private final Logger log;
  private final Ticker ticker;
  private final long intervalNanos;
  private final AtomicLong nextAllowed;
  private final AtomicLong suppressed = new AtomicLong();

  RateLimitedLog(Logger log, Ticker ticker, long interval, TimeUnit unit) {
    this.log = log;
    this.ticker = ticker;
    this.intervalNanos = unit.toNanos(interval);
    this.nextAllowed = new AtomicLong(ticker.read());
  }

  void warn(String message, Throwable error) {
    long now = ticker.read();
    long allowed = nextAllowed.get();
    if (now - allowed >= 0 && nextAllowed.compareAndSet(allowed, now + intervalNanos)) {
      long skipped = suppressed.getAndSet(0);
      if (skipped > 0) {
        log.warn("{} ({} similar message(s) suppressed)", message, skipped, error);
      } else {
        log.warn(message, error);
      }
    } else {
      suppressed.incrementAndGet();
    }
  }
}

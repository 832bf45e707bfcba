package dev.slipstream.cache;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/** The state of a cache's Redis circuit breaker, as {@link CacheStats} reports it. */
public enum BreakerState {
  /** Commands go to Redis. */
  CLOSED,
  /** Failures tripped it: commands skip Redis until trial calls are allowed. */
  OPEN,
  /** A few trial commands go to Redis; their outcome closes or reopens it. */
  HALF_OPEN,
  /** Held open by hand. */
  FORCED_OPEN,
  /** Turned off: every command goes to Redis. */
  DISABLED,
  /** Records outcomes without ever opening. */
  METRICS_ONLY;

  static BreakerState of(CircuitBreaker.State state) {
    return switch (state) {
      case CLOSED -> CLOSED;
      case OPEN -> OPEN;
      case HALF_OPEN -> HALF_OPEN;
      case FORCED_OPEN -> FORCED_OPEN;
      case DISABLED -> DISABLED;
      case METRICS_ONLY -> METRICS_ONLY;
    };
  }
}

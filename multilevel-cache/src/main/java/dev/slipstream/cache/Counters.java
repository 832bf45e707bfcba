package dev.slipstream.cache;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/** A cache's live counters; {@link #snapshot} makes the immutable {@link CacheStats}. Package-private. */
final class Counters {
  final LongAdder l1Hits = new LongAdder();
  final LongAdder l2Hits = new LongAdder();
  final LongAdder misses = new LongAdder();
  final LongAdder loads = new LongAdder();
  final LongAdder loadFailures = new LongAdder();
  final LongAdder loadNanos = new LongAdder();
  final LongAdder l2Errors = new LongAdder();
  final LongAdder l2Timeouts = new LongAdder();
  final LongAdder l2DecodeErrors = new LongAdder();
  final LongAdder l2Skipped = new LongAdder();
  final LongAdder fencedLoads = new LongAdder();
  final LongAdder revalidations = new LongAdder();

  CacheStats snapshot(CircuitBreaker breaker, PendingWrites pending) {
    return new CacheStats(l1Hits.sum(), l2Hits.sum(), misses.sum(), loads.sum(),
        loadFailures.sum(), Duration.ofNanos(loadNanos.sum()), l2Errors.sum(), l2Timeouts.sum(),
        l2DecodeErrors.sum(), l2Skipped.sum(),
        breaker == null ? null : BreakerState.of(breaker.getState()),
        fencedLoads.sum(), revalidations.sum(), pending == null ? 0 : pending.count(),
        pending == null ? 0 : pending.replayedCount());
  }
}

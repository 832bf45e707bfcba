package dev.slipstream.cache;

import java.time.Duration;

/**
 * A snapshot of a {@link TieredCache}'s counters since it was built. Immutable.
 *
 * @param l1Hits reads answered by the instance's L1
 * @param l2Hits reads answered by Redis
 * @param misses reads that reached the loader
 * @param loads loader calls that returned (bulk loads count once)
 * @param loadFailures loader calls that threw
 * @param totalLoadTime time spent in loaders
 * @param l2Errors Redis commands that failed, or were refused while disconnected
 * @param l2Timeouts Redis commands that took longer than the L2 timeout
 * @param l2DecodeErrors Redis values that did not decode, treated as misses and deleted
 * @param l2Skipped Redis commands not sent because the breaker was open
 * @param breakerState the Redis breaker's state now; {@code null} without an L2
 * @param fencedLoads loaded values not cached because a write of their key came first
 * @param revalidations L1 entries re-checked against Redis after a gap in the broadcasts
 * @param pendingWrites writes Redis has not confirmed yet, waiting to be replayed (now; a replay
 *     in progress moves its writes to {@code replayedWrites} when it returns, which may be just
 *     after other instances received its invalidations — {@link TieredCache#replayPending}
 *     waits for it)
 * @param replayedWrites unconfirmed writes replayed so far
 */
public record CacheStats(
    long l1Hits,
    long l2Hits,
    long misses,
    long loads,
    long loadFailures,
    Duration totalLoadTime,
    long l2Errors,
    long l2Timeouts,
    long l2DecodeErrors,
    long l2Skipped,
    BreakerState breakerState,
    long fencedLoads,
    long revalidations,
    long pendingWrites,
    long replayedWrites) {

  /**
   * Reads in all.
   *
   * @return hits in both tiers plus misses
   */
  public long requests() {
    return l1Hits + l2Hits + misses;
  }

  /**
   * Share of reads answered by either tier.
   *
   * @return between 0 and 1; 1 when there were none
   */
  public double hitRate() {
    long requests = requests();
    return requests == 0 ? 1.0 : (double) (l1Hits + l2Hits) / requests;
  }
}

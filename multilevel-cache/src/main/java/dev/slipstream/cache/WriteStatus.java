package dev.slipstream.cache;

/**
 * What became of a {@link TieredCache} write ({@code put}, {@code invalidate},
 * {@code invalidateAll}) in Redis. Not an exception: an app decides whether an unconfirmed write
 * should fail its request.
 *
 * <pre>{@code
 * if (!users.put(id, user).confirmed()) {
 *   // other instances may serve the previous value until this one replays the write
 * }
 * }</pre>
 */
public enum WriteStatus {

  /** Redis applied the write and broadcast it to the other instances. */
  CONFIRMED,

  /**
   * Redis did not confirm it (a timeout, an open breaker, no connection). This instance already
   * serves the new state; the write is kept and replayed, as an invalidation with its broadcast,
   * as soon as Redis answers again ({@link TieredCache#replayPending} forces a try). Until then
   * other instances may serve the previous value: from their L1 for at most {@code l1Ttl}, and
   * from Redis until the replay, or at most {@code l2Ttl} if this instance never runs again.
   */
  PENDING,

  /** The cache has no L2: the write took effect in this instance, and there is nothing to confirm. */
  LOCAL;

  /**
   * Whether nothing is left to do for this write.
   *
   * @return false only for {@link #PENDING}
   */
  public boolean confirmed() {
    return this != PENDING;
  }
}

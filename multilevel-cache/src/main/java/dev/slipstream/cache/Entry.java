package dev.slipstream.cache;

/**
 * An L1 value, or a tombstone for a key known to be absent; with when it was stored, how long L1
 * keeps it, and the L1 epoch it belongs to (an entry of an older epoch is re-checked against Redis
 * before it is served again). Package-private.
 */
record Entry<V>(V value, boolean absent, long storedAtNanos, long l1TtlNanos, int epoch) {

  static <V> Entry<V> of(V value, long now, long ttlNanos, int epoch) {
    return new Entry<>(value, false, now, ttlNanos, epoch);
  }

  static <V> Entry<V> absent(long now, long ttlNanos, int epoch) {
    return new Entry<>(null, true, now, ttlNanos, epoch);
  }

  /** Whether L1 may still serve this entry at {@code now}. */
  boolean isFresh(long now) {
    return now - storedAtNanos < l1TtlNanos;
  }

  /** The same entry, expiring when it would have, in {@code newEpoch}. */
  Entry<V> inEpoch(int newEpoch) {
    return new Entry<>(value, absent, storedAtNanos, l1TtlNanos, newEpoch);
  }
}

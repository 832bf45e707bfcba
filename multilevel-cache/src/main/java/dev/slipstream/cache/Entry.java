package dev.slipstream.cache;

/**
 * An L1 value, or a tombstone for a key known to be absent; with when it was stored and how long
 * L1 keeps it. Package-private.
 */
record Entry<V>(V value, boolean absent, long storedAtNanos, long l1TtlNanos) {

  static <V> Entry<V> of(V value, long now, long ttlNanos) {
    return new Entry<>(value, false, now, ttlNanos);
  }

  static <V> Entry<V> absent(long now, long ttlNanos) {
    return new Entry<>(null, true, now, ttlNanos);
  }

  /** Whether L1 may still serve this entry at {@code now}. */
  boolean isFresh(long now) {
    return now - storedAtNanos < l1TtlNanos;
  }
}

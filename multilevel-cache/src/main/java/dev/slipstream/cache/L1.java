package dev.slipstream.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The instance's tier: a size-bounded Caffeine cache whose entries carry their own expiry (checked
 * on read: one ticker read per hit instead of Caffeine's timer-wheel bookkeeping), a {@link Fence}
 * that keeps loads from storing what a write has made stale, and an epoch that marks every entry
 * for a re-check at once (after a missed broadcast) without dropping them. Package-private.
 */
final class L1<V> {

  private final Cache<String, Entry<V>> cache;
  private final Fence fence = new Fence();
  private volatile int epoch; // written under the lock of this L1, read lock-free

  L1(long maximumSize) {
    this.cache = Caffeine.newBuilder()
        .maximumSize(maximumSize)
        .executor(Runnable::run) // no maintenance threads: a frozen Lambda would not run them
        .build();
  }

  Entry<V> get(String key) {
    return cache.getIfPresent(key);
  }

  int epoch() {
    return epoch;
  }

  /** Read before a load starts; hand it back to {@link #install}. */
  long token(String key) {
    return fence.token(key);
  }

  /**
   * Stores what a load found, unless a write of {@code key} was made in this instance since
   * {@code token} was read. The check and the store are one atomic step on the key: a write bumps
   * the fence before it changes L1, so either it sees this entry and replaces it, or this sees its
   * bump and stores nothing. No reader ever sees the entry after the write.
   *
   * @return whether the entry was stored
   */
  boolean install(String key, Entry<V> entry, long token) {
    boolean[] stored = {false};
    cache.asMap().compute(key, (k, old) -> {
      if (fence.token(k) != token) {
        return old;
      }
      stored[0] = true;
      return entry;
    });
    return stored[0];
  }

  /**
   * This instance's own write, before it goes to Redis: fences out loads under way, then stores
   * {@code entry} (or, if null, drops the key).
   *
   * @return the token just after, for {@link #settle}
   */
  long write(String key, Entry<V> entry) {
    long token = fence.bumpAndToken(key);
    if (entry == null) {
      cache.invalidate(key);
    } else {
      cache.put(key, entry);
    }
    return token;
  }

  /**
   * The same write once Redis has answered (or not): fences out loads that began while it was on
   * its way (they may have read Redis before it), and keeps {@code entry} only if nothing else
   * touched the key since {@link #write} (a broadcast of a write that reached Redis after ours, say).
   */
  void settle(String key, Entry<V> entry, long tokenAfterWrite) {
    fence.bump(key);
    if (entry == null) {
      cache.invalidate(key);
      return;
    }
    long untouched = tokenAfterWrite + 1; // our two bumps, and nobody else's
    cache.asMap().compute(key, (k, old) -> fence.token(k) == untouched ? entry : null);
  }

  /** Drops {@code key} and fences out loads of it under way. */
  void drop(String key) {
    fence.bump(key);
    cache.invalidate(key);
  }

  /** Drops every entry and fences out every load under way. */
  void dropAll() {
    fence.bumpAll();
    cache.invalidateAll();
  }

  /**
   * Every entry must be re-checked against Redis before it is served again, and loads under way
   * must not store their results: after a gap in the broadcasts this instance may have missed.
   */
  void suspectAll() {
    fence.bumpAll();
    synchronized (this) {
      epoch++;
    }
  }

  void removeIfSame(String key, Entry<V> entry) {
    cache.asMap().remove(key, entry);
  }

  /** Entries that have not expired at {@code now} (approximate). */
  long size(long now) {
    cache.asMap().values().removeIf(e -> !e.isFresh(now));
    cache.cleanUp();
    return cache.estimatedSize();
  }
}

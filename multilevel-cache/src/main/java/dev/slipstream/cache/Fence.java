package dev.slipstream.cache;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Tells a load whether its key was written or invalidated in this instance while it ran, so that
 * its result is not stored in L1 after the write. A load reads {@link #token} before it starts;
 * every write bumps the key's stripe before it changes L1; the load stores its entry only if the
 * token has not moved, checked and stored in one atomic step on the key (see {@link L1#install}).
 * Keys share {@value #STRIPES} stripes: a write to one key may discard a concurrent load of another,
 * which costs a cache fill, never correctness. Package-private.
 */
final class Fence {

  static final int STRIPES = 1024;

  private final AtomicLongArray stripes = new AtomicLongArray(STRIPES);
  private final AtomicLong all = new AtomicLong();

  long token(String key) {
    return stripes.get(index(key)) + all.get();
  }

  void bump(String key) {
    stripes.incrementAndGet(index(key));
  }

  /** Bumps {@code key}'s stripe and returns the token just after. */
  long bumpAndToken(String key) {
    return stripes.incrementAndGet(index(key)) + all.get();
  }

  void bumpAll() {
    all.incrementAndGet();
  }

  private static int index(String key) {
    int h = key.hashCode();
    return (h ^ (h >>> 16)) & (STRIPES - 1);
  }
}

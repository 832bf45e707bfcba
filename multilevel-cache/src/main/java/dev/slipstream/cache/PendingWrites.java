package dev.slipstream.cache;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Writes that Redis did not confirm (a timeout, an open breaker, no connection), kept until they
 * are replayed. Every one is replayed as an invalidation of its key, whatever it was: replaying a
 * {@code put}'s value could overwrite a newer write made meanwhile by another instance, while an
 * invalidation is always safe to repeat. An unconfirmed {@code invalidateAll()}, or more than
 * {@code maxKeys} pending keys, become one pending invalidation of everything. Each key remembers
 * the sequence number of its latest failure, so that a replay finishing late does not forget a
 * failure that came after it. Thread-safe. Package-private.
 */
final class PendingWrites {

  /** Keys kept one by one before they collapse into one invalidation of everything. */
  static final int DEFAULT_MAX_KEYS = 10_000;

  private final int maxKeys;
  private final Map<String, Long> keys = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong allSince = new AtomicLong(-1); // sequence of the pending "all", or -1
  private final LongAdder replayed = new LongAdder();

  PendingWrites(int maxKeys) {
    this.maxKeys = maxKeys;
  }

  /** Redis did not confirm a write of {@code key}. */
  void add(String key) {
    if (allSince.get() >= 0) {
      return; // covered by the pending invalidation of everything
    }
    keys.put(key, sequence.incrementAndGet());
    if (keys.size() > maxKeys) {
      addAll();
    }
  }

  /** Redis did not confirm an invalidation of everything (or too many keys are pending). */
  void addAll() {
    allSince.set(sequence.incrementAndGet());
    keys.clear();
  }

  /** The sequence number now: what a replay or a write started at. */
  long mark() {
    return sequence.get();
  }

  /** Redis confirmed a write of {@code key} that began at {@code since}: it supersedes older failures. */
  boolean confirmed(String key, long since) {
    boolean[] removed = {false};
    keys.computeIfPresent(key, (k, failedAt) -> {
      removed[0] = failedAt <= since;
      return removed[0] ? null : failedAt;
    });
    return removed[0];
  }

  /** Redis confirmed an invalidation of everything that began at {@code since}. */
  void confirmedAll(long since) {
    allSince.updateAndGet(at -> at >= 0 && at <= since ? -1 : at);
    keys.values().removeIf(failedAt -> failedAt <= since);
  }

  /** A replay of {@code key} begun at {@code since} was confirmed. */
  void replayed(String key, long since) {
    if (confirmed(key, since)) {
      replayed.increment();
    }
  }

  /** A replay of everything begun at {@code since} was confirmed. */
  void replayedAll(long since) {
    if (allSince.get() >= 0 && allSince.get() <= since) {
      replayed.increment();
    }
    confirmedAll(since);
  }

  /** Whether this instance must not trust Redis for {@code key}: its own write there is pending. */
  boolean blocks(String key) {
    return allSince.get() >= 0 || (!keys.isEmpty() && keys.containsKey(key));
  }

  boolean isEmpty() {
    return allSince.get() < 0 && keys.isEmpty();
  }

  boolean allPending() {
    return allSince.get() >= 0;
  }

  /** The keys pending now, in no particular order. */
  List<String> keys() {
    return List.copyOf(keys.keySet());
  }

  /** Pending writes: keys, plus one for a pending invalidation of everything. */
  long count() {
    return keys.size() + (allSince.get() >= 0 ? 1 : 0);
  }

  long replayedCount() {
    return replayed.sum();
  }
}

package dev.slipstream.cache;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cache's writes to Redis, each with its broadcast in one atomic step, and what becomes of those
 * Redis did not confirm: kept in {@link PendingWrites} and replayed, as invalidations, when Redis
 * answers again (after any successful command, a reconnect, or {@link #replayNow}). One replay runs
 * at a time. Package-private.
 */
final class Writer<V> {

  private static final Logger LOG = LoggerFactory.getLogger(Writer.class);
  /** Keys replayed per pipelined round trip. */
  static final int REPLAY_BATCH = 100;

  private final CacheContext<V> context;
  private final L2 l2;
  private final Invalidations invalidations;
  private final Executor executor;
  private final PendingWrites pending = new PendingWrites(PendingWrites.DEFAULT_MAX_KEYS);
  private final ReentrantLock replaying = new ReentrantLock();
  private final AtomicBoolean scheduled = new AtomicBoolean();

  Writer(CacheContext<V> context, L2 l2, Invalidations invalidations, Executor executor) {
    this.context = context;
    this.l2 = l2;
    this.invalidations = invalidations;
    this.executor = executor;
  }

  PendingWrites pending() {
    return pending;
  }

  WriteStatus put(String key, byte[] framed, long ttlMillis) {
    long since = pending.mark();
    boolean confirmed = l2.setAndPublish(context.redisKey(key), framed, ttlMillis,
        invalidations.channel(), invalidations.message(key));
    return settle(List.of(key), since, confirmed);
  }

  WriteStatus invalidate(List<String> keys) {
    long since = pending.mark();
    boolean confirmed = markInvalidated(keys);
    return settle(keys, since, confirmed);
  }

  WriteStatus invalidateEverything() {
    long since = pending.mark();
    if (clearEverything()) {
      pending.confirmedAll(since);
      return WriteStatus.CONFIRMED;
    }
    pending.addAll();
    return WriteStatus.PENDING;
  }

  /** Replays in the background, soon, if anything is pending; cheap when nothing is. */
  void replaySoon() {
    if (pending.isEmpty() || !scheduled.compareAndSet(false, true)) {
      return;
    }
    try {
      executor.execute(() -> {
        scheduled.set(false);
        if (replaying.tryLock()) {
          try {
            replay(Long.MAX_VALUE);
          } finally {
            replaying.unlock();
          }
        }
      });
    } catch (RuntimeException e) { // executor shut down
      scheduled.set(false);
    }
  }

  /** Replays on this thread, for at most {@code timeout}; whether nothing is pending after. */
  boolean replayNow(Duration timeout) {
    if (pending.isEmpty()) {
      return true;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      if (!replaying.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        return pending.isEmpty();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return pending.isEmpty();
    }
    try {
      replay(deadline);
    } finally {
      replaying.unlock();
    }
    return pending.isEmpty();
  }

  void logPendingAtClose() {
    long count = pending.count();
    if (count > 0) {
      LOG.warn("Cache '{}' closed with {} write(s) Redis never confirmed{}: other instances may"
          + " serve the previous values until their L2 TTL", context.name(), count,
          pending.allPending() ? " (an invalidation of every key among them)" : "");
    }
  }

  /** Replays until nothing is pending, Redis fails a step, or {@code deadline} passes. */
  private void replay(long deadline) {
    if (pending.allPending()) {
      long since = pending.mark();
      if (!clearEverything()) {
        return;
      }
      pending.replayedAll(since);
    }
    List<String> keys = pending.keys();
    for (int from = 0; from < keys.size(); from += REPLAY_BATCH) {
      if (System.nanoTime() - deadline >= 0) {
        return;
      }
      List<String> batch = keys.subList(from, Math.min(keys.size(), from + REPLAY_BATCH));
      long since = pending.mark();
      if (!markInvalidated(batch)) {
        return; // Redis is not back: the next trigger tries again
      }
      batch.forEach(key -> pending.replayed(key, since));
    }
  }

  private WriteStatus settle(List<String> keys, long since, boolean confirmed) {
    if (confirmed) {
      keys.forEach(key -> pending.confirmed(key, since));
      return WriteStatus.CONFIRMED;
    }
    keys.forEach(pending::add);
    return WriteStatus.PENDING;
  }

  /** An invalidation marker in place of each key, and a broadcast of each. */
  private boolean markInvalidated(List<String> keys) {
    byte[][] redisKeys = new byte[keys.size()][];
    byte[][] messages = new byte[keys.size()][];
    for (int i = 0; i < redisKeys.length; i++) {
      redisKeys[i] = context.redisKey(keys.get(i));
      messages[i] = invalidations.message(keys.get(i));
    }
    return l2.setAndPublishAll(redisKeys, Frame.invalidated(), context.markerTtlMillis(),
        invalidations.channel(), messages);
  }

  /** Every key of the cache deleted, then one broadcast for all. */
  private boolean clearEverything() {
    byte[] pattern = (globEscape(context.keyPrefix()) + "*")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return l2.deleteAll(pattern) && l2.publish(invalidations.channel(), invalidations.messageAll());
  }

  private static String globEscape(String text) {
    return text.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
  }
}

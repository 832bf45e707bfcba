package dev.slipstream.cache;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a {@link TieredCache} reads what its L1 does not hold: one load per key at a time (callers
 * of a key being loaded wait for that load, unless a write of the key came after it began), L2
 * with a lease, the loader, and a fill that a write may refuse; the re-check of an L1 entry after a
 * gap in the broadcasts; stale-while-refresh reloads; bulk reads. Package-private.
 */
final class Reads<V> {

  private static final Logger LOG = LoggerFactory.getLogger(TieredCache.class);

  private final CacheContext<V> context;
  private final L1<V> l1;
  private final L2 l2; // null: L1 only
  private final Writer<V> writer; // null: L1 only
  private final Counters counters;
  private final Executor executor;
  private final long refreshAfterNanos; // 0: off
  private final Map<String, CompletableFuture<Entry<V>>> inFlight = new ConcurrentHashMap<>();
  private final Set<String> refreshing = ConcurrentHashMap.newKeySet();

  Reads(CacheContext<V> context, L1<V> l1, L2 l2, Writer<V> writer, Counters counters,
      Executor executor, long refreshAfterNanos) {
    this.context = context;
    this.l1 = l1;
    this.l2 = l2;
    this.writer = writer;
    this.counters = counters;
    this.executor = executor;
    this.refreshAfterNanos = refreshAfterNanos;
  }

  /** Callers from now on do not join the load of {@code key} under way: a write came after it. */
  void detach(String key) {
    inFlight.remove(key);
  }

  void detachAll() {
    inFlight.clear();
  }

  /** {@link TieredCache#getAll} past its argument checks. */
  Map<String, V> getAll(Set<String> unique, BulkLoader<V> bulkLoader) {
    long now = context.now();
    Map<String, Entry<V>> entries = new LinkedHashMap<>();
    Map<String, CompletableFuture<Entry<V>>> mine = new LinkedHashMap<>();
    Map<String, CompletableFuture<Entry<V>>> theirs = new LinkedHashMap<>();
    for (String key : unique) {
      Entry<V> entry = l1.get(key);
      if (entry != null && entry.isFresh(now) && entry.epoch() == l1.epoch()) {
        counters.l1Hits.increment();
        entries.put(key, entry);
        continue;
      }
      CompletableFuture<Entry<V>> future = new CompletableFuture<>();
      CompletableFuture<Entry<V>> existing = inFlight.putIfAbsent(key, future);
      if (existing == null) {
        mine.put(key, future);
      } else {
        theirs.put(key, existing); // another caller is loading it: share that load
      }
    }
    CacheLoadException failure = null;
    if (!mine.isEmpty()) {
      try {
        new BulkLoad<>(context, l1, l2, writer, counters).run(mine, bulkLoader);
      } catch (RuntimeException | Error e) { // a bug of ours or the codec's: nobody may hang
        CacheLoadException wrapped = context.loadFailure(mine.keySet(), e);
        mine.values().forEach(f -> f.completeExceptionally(wrapped));
      } finally {
        mine.forEach(inFlight::remove);
      }
    }
    for (Map.Entry<String, CompletableFuture<Entry<V>>> load : mine.entrySet()) {
      try {
        entries.put(load.getKey(), context.await(load.getKey(), load.getValue()));
      } catch (CacheLoadException e) {
        failure = failure == null ? e : failure;
      }
    }
    for (Map.Entry<String, CompletableFuture<Entry<V>>> load : theirs.entrySet()) {
      entries.put(load.getKey(), context.await(load.getKey(), load.getValue()));
    }
    if (failure != null) {
      throw failure;
    }
    Map<String, V> result = new LinkedHashMap<>();
    for (String key : unique) {
      Entry<V> entry = entries.get(key);
      if (entry != null && !entry.absent()) {
        result.put(key, entry.value());
      }
    }
    return result;
  }

  /** One load (or re-check of a {@code suspect} entry) per key at a time; others wait for it. */
  Entry<V> loadShared(String key, Loader<V> loader, Entry<V> suspect) {
    CompletableFuture<Entry<V>> mine = new CompletableFuture<>();
    CompletableFuture<Entry<V>> existing = inFlight.putIfAbsent(key, mine);
    if (existing != null) {
      return context.await(key, existing);
    }
    try {
      Entry<V> entry = resolve(key, loader, suspect);
      mine.complete(entry);
      return entry;
    } catch (RuntimeException | Error e) {
      CacheLoadException failure = e instanceof CacheLoadException c ? c
          : context.loadFailure(Set.of(key), e);
      mine.completeExceptionally(failure);
      throw failure;
    } finally {
      inFlight.remove(key, mine);
    }
  }

  private Entry<V> resolve(String key, Loader<V> loader, Entry<V> suspect) {
    long token = l1.token(key);
    Entry<V> current = l1.get(key);
    if (current != null && current != suspect && current.isFresh(context.now())
        && current.epoch() == l1.epoch()) {
      counters.l1Hits.increment(); // a load finished since our miss
      return current;
    }
    byte[] lease = null;
    if (l2 != null && !writer.pending().blocks(key)) {
      byte[] redisKey = context.redisKey(key);
      if (suspect != null) {
        counters.revalidations.increment();
        byte[] framed = l2.get(redisKey);
        if (framed == null || framed == L2.UNAVAILABLE) {
          return keep(key, suspect, token); // nothing changed there, or Redis cannot tell now
        }
        Entry<V> found = Frame.servable(framed) ? decode(key, framed) : null;
        if (found != null) {
          counters.l2Hits.increment();
          l1.install(key, found, token);
          return found;
        }
      }
      byte[] reply = l2.getOrLease(redisKey, Frame.lease(context.nextLeaseToken()),
          context.leaseTtlMillis());
      if (Frame.kind(reply) == Frame.LEASE) {
        lease = reply;
      } else if (reply != L2.UNAVAILABLE) {
        Entry<V> found = decode(key, reply);
        if (found != null) {
          counters.l2Hits.increment();
          l1.install(key, found, token);
          return found;
        }
      }
    } else if (suspect != null) {
      return keep(key, suspect, token); // our own write of it is pending: what we hold is ours
    }
    counters.misses.increment();
    Entry<V> loaded = load(key, loader);
    if (lease != null) {
      byte[] framed = context.frame(key, loaded);
      if (l2.compareAndSet(context.redisKey(key), lease, framed, context.ttlMillis(loaded))
          == L2.Cas.REFUSED) {
        counters.fencedLoads.increment(); // a write came first: serve it to this caller only
        return loaded;
      }
    }
    if (!l1.install(key, loaded, token)) {
      counters.fencedLoads.increment();
    }
    return loaded;
  }

  /** A suspect entry that Redis did not contradict, served again until it expires. */
  private Entry<V> keep(String key, Entry<V> suspect, long token) {
    Entry<V> kept = suspect.inEpoch(l1.epoch());
    l1.install(key, kept, token);
    return kept;
  }

  private Entry<V> load(String key, Loader<V> loader) {
    long start = context.now();
    V value;
    try {
      value = loader.load(key);
    } catch (Exception e) {
      counters.loadFailures.increment();
      throw new CacheLoadException("Loading key '" + context.printable(key) + "' for cache '"
          + context.name() + "' failed: " + e, e);
    } finally {
      counters.loadNanos.add(context.now() - start);
    }
    counters.loads.increment();
    return context.entryFor(value);
  }

  /** The entry of {@code framed}, or null (counted, and the bad key deleted) if it does not decode. */
  private Entry<V> decode(String key, byte[] framed) {
    Entry<V> entry = context.decode(key, framed);
    if (entry == null) {
      counters.l2DecodeErrors.increment();
      l2.deleteInBackground(context.redisKey(key));
    }
    return entry;
  }

  /**
   * After {@code refreshAfter}, one background reload per key. It replaces the Redis value only if
   * that value is still the one seen before the reload read the source.
   */
  void maybeRefresh(String key, Entry<V> entry, Loader<V> loader, long now) {
    if (refreshAfterNanos == 0 || now - entry.storedAtNanos() < refreshAfterNanos
        || !refreshing.add(key)) {
      return;
    }
    try {
      executor.execute(() -> {
        try {
          refresh(key, loader);
        } catch (RuntimeException e) {
          LOG.debug("Refreshing a key of cache '{}' failed; the old value stays", context.name(),
              e);
        } finally {
          refreshing.remove(key);
        }
      });
    } catch (RuntimeException e) {
      refreshing.remove(key);
    }
  }

  private void refresh(String key, Loader<V> loader) {
    long token = l1.token(key);
    boolean useL2 = l2 != null && !writer.pending().blocks(key);
    byte[] before = useL2 ? l2.get(context.redisKey(key)) : null;
    Entry<V> fresh = load(key, loader);
    if (before != null && Frame.servable(before)) {
      L2.Cas stored = l2.compareAndSet(context.redisKey(key), before, context.frame(key, fresh),
          context.ttlMillis(fresh));
      if (stored == L2.Cas.REFUSED) {
        counters.fencedLoads.increment();
        return;
      }
    }
    if (!l1.install(key, fresh, token)) {
      counters.fencedLoads.increment();
    }
  }
}

package dev.slipstream.cache;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One {@link TieredCache#getAll} call's own loads: one pipelined Redis round trip that reads each
 * key or takes its lease, one bulk-loader call for what is still missing, one pipelined round trip
 * of fills. It completes every future it was handed, with an entry or a {@link CacheLoadException}:
 * the callers waiting on them must never hang. Package-private.
 */
final class BulkLoad<V> {

  private final CacheContext<V> context;
  private final L2 l2;
  private final Writer<V> writer;
  private final Counters counters;
  private final L1<V> l1;

  BulkLoad(CacheContext<V> context, L1<V> l1, L2 l2, Writer<V> writer, Counters counters) {
    this.context = context;
    this.l1 = l1;
    this.l2 = l2;
    this.writer = writer;
    this.counters = counters;
  }

  void run(Map<String, CompletableFuture<Entry<V>>> futures, BulkLoader<V> bulkLoader) {
    List<String> keys = new ArrayList<>(futures.keySet());
    Map<String, Long> tokens = new HashMap<>();
    keys.forEach(key -> tokens.put(key, l1.token(key)));
    Map<String, byte[]> leases = new HashMap<>();
    Set<String> toLoad = new LinkedHashSet<>(keys);
    if (l2 != null) {
      List<String> shared = keys.stream().filter(k -> !writer.pending().blocks(k)).toList();
      byte[][] redisKeys = shared.stream().map(context::redisKey).toArray(byte[][]::new);
      byte[][] offered = shared.stream().map(k -> Frame.lease(context.nextLeaseToken()))
          .toArray(byte[][]::new);
      byte[][] replies = redisKeys.length == 0 ? new byte[0][]
          : l2.getOrLeaseAll(redisKeys, offered, context.leaseTtlMillis());
      for (int i = 0; i < replies.length; i++) {
        String key = shared.get(i);
        byte[] reply = replies[i];
        if (Frame.kind(reply) == Frame.LEASE) {
          leases.put(key, reply);
        } else if (reply != L2.UNAVAILABLE) {
          Entry<V> found = context.decode(key, reply);
          if (found == null) {
            counters.l2DecodeErrors.increment();
            l2.deleteInBackground(redisKeys[i]);
          } else {
            counters.l2Hits.increment();
            l1.install(key, found, tokens.get(key));
            futures.get(key).complete(found);
            toLoad.remove(key);
          }
        }
      }
    }
    if (toLoad.isEmpty()) {
      return;
    }
    counters.misses.add(toLoad.size());
    Map<String, V> loaded = loadAll(toLoad, bulkLoader, futures);
    if (loaded == null) {
      return; // every future already failed
    }
    List<String> filling = new ArrayList<>();
    Map<String, Entry<V>> entries = new HashMap<>();
    Map<String, byte[]> frames = new HashMap<>();
    for (String key : toLoad) {
      Entry<V> entry = context.entryFor(loaded.get(key));
      entries.put(key, entry);
      if (leases.containsKey(key)) {
        try {
          frames.put(key, context.frame(key, entry));
          filling.add(key);
        } catch (IllegalArgumentException e) { // the codec cannot encode it: this key fails alone
          futures.get(key).completeExceptionally(context.loadFailure(List.of(key), e));
        }
      }
    }
    L2.Cas[] stored = filling.isEmpty() ? new L2.Cas[0] : l2.compareAndSetAll(
        filling.stream().map(context::redisKey).toArray(byte[][]::new),
        filling.stream().map(leases::get).toArray(byte[][]::new),
        filling.stream().map(frames::get).toArray(byte[][]::new),
        filling.stream().mapToLong(k -> context.ttlMillis(entries.get(k))).toArray());
    Map<String, L2.Cas> outcome = new HashMap<>();
    for (int i = 0; i < stored.length; i++) {
      outcome.put(filling.get(i), stored[i]);
    }
    for (String key : toLoad) {
      CompletableFuture<Entry<V>> future = futures.get(key);
      if (future.isDone()) {
        continue;
      }
      Entry<V> entry = entries.get(key);
      if (outcome.get(key) == L2.Cas.REFUSED || !l1.install(key, entry, tokens.get(key))) {
        counters.fencedLoads.increment(); // a write came first: serve it to these callers only
      }
      future.complete(entry);
    }
  }

  /** The bulk loader's answer, or null once every future of {@code keys} has failed. */
  private Map<String, V> loadAll(Set<String> keys, BulkLoader<V> bulkLoader,
      Map<String, CompletableFuture<Entry<V>>> futures) {
    long start = context.now();
    try {
      Map<String, V> loaded = bulkLoader.loadAll(Collections.unmodifiableSet(keys));
      counters.loads.increment();
      return loaded == null ? Map.of() : loaded;
    } catch (Exception e) {
      counters.loadFailures.increment();
      CacheLoadException failure = context.loadFailure(keys, e);
      keys.forEach(key -> futures.get(key).completeExceptionally(failure));
      return null;
    } finally {
      counters.loadNanos.add(context.now() - start);
    }
  }
}

package dev.slipstream.benchmarks;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A faithful Java port of the seed's {@code InMemoryCache}: a JavaScript {@code Map} (insertion
 * order; re-setting a key keeps its place) that, when full, deletes its first key before every set
 * (even of a key already present), and checks a TTL against the wall clock on read. The baseline
 * the tiered cache is measured against. Not thread-safe, like the original's single event loop.
 *
 * @param <V> the value type
 */
public final class SeedMapCache<V> {

  private record Item<V>(V data, long timestamp, long ttlMillis) {}

  private final Map<String, Item<V>> cache = new LinkedHashMap<>();
  private final int maxSize;

  /** A cache of at most {@code maxSize} entries (the seed's default is 1000). */
  public SeedMapCache(int maxSize) {
    this.maxSize = maxSize;
  }

  /** The seed's {@code set(key, data, ttlSeconds)}. */
  public void set(String key, V data, int ttlSeconds) {
    if (cache.size() >= maxSize) {
      Iterator<String> first = cache.keySet().iterator();
      first.next();
      first.remove();
    }
    cache.put(key, new Item<>(data, System.currentTimeMillis(), ttlSeconds * 1000L));
  }

  /** The seed's {@code get(key)}: null when absent or expired. */
  public V get(String key) {
    Item<V> item = cache.get(key);
    if (item == null) {
      return null;
    }
    if (System.currentTimeMillis() - item.timestamp() > item.ttlMillis()) {
      cache.remove(key);
      return null;
    }
    return item.data();
  }
}

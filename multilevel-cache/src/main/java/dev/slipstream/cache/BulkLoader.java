package dev.slipstream.cache;

import java.util.Map;
import java.util.Set;

/**
 * Loads many values in one call, such as one DynamoDB batch read.
 *
 * @param <V> the value type
 */
@FunctionalInterface
public interface BulkLoader<V> {

  /**
   * The values of {@code keys} that exist; a key missing from the map is cached as absent.
   *
   * @param keys the keys missing from both tiers; never empty
   * @return the values found, by key; keys without a value may be left out
   * @throws Exception reaches the caller wrapped in {@link CacheLoadException}; nothing is cached
   */
  Map<String, V> loadAll(Set<String> keys) throws Exception;
}

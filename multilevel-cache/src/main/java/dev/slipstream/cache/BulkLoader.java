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
   * @throws Exception reaches the caller wrapped in {@link CacheLoadException}; nothing is cached
   */
  Map<String, V> loadAll(Set<String> keys) throws Exception;
}

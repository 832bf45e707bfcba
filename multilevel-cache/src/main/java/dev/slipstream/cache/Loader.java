package dev.slipstream.cache;

/**
 * Loads one value on a miss in both tiers.
 *
 * @param <V> the value type
 */
@FunctionalInterface
public interface Loader<V> {

  /**
   * The value of {@code key}, or null if there is none (cached as absent for the negative TTL).
   *
   * @param key the key missing from both tiers
   * @return its value, or null when there is none
   * @throws Exception reaches every caller waiting for this key, wrapped in
   *     {@link CacheLoadException}; nothing is cached
   */
  V load(String key) throws Exception;
}

package dev.slipstream.testing.history;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An in-memory source of truth whose every value carries its version, {@code "<key>@<version>"}:
 * what a cache returns says which write it came from. Every key starts at version 0.
 */
public final class VersionedSource {

  private final ConcurrentHashMap<String, AtomicLong> versions = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ReentrantLock> writers = new ConcurrentHashMap<>();

  /** The value of {@code key} now; what a cache's loader returns. */
  public String read(String key) {
    return value(key, version(key).get());
  }

  /** Writes the next version of {@code key} and returns it. */
  public long write(String key) {
    return version(key).incrementAndGet();
  }

  /**
   * The lock a writer holds from its write to the source until the cache has been told: a cache
   * whose {@code put} is last-writer-wins needs writers of one key serialized.
   */
  public ReentrantLock writerLock(String key) {
    return writers.computeIfAbsent(key, k -> new ReentrantLock());
  }

  /** {@code "<key>@<version>"}. */
  public static String value(String key, long version) {
    return key + "@" + version;
  }

  /**
   * The version in a value made by {@link #value}.
   *
   * @throws IllegalArgumentException if {@code value} is not one, or belongs to another key
   */
  public static long versionOf(String key, String value) {
    if (value == null || !value.startsWith(key + "@")) {
      throw new IllegalArgumentException("Not a value of key '" + key + "': " + value);
    }
    return Long.parseLong(value.substring(key.length() + 1));
  }

  private AtomicLong version(String key) {
    return versions.computeIfAbsent(key, k -> new AtomicLong());
  }
}

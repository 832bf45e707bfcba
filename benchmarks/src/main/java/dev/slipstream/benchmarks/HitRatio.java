package dev.slipstream.benchmarks;

import dev.slipstream.cache.Codec;
import dev.slipstream.cache.TieredCache;
import java.time.Duration;

/**
 * Replays a Zipf(0.9) trace of 1,000,000 requests over 100,000 keys through a 1,000-entry cache:
 * Slipstream's L1 (Caffeine, W-TinyLFU) against the seed's insertion-order map. Hit ratios, not
 * times: a simulation, deterministic for its seed. {@code java -cp benchmarks.jar
 * dev.slipstream.benchmarks.HitRatio}.
 */
public final class HitRatio {

  /** The trace every run uses. */
  public static final int KEYS = 100_000;
  /** Requests in the trace. */
  public static final int REQUESTS = 1_000_000;
  /** Entries either cache may hold. */
  public static final int CAPACITY = 1_000;

  private HitRatio() {}

  /** Hit ratio of the seed's map cache on {@code trace}. */
  public static double seedMap(int[] trace) {
    SeedMapCache<String> cache = new SeedMapCache<>(CAPACITY);
    long hits = 0;
    for (int index : trace) {
      String key = "k" + index;
      if (cache.get(key) != null) {
        hits++;
      } else {
        cache.set(key, "v", 300);
      }
    }
    return (double) hits / trace.length;
  }

  /** Hit ratio of a {@link TieredCache} L1 of the same capacity on {@code trace}. */
  public static double tieredL1(int[] trace) {
    TieredCache<String> cache = TieredCache.builder("hit-ratio", Codec.utf8())
        .l1MaximumSize(CAPACITY).l1Ttl(Duration.ofHours(1)).build();
    for (int index : trace) {
      cache.get("k" + index, k -> "v");
    }
    return cache.stats().hitRate();
  }

  /**
   * Prints both ratios.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    int[] trace = ZipfTrace.generate(KEYS, 0.9, REQUESTS, 42);
    double seed = seedMap(trace);
    double tiered = tieredL1(trace);
    System.out.printf("Zipf(0.9), %,d requests over %,d keys, %,d entries:%n", REQUESTS, KEYS,
        CAPACITY);
    System.out.printf("  seed insertion-order map: %.2f%% hits%n", seed * 100);
    System.out.printf("  TieredCache L1 (Caffeine): %.2f%% hits (+%.2f points)%n", tiered * 100,
        (tiered - seed) * 100);
  }
}

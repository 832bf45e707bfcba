package dev.slipstream.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.slipstream.cache.Codec;
import dev.slipstream.cache.Loader;
import dev.slipstream.cache.TieredCache;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * An L1 hit of {@link TieredCache} against its floors — a plain {@link ConcurrentHashMap#get},
 * Caffeine alone (size-bounded, with and without {@code expireAfterWrite}: what TieredCache's L1
 * is built on and must stay within 1.25× of) — and the seed's map cache (a {@code Map} with a
 * wall-clock TTL check), over 1,024 present keys.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class CacheReadBenchmark {

  private static final int KEYS = 1024;
  private static final Loader<String> NEVER = k -> {
    throw new IllegalStateException("an L1 hit must not load");
  };

  private final String[] keys = new String[KEYS];
  private final ConcurrentHashMap<String, String> map = new ConcurrentHashMap<>();
  private final SeedMapCache<String> seed = new SeedMapCache<>(2 * KEYS);
  private Cache<String, String> caffeine;
  private Cache<String, String> caffeineExpiring;
  private Cache<String, String> caffeineExpiringSameThread;
  private TieredCache<String> tiered;
  private int next;

  @Setup
  public void setUp() {
    tiered = TieredCache.builder("bench-l1", Codec.utf8()).l1MaximumSize(2 * KEYS)
        .l1Ttl(Duration.ofHours(1)).build();
    caffeine = Caffeine.newBuilder().maximumSize(2 * KEYS).build();
    caffeineExpiring = Caffeine.newBuilder().maximumSize(2 * KEYS)
        .expireAfterWrite(Duration.ofHours(1)).build();
    // TieredCache's L1 does Caffeine's maintenance on the reading thread (no pool thread in a
    // Lambda); the default hands it to ForkJoinPool.commonPool, whose CPU this score never sees.
    caffeineExpiringSameThread = Caffeine.newBuilder().maximumSize(2 * KEYS)
        .expireAfterWrite(Duration.ofHours(1)).executor(Runnable::run).build();
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "user:" + i;
      map.put(keys[i], "value " + i);
      seed.set(keys[i], "value " + i, 3600);
      tiered.put(keys[i], "value " + i);
      caffeine.put(keys[i], "value " + i);
      caffeineExpiring.put(keys[i], "value " + i);
      caffeineExpiringSameThread.put(keys[i], "value " + i);
    }
  }

  private String key() {
    return keys[next++ & (KEYS - 1)];
  }

  /** Baseline: the cheapest thread-safe lookup there is. */
  @Benchmark
  public String concurrentHashMapGet() {
    return map.get(key());
  }

  /** Floor: Caffeine, size-bounded, no expiry. */
  @Benchmark
  public String caffeineGet() {
    return caffeine.getIfPresent(key());
  }

  /** Floor: Caffeine, size-bounded, with expireAfterWrite (a TTL, as an L1 needs). */
  @Benchmark
  public String caffeineExpireAfterWriteGet() {
    return caffeineExpiring.getIfPresent(key());
  }

  /** Floor: the same, its maintenance on the reading thread as in TieredCache's L1. */
  @Benchmark
  public String caffeineExpireAfterWriteSameThreadGet() {
    return caffeineExpiringSameThread.getIfPresent(key());
  }

  /** Baseline: the seed's map cache (not even thread-safe). */
  @Benchmark
  public String seedMapCacheGet() {
    return seed.get(key());
  }

  /** Slipstream: an L1 hit. */
  @Benchmark
  public String tieredCacheL1Hit() {
    return tiered.get(key(), NEVER);
  }
}

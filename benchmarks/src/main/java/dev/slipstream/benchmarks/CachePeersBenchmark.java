package dev.slipstream.benchmarks;

import com.alicp.jetcache.embedded.CaffeineCacheBuilder;
import com.alicp.jetcache.redis.lettuce.RedisLettuceCacheBuilder;
import com.alicp.jetcache.support.Fastjson2KeyConvertor;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.slipstream.cache.Codec;
import dev.slipstream.cache.Loader;
import dev.slipstream.cache.RedisTier;
import dev.slipstream.cache.TieredCache;
import dev.slipstream.core.Breakers;
import dev.slipstream.testing.RedisServerExtension;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.redisson.Redisson;
import org.redisson.api.RLocalCachedMap;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.LocalCachedMapOptions;
import org.redisson.config.Config;

/**
 * An L1 hit of two-level caches, each backed by the same real redis-server over loopback, over
 * 1,024 present keys: {@link TieredCache}; JetCache 2.7 (its Caffeine local cache alone, and
 * local + Lettuce remote as a multi-level cache); Redisson's local cached map; Caffeine with
 * {@code expireAfterWrite} as the floor. Every local tier holds 2,048 entries for an hour (the same
 * size and TTL for fairness; JetCache's default limit is 100), everything else is each library's
 * documented default.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class CachePeersBenchmark {

  private static final int KEYS = 1024;
  private static final Loader<String> NEVER = k -> {
    throw new IllegalStateException("an L1 hit must not load");
  };

  private final String[] keys = new String[KEYS];
  private RedisServerExtension redis;
  private Cache<String, String> caffeine;
  private RedisTier tier;
  private TieredCache<String> tiered;
  private RedisClient jetCacheClient;
  private com.alicp.jetcache.Cache<String, String> jetCacheLocal;
  private com.alicp.jetcache.Cache<String, String> jetCacheRemote;
  private com.alicp.jetcache.Cache<String, String> jetCacheTwoLevel;
  private RedissonClient redisson;
  private RLocalCachedMap<String, String> redissonLocal;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    redis = new RedisServerExtension();
    redis.startOnFreePort();
    caffeine = Caffeine.newBuilder().maximumSize(2 * KEYS)
        .expireAfterWrite(Duration.ofHours(1)).build();
    tier = RedisTier.connect(redis.uri());
    tier.warm(Duration.ofSeconds(10));
    tiered = TieredCache.builder("bench-peers", Codec.utf8()).l2(tier).l1MaximumSize(2 * KEYS)
        .l1Ttl(Duration.ofHours(1)).breaker(Breakers.standalone("bench-peers")).build();
    jetCacheClient = RedisClient.create(redis.uri());
    jetCacheLocal = CaffeineCacheBuilder.createCaffeineCacheBuilder().limit(2 * KEYS)
        .expireAfterWrite(1, TimeUnit.HOURS).buildCache();
    com.alicp.jetcache.Cache<String, String> jetCacheNear = CaffeineCacheBuilder
        .createCaffeineCacheBuilder().limit(2 * KEYS).expireAfterWrite(1, TimeUnit.HOURS)
        .buildCache();
    jetCacheRemote = RedisLettuceCacheBuilder.createRedisLettuceCacheBuilder()
        .redisClient(jetCacheClient).keyConvertor(Fastjson2KeyConvertor.INSTANCE)
        .keyPrefix("jetcache:").expireAfterWrite(1, TimeUnit.HOURS).buildCache();
    jetCacheTwoLevel = com.alicp.jetcache.MultiLevelCacheBuilder.createMultiLevelCacheBuilder()
        .addCache(jetCacheNear, jetCacheRemote).expireAfterWrite(1, TimeUnit.HOURS).buildCache();
    Config config = new Config();
    config.useSingleServer().setAddress(redis.uri().toString());
    redisson = Redisson.create(config);
    redissonLocal = redisson.getLocalCachedMap(LocalCachedMapOptions.<String, String>name(
        "redisson-local").cacheSize(2 * KEYS).timeToLive(Duration.ofHours(1)));
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "user:" + i;
      String value = "value " + i;
      caffeine.put(keys[i], value);
      tiered.put(keys[i], value);
      jetCacheLocal.put(keys[i], value);
      jetCacheTwoLevel.put(keys[i], value);
      redissonLocal.fastPut(keys[i], value);
    }
    for (String key : keys) { // every local tier holds every key
      tiered.get(key, NEVER);
      jetCacheTwoLevel.get(key);
      redissonLocal.get(key);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    tiered.close();
    tier.close();
    jetCacheRemote.close();
    jetCacheClient.shutdown();
    redisson.shutdown();
    redis.stop();
  }

  private String key() {
    return keys[next++ & (KEYS - 1)];
  }

  /** Floor: Caffeine with expireAfterWrite. */
  @Benchmark
  public String floorCaffeineExpireAfterWrite() {
    return caffeine.getIfPresent(key());
  }

  /** Slipstream: an L1 hit, Redis behind it. */
  @Benchmark
  public String tieredCacheL1Hit() {
    return tiered.get(key(), NEVER);
  }

  /** JetCache 2.7.8: its Caffeine local cache. */
  @Benchmark
  public String jetCacheLocalHit() {
    return jetCacheLocal.get(key());
  }

  /** JetCache 2.7.8: multi-level (Caffeine + Lettuce remote), a local hit. */
  @Benchmark
  public String jetCacheTwoLevelL1Hit() {
    return jetCacheTwoLevel.get(key());
  }

  /** Redisson 3.52: local cached map, a local hit. */
  @Benchmark
  public String redissonLocalCachedMapHit() {
    return redissonLocal.get(key());
  }
}

package dev.slipstream.benchmarks;

import dev.slipstream.cache.Codec;
import dev.slipstream.cache.Loader;
import dev.slipstream.cache.RedisTier;
import dev.slipstream.cache.TieredCache;
import dev.slipstream.core.Breakers;
import dev.slipstream.testing.RedisServerExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
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
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * An L2 hit of {@link TieredCache} (L1 of size 0, so every read goes to Redis) against a raw
 * Lettuce {@code GET} of the same bytes, on a real redis-server over loopback; beside it the peers'
 * remote read of the same value with their documented defaults: JetCache 2.7's Lettuce remote
 * cache (Java serialization, fastjson2 keys) and Redisson 3.52's {@code RBucket} (Kryo 5 codec).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class CacheL2Benchmark {

  private static final Loader<String> NEVER = k -> {
    throw new IllegalStateException("an L2 hit must not load");
  };

  private RedisServerExtension redis;
  private RedisClient client;
  private StatefulRedisConnection<byte[], byte[]> connection;
  private RedisCommands<byte[], byte[]> raw;
  private RedisTier tier;
  private TieredCache<String> tiered;
  private byte[] rawKey;
  private RedisClient jetCacheClient;
  private com.alicp.jetcache.Cache<String, String> jetCacheRemote;
  private RedissonClient redisson;
  private RBucket<String> redissonBucket;
  private String scriptSha;
  private static final byte[] LEASE = {1, 2, 0, 0, 0, 0, 0, 0, 0, 1};
  private static final byte[] TTL = "30000".getBytes(StandardCharsets.US_ASCII);

  @Setup(Level.Trial)
  public void setUp() {
    redis = new RedisServerExtension();
    redis.startOnFreePort();
    client = RedisClient.create(redis.uri());
    connection = client.connect(ByteArrayCodec.INSTANCE);
    raw = connection.sync();
    tier = RedisTier.connect(redis.uri());
    tier.warm(Duration.ofSeconds(10));
    tiered = TieredCache.builder("bench-l2", Codec.utf8()).l2(tier).l1MaximumSize(0)
        .l2Timeout(Duration.ofSeconds(1)).breaker(Breakers.standalone("bench-l2")).build();
    String value = "{\"id\":\"7\",\"name\":\"Ada Lovelace\",\"status\":\"active\"}";
    tiered.put("user:7", value);
    rawKey = "raw:user:7".getBytes(StandardCharsets.UTF_8);
    raw.set(rawKey, ("\u0001\u0000" + value).getBytes(StandardCharsets.UTF_8)); // same bytes
    jetCacheClient = RedisClient.create(redis.uri());
    jetCacheRemote = com.alicp.jetcache.redis.lettuce.RedisLettuceCacheBuilder
        .createRedisLettuceCacheBuilder().redisClient(jetCacheClient)
        .keyConvertor(com.alicp.jetcache.support.Fastjson2KeyConvertor.INSTANCE)
        .keyPrefix("jetcache:").expireAfterWrite(1, TimeUnit.HOURS).buildCache();
    jetCacheRemote.put("user:7", value);
    Config config = new Config();
    config.useSingleServer().setAddress(redis.uri().toString());
    redisson = Redisson.create(config);
    redissonBucket = redisson.getBucket("redisson:user:7");
    redissonBucket.set(value);
    scriptSha = raw.scriptLoad(("local v = redis.call('GET', KEYS[1])\n"
        + "if v and string.byte(v, 2) ~= 3 then return v end\n"
        + "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])\nreturn ARGV[1]\n")
        .getBytes(StandardCharsets.UTF_8));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    tiered.close();
    tier.close();
    jetCacheRemote.close();
    jetCacheClient.shutdown();
    redisson.shutdown();
    connection.close();
    client.shutdown();
    redis.stop();
  }

  /** Baseline: Lettuce's synchronous GET. */
  @Benchmark
  public byte[] rawLettuceGet() {
    return raw.get(rawKey);
  }

  /** Floor of the fenced read: the same lease-taking script, sent raw through Lettuce. */
  @Benchmark
  public byte[] rawLettuceEvalsha() {
    return raw.evalsha(scriptSha, io.lettuce.core.ScriptOutputType.VALUE, new byte[][] {rawKey},
        LEASE, TTL);
  }

  /** JetCache 2.7.8: its Lettuce remote cache. */
  @Benchmark
  public String jetCacheRemoteGet() {
    return jetCacheRemote.get("user:7");
  }

  /** Redisson 3.52: a bucket's get. */
  @Benchmark
  public String redissonBucketGet() {
    return redissonBucket.get();
  }

  /** Slipstream: L1 miss, L2 hit, decode. */
  @Benchmark
  public String tieredCacheL2Hit() {
    return tiered.get("user:7", NEVER);
  }
}

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

/**
 * An L2 hit of {@link TieredCache} (L1 of size 0, so every read goes to Redis) against a raw
 * Lettuce {@code GET} of the same bytes, on a real redis-server over loopback.
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

  @Setup(Level.Trial)
  public void setUp() {
    redis = new RedisServerExtension();
    redis.startOnFreePort();
    client = RedisClient.create(redis.uri());
    connection = client.connect(ByteArrayCodec.INSTANCE);
    raw = connection.sync();
    tier = RedisTier.connect(redis.uri());
    tiered = TieredCache.builder("bench-l2", Codec.utf8()).l2(tier).l1MaximumSize(0)
        .l2Timeout(Duration.ofSeconds(1)).breaker(Breakers.standalone("bench-l2")).build();
    String value = "{\"id\":\"7\",\"name\":\"Ada Lovelace\",\"status\":\"active\"}";
    tiered.put("user:7", value);
    rawKey = "raw:user:7".getBytes(StandardCharsets.UTF_8);
    raw.set(rawKey, ("\u0001\u0000" + value).getBytes(StandardCharsets.UTF_8)); // same bytes
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    tiered.close();
    tier.close();
    connection.close();
    client.shutdown();
    redis.stop();
  }

  /** Baseline: Lettuce's synchronous GET. */
  @Benchmark
  public byte[] rawLettuceGet() {
    return raw.get(rawKey);
  }

  /** Slipstream: L1 miss, L2 hit, decode. */
  @Benchmark
  public String tieredCacheL2Hit() {
    return tiered.get("user:7", NEVER);
  }
}

package dev.slipstream.benchmarks;

import dev.slipstream.cache.Codec;
import dev.slipstream.cache.RedisTier;
import dev.slipstream.cache.TieredCache;
import dev.slipstream.core.Breakers;
import dev.slipstream.testing.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a Redis restart costs a fleet: three instances, each with 1,000 hot keys in L1, reading
 * them as fast as they can from one thread each; the source behind the loader takes 2 ms a call
 * (a DynamoDB GetItem). Redis is stopped and started (empty), and the harness reports, per 250 ms
 * after the restart, reads served and source loads, beside the steady rate before it.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.slipstream.benchmarks.RestartBurst
 * </pre>
 *
 * Uses only the public API, so it also runs against earlier releases for a side-by-side figure.
 */
public final class RestartBurst {

  private static final int INSTANCES = 3;
  private static final int KEYS = 1_000;
  private static final long SOURCE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
  private static final Duration BUCKET = Duration.ofMillis(250);
  private static final int BUCKETS_AFTER = 24;

  private RestartBurst() {}

  public static void main(String[] args) throws Exception {
    RedisServerExtension redis = new RedisServerExtension();
    redis.startOnFreePort();
    AtomicLong loads = new AtomicLong();
    AtomicLong reads = new AtomicLong();
    List<RedisTier> tiers = new ArrayList<>();
    List<TieredCache<String>> fleet = new ArrayList<>();
    for (int i = 0; i < INSTANCES; i++) {
      RedisTier tier = RedisTier.connect(redis.uri());
      tier.warm();
      tiers.add(tier);
      fleet.add(TieredCache.builder("burst", Codec.utf8()).l2(tier)
          .breaker(Breakers.standalone("burst-" + i)).l1MaximumSize(2 * KEYS)
          .l1Ttl(Duration.ofMinutes(5)).ttlJitter(0).build());
    }
    for (TieredCache<String> cache : fleet) {
      for (int k = 0; k < KEYS; k++) {
        cache.get("user:" + k, key -> "value of " + key);
      }
    }
    running = true;
    List<Thread> readers = new ArrayList<>();
    for (int i = 0; i < INSTANCES; i++) {
      TieredCache<String> cache = fleet.get(i);
      SplittableRandom random = new SplittableRandom(i);
      Thread reader = new Thread(() -> {
        while (running) {
          cache.get("user:" + random.nextInt(KEYS), key -> {
            loads.incrementAndGet();
            long until = System.nanoTime() + SOURCE_NANOS; // the simulated DynamoDB call
            while (System.nanoTime() < until) {
              Thread.onSpinWait();
            }
            return "value of " + key;
          });
          reads.incrementAndGet();
        }
      }, "reader-" + i);
      reader.setDaemon(true);
      reader.start();
      readers.add(reader);
    }
    sample(reads, Duration.ofSeconds(3)); // JIT warm-up
    long steadyReads = sample(reads, Duration.ofSeconds(2)) / 8; // per 250 ms
    long loadsBefore = loads.get();
    long restartAt = System.nanoTime();
    redis.stop();
    redis.start();
    System.out.printf("steady: %,d reads per %d ms (3 instances); restart took %d ms%n",
        steadyReads, BUCKET.toMillis(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartAt));
    System.out.println("after restart | reads | % of steady | source loads");
    long totalLoads = 0;
    long worst = Long.MAX_VALUE;
    for (int b = 1; b <= BUCKETS_AFTER; b++) {
      long l0 = loads.get();
      long r = sample(reads, BUCKET);
      long l = loads.get() - l0;
      totalLoads += l;
      worst = Math.min(worst, r);
      System.out.printf("%5d ms      | %,6d | %5.1f %% | %,d%n", b * BUCKET.toMillis(), r,
          100.0 * r / steadyReads, l);
    }
    System.out.printf("source loads in the %d s after the restart: %,d of %,d hot keys (%.1f %%);"
        + " worst 250 ms: %.1f %% of steady; loads before the restart (warm-up excluded): %,d%n",
        BUCKETS_AFTER * BUCKET.toMillis() / 1000, totalLoads, INSTANCES * KEYS,
        100.0 * totalLoads / (INSTANCES * KEYS), 100.0 * worst / steadyReads,
        loadsBefore);
    fleet.forEach(c -> System.out.println(c.stats()));
    running = false;
    for (Thread reader : readers) {
      reader.join(5_000);
    }
    fleet.forEach(TieredCache::close);
    tiers.forEach(RedisTier::close);
    redis.stop();
  }

  private static volatile boolean running;

  private static long sample(AtomicLong counter, Duration window) throws InterruptedException {
    long before = counter.get();
    Thread.sleep(window.toMillis()); // a measurement window, not a wait for an event
    return counter.get() - before;
  }
}

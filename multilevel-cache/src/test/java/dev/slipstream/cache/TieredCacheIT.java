package dev.slipstream.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipstream.core.Breakers;
import dev.slipstream.testing.RedisServerExtension;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;

/** TieredCache on a real redis-server: L2 sharing, stampedes, outages, invalidation. */
class TieredCacheIT {

  @RegisterExtension
  static final RedisServerExtension REDIS = new RedisServerExtension();

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final MutableClock breakerClock = new MutableClock();
  private RedisClient raw;
  private StatefulRedisConnection<String, String> rawConnection;

  @BeforeEach
  void rawClient() {
    raw = RedisClient.create(REDIS.uri());
    rawConnection = raw.connect();
    rawConnection.sync().flushall();
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    rawConnection.close();
    raw.shutdown();
  }

  private RedisTier tier() {
    RedisTier tier = RedisTier.connect(REDIS.uri());
    closeables.add(tier);
    return tier;
  }

  private CircuitBreaker breaker(String name) {
    return CircuitBreaker.of(name, CircuitBreakerConfig.from(Breakers.preset())
        .clock(breakerClock).build());
  }

  private TieredCache.Builder<String> builder(String name, RedisTier tier) {
    return TieredCache.builder(name, Codec.utf8()).l2(tier).breaker(breaker(name))
        .l2Timeout(Duration.ofMillis(100));
  }

  private <V> TieredCache<V> track(TieredCache<V> cache) {
    closeables.add(0, cache);
    return cache;
  }

  @Test
  void secondInstance_servedFromL2_withoutLoading() {
    TieredCache<String> a = track(builder("shared", tier()).build());
    TieredCache<String> b = track(builder("shared", tier()).build());
    assertThat(a.get("k", k -> "v")).isEqualTo("v");
    awaitRedisValue("slipstream:shared:k");

    assertThat(b.get("k", k -> {
      throw new AssertionError("must come from L2");
    })).isEqualTo("v");
    assertThat(b.stats().l2Hits()).isEqualTo(1);
    assertThat(b.stats().loads()).isZero();
  }

  @Test
  void stampede_200Threads_loaderRunsOnce() throws Exception {
    TieredCache<String> cache = track(builder("stampede", tier()).build());
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch loaderEntered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Loader<String> slowLoader = k -> {
      loads.incrementAndGet();
      loaderEntered.countDown();
      release.await(10, TimeUnit.SECONDS);
      return "value";
    };
    int threads = 200;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          ready.countDown();
          go.await();
          return cache.get("hot", slowLoader);
        }));
      }
      ready.await();
      go.countDown();
      assertThat(loaderEntered.await(10, TimeUnit.SECONDS)).isTrue();
      release.countDown();
      for (Future<String> result : results) {
        assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("value");
      }
      assertThat(loads).hasValue(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void outage_stoppedRedis_readsSucceed_breakerOpensThenClosesWhenBack() throws Exception {
    RedisTier tier = tier();
    TieredCache<String> cache = track(builder("outage", tier).build());
    assertThat(cache.get("warm", k -> "w")).isEqualTo("w");

    REDIS.stop();
    for (int i = 0; i < 20; i++) {
      String key = "k" + i;
      assertThat(cache.get(key, k -> "v-" + k)).isEqualTo("v-" + key);
    }
    CacheStats down = cache.stats();
    assertThat(down.breakerState()).isEqualTo(BreakerState.OPEN);
    // The window holds the warm-up's successes too, so it opens after a few errors, not five.
    assertThat(down.l2Errors()).isBetween(1L, (long) Breakers.MINIMUM_CALLS);
    assertThat(down.l2Skipped()).as("once open, reads skip Redis").isPositive();

    CountDownLatch reconnected = new CountDownLatch(2); // data and pub/sub connections
    Disposable watch = tier.eventBus().get()
        .filter(e -> e instanceof ConnectionActivatedEvent).subscribe(e -> reconnected.countDown());
    try {
      REDIS.start();
      assertThat(reconnected.await(15, TimeUnit.SECONDS)).as("Lettuce reconnected").isTrue();
    } finally {
      watch.dispose();
    }
    breakerClock.advance(Breakers.OPEN_DURATION.plusSeconds(1));

    // Trial calls (puts wait for Redis, so they are counted at once) close the breaker; then
    // another instance finds values in L2 again.
    for (int i = 0; i < Breakers.HALF_OPEN_CALLS; i++) {
      cache.put("after" + i, "a-after" + i);
    }
    assertThat(cache.stats().breakerState()).isEqualTo(BreakerState.CLOSED);
    TieredCache<String> other = track(builder("outage", tier()).build());
    assertThat(other.get("after0", k -> "reloaded")).isEqualTo("a-after0");
    assertThat(other.stats().l2Hits()).isEqualTo(1);
  }

  @Test
  void outage_pausedRedis_eachReadBoundedByTimeout_thenRecovers() {
    TieredCache<String> cache = track(builder("paused", tier()).build());
    assertThat(cache.get("warm", k -> "w")).isEqualTo("w");
    REDIS.pause();
    try {
      for (int i = 0; i < 10; i++) {
        long start = System.nanoTime();
        assertThat(cache.get("p" + i, k -> "v" + k)).isEqualTo("vp" + i);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(millis).as("l2Timeout (100 ms) plus a near-instant loader").isLessThan(600);
      }
      CacheStats stats = cache.stats();
      assertThat(stats.l2Timeouts()).isBetween(1L, (long) Breakers.MINIMUM_CALLS);
      assertThat(stats.breakerState()).isEqualTo(BreakerState.OPEN);
      assertThat(stats.l2Skipped()).as("once open, reads skip Redis").isPositive();
    } finally {
      REDIS.resume();
    }
    breakerClock.advance(Breakers.OPEN_DURATION.plusSeconds(1));
    for (int i = 0; i < Breakers.HALF_OPEN_CALLS; i++) {
      cache.put("back" + i, "b");
    }
    assertThat(cache.stats().breakerState()).isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void invalidate_onOneInstance_otherSeesNewValueWithinOneSecond() throws Exception {
    TieredCache<String> a = track(builder("inv", tier()).build());
    TieredCache<String> b = track(builder("inv", tier()).build());
    CountDownLatch subscribed = new CountDownLatch(1);
    b.onSubscribed(subscribed::countDown);
    a.get("k", k -> "v1");
    awaitRedisValue("slipstream:inv:k");
    assertThat(b.get("k", k -> "unexpected")).isEqualTo("v1");
    assertThat(subscribed.await(10, TimeUnit.SECONDS)).as("b listens").isTrue();

    CountDownLatch dropped = new CountDownLatch(1);
    b.onInvalidation(key -> dropped.countDown());
    a.put("k", "v2");
    assertThat(dropped.await(1, TimeUnit.SECONDS)).isTrue();
    assertThat(b.get("k", k -> "unexpected")).isEqualTo("v2");

    CountDownLatch droppedAgain = new CountDownLatch(1);
    b.onInvalidation(key -> droppedAgain.countDown());
    a.invalidate("k");
    assertThat(droppedAgain.await(1, TimeUnit.SECONDS)).isTrue();
    assertThat(b.get("k", k -> "reloaded")).isEqualTo("reloaded");
  }

  @Test
  void missedMessage_frozenInstance_staleAtMostL1Ttl() {
    FakeTicker ticker = new FakeTicker();
    TieredCache<String> a = track(builder("frozen", tier()).build());
    TieredCache<String> frozen = track(builder("frozen", tier()).ticker(ticker).ttlJitter(0)
        .l1Ttl(Duration.ofSeconds(2)).listenForInvalidations(false).build());
    a.get("k", k -> "v1");
    awaitRedisValue("slipstream:frozen:k");
    assertThat(frozen.get("k", k -> "unexpected")).isEqualTo("v1");

    a.put("k", "v2"); // the frozen instance never hears of it

    ticker.advance(Duration.ofMillis(1_999));
    assertThat(frozen.get("k", k -> "unexpected")).as("within the bound").isEqualTo("v1");
    ticker.advance(Duration.ofMillis(2));
    assertThat(frozen.get("k", k -> "unexpected")).as("bound reached").isEqualTo("v2");
  }

  @Test
  void missedMessage_subscriptionDropped_l1RecheckedOnResubscribe() throws Exception {
    TieredCache<String> a = track(builder("dropped", tier()).build());
    TieredCache<String> b = track(builder("dropped", tier()).build());
    a.get("k", k -> "v1");
    awaitRedisValue("slipstream:dropped:k");
    CountDownLatch subscribed = new CountDownLatch(1);
    b.onSubscribed(subscribed::countDown);
    b.get("k", k -> "unexpected"); // connects and subscribes
    assertThat(subscribed.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(b.get("k", k -> "unexpected")).isEqualTo("v1");
    long hits = b.stats().l1Hits();
    assertThat(b.get("k", k -> "unexpected")).isEqualTo("v1");
    assertThat(b.stats().l1Hits()).as("v1 is in b's L1").isEqualTo(hits + 1);

    CountDownLatch resubscribed = new CountDownLatch(1);
    b.onSubscribed(resubscribed::countDown);
    rawConnection.sync().clientKill(io.lettuce.core.KillArgs.Builder.typePubsub());
    a.put("k", "v2"); // published while b's subscription is down: b never hears it

    assertThat(resubscribed.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(b.get("k", k -> "unexpected")).isEqualTo("v2");
  }

  @Test
  void garbageInRedis_isAMissAndReloaded() {
    TieredCache<String> cache = track(builder("garbage", tier()).build());
    rawConnection.sync().set("slipstream:garbage:k", "not a frame");
    assertThat(cache.get("k", k -> "fresh")).isEqualTo("fresh");
    assertThat(cache.stats().l2DecodeErrors()).isEqualTo(1);
    assertThat(cache.stats().loads()).isEqualTo(1);
  }

  @Test
  void getAll_oneMgetOneBulkLoad_absentCachedInBothTiers() {
    TieredCache<String> a = track(builder("bulk", tier()).build());
    a.get("x", k -> "X");
    awaitRedisValue("slipstream:bulk:x");
    TieredCache<String> b = track(builder("bulk", tier()).build());
    AtomicInteger bulkCalls = new AtomicInteger();
    var result = b.getAll(List.of("x", "y", "z"), keys -> {
      bulkCalls.incrementAndGet();
      assertThat(keys).containsExactlyInAnyOrder("y", "z");
      return java.util.Map.of("y", "Y");
    });
    assertThat(result).containsOnly(java.util.Map.entry("x", "X"), java.util.Map.entry("y", "Y"));
    assertThat(bulkCalls).hasValue(1);
    assertThat(b.stats().l2Hits()).isEqualTo(1);
    awaitRedisValue("slipstream:bulk:z");
    assertThat(rawConnection.sync().pttl("slipstream:bulk:z"))
        .as("tombstone kept for negativeTtl").isPositive()
        .isLessThanOrEqualTo(TieredCache.DEFAULT_NEGATIVE_TTL.toMillis() * 11 / 10);
  }

  @Test
  void invalidateAll_clearsRedisKeysOfThisCacheOnly() {
    TieredCache<String> a = track(builder("all", tier()).build());
    a.put("1", "one");
    a.put("2", "two");
    rawConnection.sync().set("slipstream:other:1", "keep");
    a.invalidateAll();
    assertThat(rawConnection.sync().exists("slipstream:all:1", "slipstream:all:2")).isZero();
    assertThat(rawConnection.sync().get("slipstream:other:1")).isEqualTo("keep");
  }

  /**
   * Background L2 writes are not awaited by the cache. Instead of sleeping, the test makes Redis
   * round trips until the key is there (bounded): each one lets the server catch up.
   */
  private void awaitRedisValue(String key) {
    for (int i = 0; i < 1000 && rawConnection.sync().exists(key) == 0; i++) {
      rawConnection.sync().ping(); // each round trip lets the server process the pending SET
    }
    assertThat(rawConnection.sync().exists(key)).as("key %s in Redis", key).isEqualTo(1);
  }
}

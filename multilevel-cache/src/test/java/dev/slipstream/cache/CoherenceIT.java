package dev.slipstream.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipstream.core.Breakers;
import dev.slipstream.testing.RedisServerExtension;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The races and outages behind the coherence promise, each driven on purpose against a real
 * redis-server: a load held on a latch while a write happens, writes while the breaker is open or
 * Redis is paused, Redis paused before the first use, a codec failing inside a bulk load, a key
 * that looks like a control message, a restart while instances hold L1 entries.
 */
class CoherenceIT {

  @RegisterExtension
  static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final MutableClock breakerClock = new MutableClock();
  private RedisClient raw;
  private StatefulRedisConnection<byte[], byte[]> rawConnection;

  @BeforeEach
  void rawClient() {
    raw = RedisClient.create(REDIS.uri());
    rawConnection = raw.connect(ByteArrayCodec.INSTANCE);
    rawConnection.sync().flushall();
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    rawConnection.close();
    raw.shutdown();
    if (!REDIS.isRunning()) {
      REDIS.start();
    }
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

  /** An instance: its own tier (connected, subscribed), breaker and cache. */
  private TieredCache<String> instance(String name, CircuitBreaker breaker) {
    RedisTier tier = tier();
    TieredCache<String> cache = TieredCache.builder(name, Codec.utf8()).l2(tier).breaker(breaker)
        .l2Timeout(Duration.ofMillis(200)).build();
    closeables.add(0, cache);
    CountDownLatch subscribed = new CountDownLatch(1);
    cache.onSubscribed(subscribed::countDown);
    assertThat(tier.warm(WAIT)).isTrue();
    await(subscribed);
    return cache;
  }

  private TieredCache<String> instance(String name) {
    return instance(name, breaker(name + "-" + closeables.size()));
  }

  private String redisValue(String key) {
    byte[] framed = rawConnection.sync().get(key.getBytes(StandardCharsets.UTF_8));
    if (framed == null) {
      return null;
    }
    return switch (Frame.kind(framed)) {
      case Frame.VALUE -> new String(Frame.payload(framed), StandardCharsets.UTF_8);
      case Frame.INVALIDATED -> "<invalidated>";
      case Frame.LEASE -> "<lease>";
      case Frame.ABSENT -> "<absent>";
      default -> "<garbage>";
    };
  }

  private static Loader<String> mustNotLoad() {
    return k -> {
      throw new AssertionError("must not reach the loader for " + k);
    };
  }

  // ---- writes fence out older loads ----------------------------------------------------------

  @Test
  void loadRacingPut_loaderHeldUntilThePutIsDone_neitherTierKeepsTheOldValue() throws Exception {
    TieredCache<String> a = instance("race");
    TieredCache<String> b = instance("race");
    AtomicReference<String> source = new AtomicReference<>("v1");
    CountDownLatch loaderRead = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch bHeard = new CountDownLatch(1);
    b.onInvalidation(key -> bHeard.countDown());

    CompletableFuture<String> bLoad = CompletableFuture.supplyAsync(() -> b.get("k", k -> {
      String read = source.get(); // read before the write...
      loaderRead.countDown();
      release.await(WAIT.toSeconds(), TimeUnit.SECONDS); // ...returned after it
      return read;
    }));
    await(loaderRead);
    source.set("v2");
    assertThat(a.put("k", "v2")).isEqualTo(WriteStatus.CONFIRMED);
    await(bHeard);
    release.countDown();

    assertThat(bLoad.get(WAIT.toSeconds(), TimeUnit.SECONDS))
        .as("the racing caller gets what it read: its read began before the write").isEqualTo("v1");
    assertThat(redisValue("slipstream:race:k")).as("Redis kept the write").isEqualTo("v2");
    assertThat(b.get("k", k -> source.get())).as("b's L1 did not keep v1").isEqualTo("v2");
    assertThat(b.stats().fencedLoads()).isEqualTo(1);
    TieredCache<String> c = instance("race");
    assertThat(c.get("k", mustNotLoad())).as("a fresh instance").isEqualTo("v2");
  }

  @Test
  void loadRacingInvalidate_sameInstance_theOldValueIsNotCached() throws Exception {
    TieredCache<String> a = instance("race-own");
    AtomicReference<String> source = new AtomicReference<>("v1");
    CountDownLatch loaderRead = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<String> load = CompletableFuture.supplyAsync(() -> a.get("k", k -> {
      String read = source.get();
      loaderRead.countDown();
      release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
      return read;
    }));
    await(loaderRead);
    source.set("v2");
    assertThat(a.invalidate("k")).isEqualTo(WriteStatus.CONFIRMED);
    // a caller arriving after the write must not join the load that began before it
    assertThat(a.get("k", k -> source.get())).isEqualTo("v2");
    release.countDown();
    assertThat(load.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("v1");
    assertThat(redisValue("slipstream:race-own:k")).isEqualTo("v2");
    assertThat(a.get("k", mustNotLoad())).isEqualTo("v2");
  }

  @Test
  void refreshRacingPut_refreshDoesNotOverwriteTheWrite() throws Exception {
    FakeTicker ticker = new FakeTicker();
    List<Runnable> background = new ArrayList<>();
    RedisTier tier = tier();
    TieredCache<String> a = TieredCache.builder("refresh", Codec.utf8()).l2(tier)
        .breaker(breaker("refresh-a")).ticker(ticker).ttlJitter(0)
        .refreshAfter(Duration.ofSeconds(5)).executor(background::add).build();
    closeables.add(0, a);
    assertThat(tier.warm(WAIT)).isTrue();
    TieredCache<String> b = instance("refresh");
    AtomicReference<String> source = new AtomicReference<>("v1");
    CountDownLatch loaderRead = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    assertThat(a.get("k", k -> source.get())).isEqualTo("v1");
    ticker.advance(Duration.ofSeconds(6));
    assertThat(a.get("k", k -> {
      String read = source.get();
      loaderRead.countDown();
      release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
      return read;
    })).as("stale-while-refresh").isEqualTo("v1");
    List<Runnable> refreshes = background.stream().toList();
    assertThat(refreshes).hasSizeGreaterThanOrEqualTo(1);
    CompletableFuture<Void> refresh = CompletableFuture.runAsync(() -> refreshes.forEach(Runnable::run));
    await(loaderRead);
    source.set("v2");
    assertThat(b.put("k", "v2")).isEqualTo(WriteStatus.CONFIRMED);
    release.countDown();
    refresh.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(redisValue("slipstream:refresh:k")).isEqualTo("v2");
    assertThat(a.stats().fencedLoads()).isEqualTo(1);
  }

  // ---- unconfirmed writes are replayed -------------------------------------------------------

  @Test
  void putWhileBreakerOpen_pending_thenReplayedWhenRedisAnswers_otherInstanceSeesIt() {
    CircuitBreaker aBreaker = breaker("open-a");
    TieredCache<String> a = instance("open", aBreaker);
    TieredCache<String> b = instance("open");
    assertThat(b.get("k", k -> "v1")).isEqualTo("v1");
    CountDownLatch bHeard = new CountDownLatch(1);
    b.onInvalidation(key -> {
      if (key.equals("k")) {
        bHeard.countDown();
      }
    });

    aBreaker.transitionToForcedOpenState();
    assertThat(a.put("k", "v2")).isEqualTo(WriteStatus.PENDING);
    assertThat(a.stats().pendingWrites()).isEqualTo(1);
    assertThat(a.get("k", mustNotLoad())).as("the writer serves its write").isEqualTo("v2");
    assertThat(redisValue("slipstream:open:k")).as("not in Redis yet").isEqualTo("v1");

    aBreaker.transitionToClosedState();
    assertThat(a.get("other", k -> "o")).isEqualTo("o"); // Redis answers: the replay starts
    await(bHeard);
    assertThat(b.get("k", k -> "v2")).as("b reloads after the replayed invalidation")
        .isEqualTo("v2");
    assertThat(redisValue("slipstream:open:k")).isIn("<invalidated>", "v2");
    // b hears the broadcast while the replay still holds its lock, before it counts the key as
    // replayed: waiting for the lock (replayPending) is what makes the counters final.
    assertThat(a.replayPending(WAIT)).isTrue();
    CacheStats stats = a.stats();
    assertThat(stats.pendingWrites()).isZero();
    assertThat(stats.replayedWrites()).isEqualTo(1);
  }

  @Test
  void invalidateWhileRedisPaused_pending_replayPendingAfterResume() {
    TieredCache<String> a = instance("paused-write");
    TieredCache<String> b = instance("paused-write");
    assertThat(b.get("k", k -> "v1")).isEqualTo("v1");
    REDIS.pause();
    WriteStatus status;
    try {
      status = a.invalidate("k");
      assertThat(a.get("k", k -> "v2")).as("a does not trust Redis for its pending key")
          .isEqualTo("v2");
    } finally {
      REDIS.resume();
    }
    assertThat(status).isEqualTo(WriteStatus.PENDING);
    breakerClock.advance(Breakers.OPEN_DURATION.plusSeconds(1));
    assertThat(a.replayPending(WAIT)).isTrue();
    assertThat(a.stats().replayedWrites()).isEqualTo(1);
    assertThat(redisValue("slipstream:paused-write:k")).isEqualTo("<invalidated>");
  }

  // ---- bounded waits -------------------------------------------------------------------------

  @Test
  void redisPausedBeforeFirstUse_everyGetWithinL2TimeoutPlusLoader() {
    REDIS.pause();
    TieredCache<String> cache;
    RedisTier tier = tier();
    try {
      cache = TieredCache.builder("first-use", Codec.utf8()).l2(tier)
          .breaker(breaker("first-use")).l2Timeout(Duration.ofMillis(100)).build();
      closeables.add(0, cache);
      for (int i = 0; i < 5; i++) {
        long start = System.nanoTime();
        assertThat(cache.get("k" + i, k -> "v")).isEqualTo("v");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // Lettuce's handshake would wait 60 s here; the cache waits l2Timeout (100 ms).
        assertThat(millis).as("get %d took %d ms", i, millis).isLessThan(1_500);
      }
      long start = System.nanoTime();
      assertThat(cache.put("w", "v")).isEqualTo(WriteStatus.PENDING);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_500);
      assertThat(tier.warm(Duration.ofMillis(100))).isFalse();
    } finally {
      REDIS.resume();
    }
    assertThat(tier.warm(WAIT)).as("connects once Redis answers").isTrue();
    breakerClock.advance(Breakers.OPEN_DURATION.plusSeconds(1));
    TieredCache<String> other = instance("first-use");
    assertThat(other.put("shared", "from-other")).isEqualTo(WriteStatus.CONFIRMED);
    assertThat(cache.get("shared", mustNotLoad())).isEqualTo("from-other");
  }

  // ---- getAll never hangs --------------------------------------------------------------------

  @Test
  void getAll_codecThrowsForOneKey_everyCallerCompletes() throws Exception {
    Codec<String> picky = new Codec<>() {
      @Override
      public byte[] encode(String value) {
        if (value.startsWith("bad")) {
          throw new IllegalArgumentException("cannot encode " + value);
        }
        return value.getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public String decode(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
      }
    };
    RedisTier tier = tier();
    assertThat(tier.warm(WAIT)).isTrue();
    TieredCache<String> cache = TieredCache.builder("picky", picky).l2(tier)
        .breaker(breaker("picky")).build();
    closeables.add(0, cache);
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Map<String, String>> first = CompletableFuture.supplyAsync(() ->
        cache.getAll(List.of("a", "b", "c"), keys -> {
          loading.countDown();
          release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
          return Map.of("a", "A", "b", "bad-B", "c", "C");
        }));
    await(loading);
    java.util.concurrent.FutureTask<String> waiterOnA =
        new java.util.concurrent.FutureTask<>(() -> cache.get("a", mustNotLoad()));
    java.util.concurrent.FutureTask<String> waiterOnB =
        new java.util.concurrent.FutureTask<>(() -> cache.get("b", mustNotLoad()));
    Thread a = new Thread(waiterOnA);
    Thread b = new Thread(waiterOnB);
    a.start();
    b.start();
    awaitBlocked(a);
    awaitBlocked(b); // both joined the bulk load under way
    release.countDown();

    assertThatThrownBy(() -> first.get(WAIT.toSeconds(), TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).cause()
        .isInstanceOf(CacheLoadException.class).hasMessageContaining("'b'")
        .hasMessageContaining("cache 'picky'");
    assertThat(waiterOnA.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("A");
    assertThatThrownBy(() -> waiterOnB.get(WAIT.toSeconds(), TimeUnit.SECONDS))
        .cause().isInstanceOf(CacheLoadException.class).hasMessageContaining("'b'");
    assertThat(cache.get("b", k -> "ok")).as("nothing cached for b").isEqualTo("ok");
  }

  // ---- keys and control messages -------------------------------------------------------------

  @Test
  void keyStar_isAnOrdinaryKey_notEverything() {
    TieredCache<String> a = instance("star");
    TieredCache<String> b = instance("star");
    assertThat(b.get("x", k -> "X")).isEqualTo("X");
    assertThat(b.get("*", k -> "STAR")).isEqualTo("STAR");
    CountDownLatch heard = new CountDownLatch(1);
    b.onInvalidation(key -> heard.countDown());
    assertThat(a.invalidate("*")).isEqualTo(WriteStatus.CONFIRMED);
    await(heard);
    long hits = b.stats().l1Hits();
    assertThat(b.get("x", mustNotLoad())).isEqualTo("X");
    assertThat(b.stats().l1Hits()).as("x stayed in b's L1").isEqualTo(hits + 1);
    assertThat(b.get("*", k -> "STAR2")).isEqualTo("STAR2");
  }

  @Test
  void invalidateAll_pagesThroughManyKeys_leavesOtherCachesAlone() {
    TieredCache<String> a = instance("many");
    TieredCache<String> b = instance("many");
    for (int i = 0; i < 2_500; i++) {
      rawConnection.async().set(("slipstream:many:k" + i).getBytes(StandardCharsets.UTF_8),
          Frame.value(("v" + i).getBytes(StandardCharsets.UTF_8)));
    }
    rawConnection.sync().set("slipstream:other:k1".getBytes(StandardCharsets.UTF_8),
        Frame.value("keep".getBytes(StandardCharsets.UTF_8)));
    assertThat(b.get("k7", mustNotLoad())).isEqualTo("v7");
    CountDownLatch heard = new CountDownLatch(1);
    b.onInvalidation(key -> heard.countDown());

    assertThat(a.invalidateAll()).isEqualTo(WriteStatus.CONFIRMED);
    await(heard);
    assertThat(rawConnection.sync().dbsize()).as("only the other cache's key is left")
        .isEqualTo(1);
    assertThat(redisValue("slipstream:other:k1")).isEqualTo("keep");
    assertThat(b.get("k7", k -> "reloaded")).isEqualTo("reloaded");
  }

  // ---- after a reconnect: re-check, do not drop ------------------------------------------------

  @Test
  void redisRestarted_l1EntriesRecheckedAndKept_noLoadBurst() {
    TieredCache<String> a = instance("restart");
    AtomicInteger loads = new AtomicInteger();
    for (int i = 0; i < 100; i++) {
      a.get("k" + i, k -> "v-" + k + "-" + loads.incrementAndGet());
    }
    assertThat(loads).hasValue(100);
    CountDownLatch resubscribed = new CountDownLatch(1);
    a.onSubscribed(resubscribed::countDown);
    REDIS.stop();
    REDIS.start();
    await(resubscribed);
    for (int i = 0; i < 100; i++) {
      assertThat(a.get("k" + i, (Loader<String>) k -> "reloaded-" + loads.incrementAndGet()))
          .startsWith("v-k" + i + "-");
    }
    assertThat(loads).as("no reload: an empty Redis contradicts nothing").hasValue(100);
    assertThat(a.stats().revalidations()).isEqualTo(100);
  }

  /** Waits (bounded) until {@code thread} parks: a waiter that joined a load under way. */
  private static void awaitBlocked(Thread thread) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (thread.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(thread.getState()).isEqualTo(Thread.State.WAITING);
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("waited for an event")
          .isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}

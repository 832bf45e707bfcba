package dev.slipstream.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipstream.core.Breakers;
import dev.slipstream.testing.RedisServerExtension;
import dev.slipstream.testing.faults.TcpProxy;
import dev.slipstream.testing.history.CoherenceChecker;
import dev.slipstream.testing.history.Event;
import dev.slipstream.testing.history.History;
import dev.slipstream.testing.history.VersionedSource;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Three cache instances, each with its own {@link RedisTier} behind its own TCP proxy (separate
 * Lambdas, as far as Redis can tell), on one real redis-server; a versioned source of truth;
 * writers that update the source and then {@code put} or {@code invalidate}; readers whose loader
 * reads the source, and sometimes stalls until a write of its key has finished (the classic
 * load/write race). Faults while it runs: Redis paused (SIGSTOP) and restarted, the pub/sub
 * connections killed, one instance's breaker forced open, one instance frozen for longer than
 * {@code l1Ttl}. Every operation goes into a {@link History}, checked at the end by
 * {@link CoherenceChecker} against the staleness bound the cache documents.
 *
 * <p>The run is made of rounds: operations run concurrently inside a round; between rounds the
 * workers are joined, faults healed, unconfirmed writes replayed, every listening instance synced
 * (a marker broadcast it must receive) and the cache's clock moved forward. Random choices come
 * from the seed, so a failing seed can be run again.
 */
class FleetCoherenceIT {

  @RegisterExtension
  static final RedisServerExtension REDIS = new RedisServerExtension();

  static final Duration L1_TTL = Duration.ofSeconds(2);
  static final Duration L2_TIMEOUT = Duration.ofMillis(100);
  static final int INSTANCES = 3;
  static final int WORKERS = 4;
  static final int ROUNDS = 36;
  static final int OPS_PER_WORKER = 24;
  static final List<String> KEYS = List.of("k0", "k1", "k2", "k3", "k4", "k5");

  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (RuntimeException e) {
        // best effort
      }
    }
    if (!REDIS.isRunning()) {
      REDIS.start();
    }
  }

  /** One instance: its cache, tier, proxy and breaker. */
  final class Instance {
    final String name;
    final TcpProxy proxy;
    final RedisTier tier;
    final MutableClock breakerClock = new MutableClock();
    final CircuitBreaker breaker;
    final TieredCache<String> cache;
    final Map<String, CountDownLatch> syncs = new ConcurrentHashMap<>();
    volatile long subscribedSince;
    volatile boolean frozen;

    Instance(String name, FakeTicker ticker, History history) {
      this.name = name;
      this.proxy = TcpProxy.start(REDIS.host(), REDIS.port());
      this.tier = RedisTier.connect("redis://127.0.0.1:" + proxy.port());
      this.breaker = CircuitBreaker.of(name, CircuitBreakerConfig.from(Breakers.preset())
          .clock(breakerClock).build());
      this.cache = TieredCache.builder("fleet", Codec.utf8()).l2(tier).breaker(breaker)
          .ticker(ticker).ttlJitter(0).l1Ttl(L1_TTL).l2Timeout(L2_TIMEOUT).build();
      cache.onSubscribed(() -> subscribedSince = history.tick());
      cache.onInvalidation(key -> {
        CountDownLatch latch = syncs.get(key);
        if (latch != null) {
          latch.countDown();
        }
      });
      closeables.add(0, proxy);
      closeables.add(0, tier);
      closeables.add(0, cache);
    }
  }

  /** Lets a loader wait until some write of its key has finished: the race this test is after. */
  static final class WriteSignals {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition written = lock.newCondition();
    private final Map<String, AtomicLong> done = new ConcurrentHashMap<>();

    long count(String key) {
      return done.computeIfAbsent(key, k -> new AtomicLong()).get();
    }

    void finished(String key) {
      lock.lock();
      try {
        done.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
        written.signalAll();
      } finally {
        lock.unlock();
      }
    }

    void awaitWriteAfter(String key, long seen) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
      lock.lock();
      try {
        while (count(key) == seen) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return; // no writer came: go on, the race just did not happen this time
          }
          written.awaitNanos(left);
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * The seeds CI runs; {@code -Dslipstream.fleet.seeds=FIRST-LAST} runs others (the soak in
   * {@code benchmarks/soak.sh} runs many).
   */
  static java.util.stream.LongStream seeds() {
    String range = System.getProperty("slipstream.fleet.seeds", "1-3");
    String[] bounds = range.split("-");
    return java.util.stream.LongStream.rangeClosed(Long.parseLong(bounds[0]),
        Long.parseLong(bounds[bounds.length - 1]));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void fleet_randomInterleavingsUnderFaults_neverStalerThanDocumented(long seed) throws Exception {
    FakeTicker ticker = new FakeTicker();
    History history = new History(ticker::read);
    VersionedSource source = new VersionedSource();
    WriteSignals signals = new WriteSignals();
    List<Instance> fleet = new ArrayList<>();
    for (int i = 0; i < INSTANCES; i++) {
      fleet.add(new Instance("i" + i, ticker, history));
    }
    RedisTier coordinatorTier = RedisTier.connect(REDIS.uri());
    closeables.add(0, coordinatorTier);
    TieredCache<String> coordinator = TieredCache.builder("fleet", Codec.utf8())
        .l2(coordinatorTier).breaker(Breakers.standalone("coordinator")).ttlJitter(0)
        .listenForInvalidations(false).build();
    closeables.add(0, coordinator);
    RedisClient raw = RedisClient.create(REDIS.uri());
    closeables.add(raw::shutdown);
    try (StatefulRedisConnection<String, String> c = raw.connect()) {
      c.sync().flushall(); // each seed starts from an empty Redis, like its empty source
    }
    Random plan = new Random(seed);
    ExecutorService workers = Executors.newFixedThreadPool(WORKERS + 1);
    closeables.add(workers::shutdownNow);
    for (Instance instance : fleet) {
      instance.cache.get("k0", k -> source.read(k)); // connect and subscribe
    }
    long syncs = 0;
    for (int round = 0; round < ROUNDS; round++) {
      Fault fault = round == 0 ? Fault.NONE : Fault.pick(plan);
      Instance target = fleet.get(plan.nextInt(INSTANCES));
      CountDownLatch halfway = new CountDownLatch(WORKERS * OPS_PER_WORKER / 2);
      if (fault == Fault.FREEZE) {
        history.note("freeze " + target.name);
        target.frozen = true;
        target.proxy.freeze();
      } else if (fault == Fault.BREAKER_OPEN) {
        history.note("breaker of " + target.name + " forced open");
        target.breaker.transitionToForcedOpenState();
      }
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < WORKERS; w++) {
        Random random = new Random(seed * 1_000_003L + round * 31L + w);
        running.add(workers.submit(() -> {
          for (int op = 0; op < OPS_PER_WORKER; op++) {
            step(random, fleet, history, source, signals);
            halfway.countDown();
          }
          return null;
        }));
      }
      if (fault.midRound()) {
        running.add(workers.submit(() -> {
          halfway.await(30, TimeUnit.SECONDS);
          inject(fault, history, raw);
          return null;
        }));
      }
      for (Future<?> f : running) {
        f.get(60, TimeUnit.SECONDS);
      }
      heal(fault, target, fleet, history, ticker);
      for (Instance instance : fleet) {
        if (!instance.frozen && replay(instance)) {
          history.replayed(instance.name);
        }
      }
      syncs++;
      String marker = "__sync-" + syncs;
      long published = sync(coordinator, fleet, marker, history);
      for (Instance instance : fleet) {
        CountDownLatch got = instance.syncs.remove(marker);
        if (!instance.frozen && got != null && got.getCount() == 0
            && instance.subscribedSince < published) {
          history.synced(instance.name, instance.subscribedSince);
        }
      }
      ticker.advance(Duration.ofMillis(plan.nextInt((int) (L1_TTL.toMillis() * 6 / 10))));
    }
    CoherenceChecker.withStalenessBound(L1_TTL).assertCoherent(history);
    // The run drove the situations the promise is about, not only quiet reads:
    List<CacheStats> stats = fleet.stream().map(i -> i.cache.stats()).toList();
    assertThat(stats.stream().mapToLong(CacheStats::fencedLoads).sum())
        .as("loads overtaken by a write, and not cached").isPositive();
    assertThat(stats.stream().mapToLong(CacheStats::replayedWrites).sum())
        .as("unconfirmed writes replayed").isPositive();
    assertThat(stats.stream().mapToLong(CacheStats::revalidations).sum())
        .as("L1 entries re-checked after a gap in the broadcasts").isPositive();
    assertThat(history.events().stream().filter(e -> e instanceof Event.Synced).count())
        .as("barriers at which instances had heard every broadcast").isGreaterThan(ROUNDS);
    assertThat(history.events()).hasSizeGreaterThan(ROUNDS * WORKERS * OPS_PER_WORKER / 2);
  }

  enum Fault {
    NONE, PAUSE, RESTART, KILL_PUBSUB, BREAKER_OPEN, FREEZE;

    static Fault pick(Random random) {
      int n = random.nextInt(100);
      if (n < 50) {
        return NONE;
      }
      return values()[1 + (n - 50) % (values().length - 1)];
    }

    boolean midRound() {
      return this == PAUSE || this == RESTART || this == KILL_PUBSUB;
    }
  }

  private void step(Random random, List<Instance> fleet, History history, VersionedSource source,
      WriteSignals signals) throws Exception {
    List<Instance> awake = fleet.stream().filter(i -> !i.frozen).toList();
    Instance at = awake.get(random.nextInt(awake.size()));
    String key = KEYS.get(random.nextInt(KEYS.size()));
    int kind = random.nextInt(100);
    if (kind < 60) {
      boolean stall = random.nextInt(4) == 0;
      History.Op op = history.begin(at.name, key);
      String value = at.cache.get(key, k -> {
        long seen = signals.count(k);
        String read = source.read(k);
        if (stall) {
          signals.awaitWriteAfter(k, seen);
        }
        return read;
      });
      op.read(VersionedSource.versionOf(key, value));
    } else if (kind < 90) {
      boolean put = kind < 75;
      var lock = source.writerLock(key);
      lock.lock();
      try {
        History.Op op = history.begin(at.name, key);
        long version = source.write(key);
        boolean confirmed = put
            ? confirmed(at.cache, key, VersionedSource.value(key, version))
            : invalidated(at.cache, key);
        op.wrote(version, put ? "put" : "invalidate", confirmed);
      } finally {
        lock.unlock();
      }
      signals.finished(key);
    } else {
      Set<String> keys = new LinkedHashSet<>();
      for (int i = 0; i < 3; i++) {
        keys.add(KEYS.get(random.nextInt(KEYS.size())));
      }
      List<History.Op> ops = keys.stream().map(k -> history.begin(at.name, k)).toList();
      Map<String, String> values = at.cache.getAll(keys, missing -> {
        Map<String, String> loaded = new java.util.HashMap<>();
        missing.forEach(k -> loaded.put(k, source.read(k)));
        return loaded;
      });
      int i = 0;
      for (String k : keys) {
        ops.get(i++).read(VersionedSource.versionOf(k, values.get(k)));
      }
    }
  }

  private static boolean confirmed(TieredCache<String> cache, String key, String value) {
    return cache.put(key, value).confirmed();
  }

  private static boolean invalidated(TieredCache<String> cache, String key) {
    return cache.invalidate(key).confirmed();
  }

  /** Replays what Redis did not confirm; whether nothing is left. */
  private static boolean replay(Instance instance) {
    return instance.cache.replayPending(Duration.ofSeconds(5));
  }

  private void inject(Fault fault, History history, RedisClient raw) {
    switch (fault) {
      case PAUSE -> {
        history.note("redis paused (SIGSTOP)");
        REDIS.pause();
      }
      case RESTART -> {
        history.note("redis stopped");
        REDIS.stop();
      }
      case KILL_PUBSUB -> {
        history.note("CLIENT KILL TYPE pubsub");
        try (StatefulRedisConnection<String, String> c = raw.connect()) {
          c.sync().clientKill(KillArgs.Builder.typePubsub());
        }
      }
      default -> { }
    }
  }

  private void heal(Fault fault, Instance target, List<Instance> fleet, History history,
      FakeTicker ticker) {
    switch (fault) {
      case PAUSE -> {
        REDIS.resume();
        history.note("redis resumed (SIGCONT)");
      }
      case RESTART -> {
        REDIS.start();
        history.note("redis started, empty");
      }
      case BREAKER_OPEN -> {
        target.breaker.transitionToClosedState();
        history.note("breaker of " + target.name + " closed");
      }
      case FREEZE -> {
        ticker.advance(L1_TTL.multipliedBy(3).dividedBy(2));
        history.note("clock moved 1.5 x l1Ttl while " + target.name + " was frozen");
        target.proxy.thaw();
        target.frozen = false;
        history.note("thaw " + target.name);
      }
      default -> { }
    }
    for (Instance instance : fleet) { // trial calls are let through after an outage
      instance.breakerClock.advance(Breakers.OPEN_DURATION.plusSeconds(1));
    }
  }

  /**
   * Broadcasts {@code marker} (an invalidation of a key nobody reads) until every awake instance
   * has received it, or a bounded number of attempts ran out (an instance still re-subscribing);
   * returns the history position of the first broadcast.
   */
  private long sync(TieredCache<String> coordinator, List<Instance> fleet, String marker,
      History history) throws InterruptedException {
    for (Instance instance : fleet) {
      instance.syncs.put(marker, new CountDownLatch(1));
    }
    long published = history.tick();
    for (int attempt = 0; attempt < 100; attempt++) {
      coordinator.invalidate(marker);
      boolean all = true;
      for (Instance instance : fleet) {
        if (!instance.frozen && !instance.syncs.get(marker).await(50, TimeUnit.MILLISECONDS)) {
          all = false;
        }
      }
      if (all) {
        break;
      }
    }
    return published;
  }
}

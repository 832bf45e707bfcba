package dev.slipstream.cache;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.slipstream.core.Breakers;
import dev.slipstream.core.Ticker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cache in two tiers: Caffeine in the instance (L1), Redis across instances (L2), then the loader.
 *
 * <pre>{@code
 * TieredCache<User> users = TieredCache.builder("users", Codec.json(User.class))
 *     .l2(RedisTier.connect(Env.required("REDIS_URL")))
 *     .build();
 * User user = users.get(id, key -> table.getItem(key));
 * }</pre>
 *
 * <p>What it promises:
 * <ul>
 *   <li><b>One load per key at a time</b> in an instance: concurrent callers of a missing key share
 *       one L2 lookup and one loader call. A loader exception reaches every waiting caller, wrapped
 *       in {@link CacheLoadException} naming the key, and nothing is cached.</li>
 *   <li><b>Never fails a read because of Redis.</b> Every Redis command is bounded by
 *       {@code l2Timeout} and goes through a circuit breaker; when Redis is down, paused, slow or
 *       tripped, reads go on with L1 and the loader. Errors are counted in {@link #stats()} and
 *       logged at most once per ten seconds.</li>
 *   <li><b>Absent values are cached</b>: a loader returning null stores a tombstone for
 *       {@code negativeTtl} in both tiers, so a missing key does not reach the loader each time.</li>
 *   <li><b>Invalidation reaches other instances</b>: {@link #put} and {@link #invalidate} write L2,
 *       then publish on this cache's channel, and other instances drop their L1 entry.
 *       <em>Staleness bound:</em> an instance that misses that message (frozen between invocations,
 *       or disconnected) serves an old value for at most {@code l1Ttl} (plus jitter) after loading
 *       it, and drops its whole L1 whenever its subscription is (re-)established.</li>
 *   <li><b>TTL jitter</b> (±10 % by default) spreads expiries so that instances do not reload a hot
 *       key in lock-step.</li>
 * </ul>
 * Keys in Redis are {@code <prefix>:<name>:<key>}; values are framed with a version byte and an
 * absent flag (a value that does not decode is a miss, and is deleted). Thread-safe.
 *
 * @param <V> the value type
 */
public final class TieredCache<V> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TieredCache.class);

  /** L1 entries at most. */
  public static final long DEFAULT_L1_MAXIMUM_SIZE = 10_000;
  /** How long L1 keeps a value: also the staleness bound for a missed invalidation. */
  public static final Duration DEFAULT_L1_TTL = Duration.ofSeconds(30);
  /** How long Redis keeps a value. */
  public static final Duration DEFAULT_L2_TTL = Duration.ofMinutes(10);
  /** How long an absent key is remembered. */
  public static final Duration DEFAULT_NEGATIVE_TTL = Duration.ofSeconds(30);
  /** How long a read waits for Redis before going on without it. */
  public static final Duration DEFAULT_L2_TIMEOUT = Duration.ofMillis(50);
  /** Relative spread of every TTL. */
  public static final double DEFAULT_TTL_JITTER = 0.10;
  /** The first part of every Redis key. */
  public static final String DEFAULT_KEY_PREFIX = "slipstream";
  /** Longest key, in UTF-8 bytes. */
  public static final int DEFAULT_MAX_KEY_BYTES = 512;

  private final String name;
  private final Codec<V> codec;
  private final Cache<String, Entry<V>> l1;
  private final L2 l2; // null: L1 only
  private final RedisTier tier;
  private final Invalidations invalidations;
  private final String keyPrefix; // "<prefix>:<name>:"
  private final int maxKeyBytes;
  private final long l1TtlNanos;
  private final long l2TtlNanos;
  private final long negativeTtlNanos;
  private final long refreshAfterNanos; // 0: off
  private final double jitter;
  private final Ticker ticker;
  private final Executor executor;
  private final CircuitBreaker breaker;
  private final Counters counters = new Counters();
  private final Map<String, CompletableFuture<Entry<V>>> inFlight = new ConcurrentHashMap<>();
  private final Set<String> refreshing = ConcurrentHashMap.newKeySet();
  private volatile Runnable subscribedHook = () -> { };
  private volatile java.util.function.Consumer<String> invalidationHook;

  private TieredCache(Builder<V> b) {
    this.name = b.name;
    this.codec = b.codec;
    this.ticker = b.ticker != null ? b.ticker : Ticker.system();
    this.executor = b.executor != null ? b.executor : ForkJoinPool.commonPool();
    this.l1TtlNanos = b.l1Ttl.toNanos();
    this.l2TtlNanos = b.l2Ttl.toNanos();
    this.negativeTtlNanos = b.negativeTtl.toNanos();
    this.refreshAfterNanos = b.refreshAfter == null ? 0 : b.refreshAfter.toNanos();
    this.invalidationHook = key -> { };
    this.jitter = b.jitter;
    this.maxKeyBytes = b.maxKeyBytes;
    this.keyPrefix = b.keyPrefix + ":" + name + ":";
    // Size-bounded only: expiry is checked on read against the entry's own deadline, which costs
    // one ticker read per hit instead of Caffeine's timer-wheel bookkeeping.
    this.l1 = Caffeine.newBuilder()
        .maximumSize(b.l1MaximumSize)
        .executor(Runnable::run) // no maintenance threads: a frozen Lambda would not run them
        .build();
    this.tier = b.tier;
    if (tier == null) {
      this.breaker = null;
      this.l2 = null;
      this.invalidations = null;
    } else {
      this.breaker = b.breaker != null ? b.breaker : Breakers.forDependency("redis:" + name);
      this.l2 = new L2(name, tier, breaker, b.l2Timeout, ticker, counters,
          new RateLimitedLog(LOG, ticker, 10, TimeUnit.SECONDS));
      this.invalidations = new Invalidations(keyPrefix + "invalidations",
          UUID.randomUUID().toString(), this::dropFromL1, this::dropAllFromL1,
          () -> subscribedHook.run());
      if (b.listen) {
        tier.subscribe(keyPrefix + "invalidations", invalidations);
      }
    }
  }

  /**
   * A builder.
   *
   * @param name names the cache in Redis keys, its invalidation channel, its breaker and messages
   * @param codec turns values into bytes for Redis
   */
  public static <V> Builder<V> builder(String name, Codec<V> codec) {
    return new Builder<>(name, codec);
  }

  /** The cache's name. */
  public String name() {
    return name;
  }

  /**
   * The value of {@code key}: from L1, else from Redis, else from {@code loader}, whose result is
   * then stored in both tiers (Redis without waiting).
   *
   * @return the value, or null if the loader found none (now or within the negative TTL)
   * @throws CacheLoadException if the loader threw
   * @throws IllegalArgumentException if the key is longer than the limit
   */
  public V get(String key, Loader<V> loader) {
    checkKey(key);
    requireNonNull(loader, "loader must not be null");
    Entry<V> entry = l1.getIfPresent(key);
    if (entry != null) {
      long now = ticker.read();
      if (entry.isFresh(now)) {
        counters.l1Hits.increment();
        maybeRefresh(key, entry, loader, now);
        return entry.value();
      }
      l1.asMap().remove(key, entry);
    }
    return loadShared(key, loader).value();
  }

  /**
   * The values of {@code keys}: L1 for each, one Redis MGET for the rest, and one
   * {@code bulkLoader} call for what is still missing.
   *
   * @return the keys that have values, with their values; absent keys are left out
   * @throws CacheLoadException if the bulk loader threw
   */
  public Map<String, V> getAll(Collection<String> keys, BulkLoader<V> bulkLoader) {
    requireNonNull(keys, "keys must not be null");
    requireNonNull(bulkLoader, "bulkLoader must not be null");
    Map<String, V> result = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (String key : new LinkedHashSet<>(keys)) {
      checkKey(key);
      Entry<V> entry = fresh(key);
      if (entry == null) {
        missing.add(key);
      } else {
        counters.l1Hits.increment();
        putIfPresent(result, key, entry);
      }
    }
    if (missing.isEmpty()) {
      return result;
    }
    if (l2 != null) {
      byte[][] redisKeys = missing.stream().map(this::redisKey).toArray(byte[][]::new);
      Map<Integer, byte[]> found = l2.mget(redisKeys);
      List<String> stillMissing = new ArrayList<>();
      for (int i = 0; i < missing.size(); i++) {
        Entry<V> entry = found.containsKey(i) ? decode(missing.get(i), found.get(i)) : null;
        if (entry == null) {
          stillMissing.add(missing.get(i));
        } else {
          counters.l2Hits.increment();
          l1.put(missing.get(i), entry);
          putIfPresent(result, missing.get(i), entry);
        }
      }
      missing = stillMissing;
    }
    if (!missing.isEmpty()) {
      counters.misses.add(missing.size());
      bulkLoad(missing, bulkLoader).forEach((key, entry) -> putIfPresent(result, key, entry));
    }
    return result;
  }

  /**
   * Stores {@code value} in L1 and Redis and tells other instances to drop their copy; waits up to
   * the L2 timeout for Redis, and goes on without it on failure.
   */
  public void put(String key, V value) {
    checkKey(key);
    requireNonNull(value, "value must not be null; use invalidate(key) to remove a key");
    Entry<V> entry = Entry.of(value, ticker.read(), jittered(l1TtlNanos));
    l1.put(key, entry);
    if (l2 != null) {
      l2.setThenPublish(redisKey(key), Frame.value(codec.encode(value)), ttlMillis(entry),
          invalidations.channel(), invalidations.message(key));
    }
  }

  /** Drops {@code key} here and in Redis, and tells other instances to drop theirs. */
  public void invalidate(String key) {
    checkKey(key);
    invalidateAll(List.of(key));
  }

  /**
   * Drops {@code keys} here and in Redis (one DEL), and tells other instances to drop theirs: after
   * a bulk write.
   */
  public void invalidateAll(Collection<String> keys) {
    requireNonNull(keys, "keys must not be null");
    if (keys.isEmpty()) {
      return;
    }
    keys.forEach(this::checkKey);
    l1.invalidateAll(keys);
    if (l2 != null) {
      byte[][] redisKeys = keys.stream().map(this::redisKey).toArray(byte[][]::new);
      List<byte[]> messages = keys.stream().map(invalidations::message).toList();
      l2.deleteThenPublish(redisKeys, invalidations.channel(), messages);
    }
  }

  /** Drops every key of this cache here and in Redis (found by SCAN), and on other instances. */
  public void invalidateAll() {
    l1.invalidateAll();
    if (l2 != null) {
      byte[] pattern = (globEscape(keyPrefix) + "*").getBytes(StandardCharsets.UTF_8);
      List<byte[]> keys = l2.scan(pattern);
      byte[] message = invalidations.message(Invalidations.ALL);
      if (keys.isEmpty()) {
        l2.publish(invalidations.channel(), message);
      } else {
        l2.deleteThenPublish(keys.toArray(byte[][]::new), invalidations.channel(),
            List.of(message));
      }
    }
  }

  /** A snapshot of the counters. */
  public CacheStats stats() {
    return counters.snapshot(breaker);
  }

  /** L1 entries now (approximate); for tests and diagnostics. */
  public long l1Size() {
    long now = ticker.read();
    l1.asMap().values().removeIf(e -> !e.isFresh(now));
    l1.cleanUp();
    return l1.estimatedSize();
  }

  /** Stops listening for invalidations; the {@link RedisTier} stays open for its other users. */
  @Override
  public void close() {
    if (tier != null) {
      tier.unsubscribe(keyPrefix + "invalidations", invalidations);
    }
  }

  private void dropFromL1(String key) {
    l1.invalidate(key);
    invalidationHook.accept(key);
  }

  private void dropAllFromL1() {
    l1.invalidateAll();
    invalidationHook.accept(Invalidations.ALL);
  }

  /**
   * Runs {@code listener} after another instance's message dropped a key from this instance's L1
   * ({@code "*"} for all of them), on Lettuce's event thread: keep it short. For metrics, logs
   * and tests; replaces the previous listener.
   */
  public void onInvalidation(java.util.function.Consumer<String> listener) {
    this.invalidationHook = requireNonNull(listener, "listener must not be null");
  }

  /** For tests: runs after the invalidation subscription was (re-)established and L1 dropped. */
  void onSubscribed(Runnable hook) {
    this.subscribedHook = requireNonNull(hook);
  }

  // ---- loading -------------------------------------------------------------------------------

  private Entry<V> loadShared(String key, Loader<V> loader) {
    CompletableFuture<Entry<V>> mine = new CompletableFuture<>();
    CompletableFuture<Entry<V>> existing = inFlight.putIfAbsent(key, mine);
    if (existing != null) {
      return await(key, existing);
    }
    try {
      Entry<V> entry = fresh(key); // a load may have finished since our miss
      if (entry != null) {
        counters.l1Hits.increment();
      } else {
        entry = l2 == null ? null : readL2(key);
        if (entry != null) {
          counters.l2Hits.increment();
          l1.put(key, entry);
        } else {
          counters.misses.increment();
          entry = load(key, loader);
          l1.put(key, entry);
          writeL2(key, entry);
        }
      }
      mine.complete(entry);
      return entry;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(key, mine);
    }
  }

  private Entry<V> await(String key, CompletableFuture<Entry<V>> shared) {
    try {
      return shared.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof CacheLoadException) {
        throw new CacheLoadException(cause.getMessage(), cause.getCause());
      }
      throw new CacheLoadException("Loading key '" + key + "' for cache '" + name + "' failed: "
          + cause, cause);
    }
  }

  private Entry<V> load(String key, Loader<V> loader) {
    long start = ticker.read();
    V value;
    try {
      value = loader.load(key);
    } catch (Exception e) {
      counters.loadFailures.increment();
      throw new CacheLoadException("Loading key '" + key + "' for cache '" + name + "' failed: "
          + e, e);
    } finally {
      counters.loadNanos.add(ticker.read() - start);
    }
    counters.loads.increment();
    return entryFor(value);
  }

  private Map<String, Entry<V>> bulkLoad(List<String> keys, BulkLoader<V> loader) {
    Map<String, CompletableFuture<Entry<V>>> mine = new LinkedHashMap<>();
    Map<String, CompletableFuture<Entry<V>>> theirs = new LinkedHashMap<>();
    for (String key : keys) {
      CompletableFuture<Entry<V>> future = new CompletableFuture<>();
      CompletableFuture<Entry<V>> existing = inFlight.putIfAbsent(key, future);
      if (existing == null) {
        mine.put(key, future);
      } else {
        theirs.put(key, existing); // another caller is loading it: share that load
      }
    }
    Map<String, Entry<V>> entries = new LinkedHashMap<>();
    try {
      if (!mine.isEmpty()) {
        long start = ticker.read();
        Map<String, V> loaded;
        try {
          loaded = loader.loadAll(java.util.Collections.unmodifiableSet(mine.keySet()));
        } catch (Exception e) {
          counters.loadFailures.increment();
          CacheLoadException failure = new CacheLoadException("Bulk loading " + mine.size()
              + " key(s) for cache '" + name + "' failed (first: '" + mine.keySet().iterator().next()
              + "'): " + e, e);
          mine.values().forEach(f -> f.completeExceptionally(failure));
          throw failure;
        } finally {
          counters.loadNanos.add(ticker.read() - start);
        }
        counters.loads.increment();
        for (Map.Entry<String, CompletableFuture<Entry<V>>> own : mine.entrySet()) {
          Entry<V> entry = entryFor(loaded == null ? null : loaded.get(own.getKey()));
          l1.put(own.getKey(), entry);
          writeL2(own.getKey(), entry);
          own.getValue().complete(entry);
          entries.put(own.getKey(), entry);
        }
      }
    } finally {
      mine.forEach(inFlight::remove);
    }
    theirs.forEach((key, future) -> entries.put(key, await(key, future)));
    return entries;
  }

  /** The L1 entry of {@code key} if it has not expired; an expired one is removed. */
  private Entry<V> fresh(String key) {
    Entry<V> entry = l1.getIfPresent(key);
    if (entry == null || entry.isFresh(ticker.read())) {
      return entry;
    }
    l1.asMap().remove(key, entry);
    return null;
  }

  private void maybeRefresh(String key, Entry<V> entry, Loader<V> loader, long now) {
    if (refreshAfterNanos == 0 || now - entry.storedAtNanos() < refreshAfterNanos
        || !refreshing.add(key)) {
      return;
    }
    try {
      executor.execute(() -> {
        try {
          Entry<V> fresh = load(key, loader);
          l1.put(key, fresh);
          writeL2(key, fresh);
        } catch (RuntimeException e) {
          LOG.debug("Refreshing key '{}' of cache '{}' failed; the old value stays", key, name, e);
        } finally {
          refreshing.remove(key);
        }
      });
    } catch (RuntimeException e) {
      refreshing.remove(key);
    }
  }

  // ---- L2 ------------------------------------------------------------------------------------

  private Entry<V> readL2(String key) {
    byte[] framed = l2.get(redisKey(key));
    return framed == null ? null : decode(key, framed);
  }

  /** The entry of {@code framed}, or null (counted, and the bad key deleted) if it does not decode. */
  private Entry<V> decode(String key, byte[] framed) {
    if (Frame.valid(framed)) {
      if (Frame.isAbsent(framed)) {
        return Entry.absent(ticker.read(), jittered(Math.min(negativeTtlNanos, l1TtlNanos)));
      }
      try {
        return Entry.of(codec.decode(Frame.payload(framed)), ticker.read(), jittered(l1TtlNanos));
      } catch (RuntimeException e) {
        LOG.debug("Value of key '{}' in cache '{}' does not decode", key, name, e);
      }
    }
    counters.l2DecodeErrors.increment();
    l2.deleteInBackground(redisKey(key));
    return null;
  }

  private void writeL2(String key, Entry<V> entry) {
    if (l2 == null) {
      return;
    }
    byte[] framed = entry.absent() ? Frame.absent() : Frame.value(codec.encode(entry.value()));
    l2.setInBackground(redisKey(key), framed, ttlMillis(entry));
  }

  private long ttlMillis(Entry<V> entry) {
    long nanos = jittered(entry.absent() ? negativeTtlNanos : l2TtlNanos);
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos));
  }

  // ---- helpers -------------------------------------------------------------------------------

  private Entry<V> entryFor(V value) {
    long now = ticker.read();
    return value == null
        ? Entry.absent(now, jittered(Math.min(negativeTtlNanos, l1TtlNanos)))
        : Entry.of(value, now, jittered(l1TtlNanos));
  }

  private long jittered(long nanos) {
    if (jitter == 0) {
      return nanos;
    }
    double spread = jitter * (2 * ThreadLocalRandom.current().nextDouble() - 1);
    return Math.max(1, (long) (nanos * (1 + spread)));
  }

  private void putIfPresent(Map<String, V> result, String key, Entry<V> entry) {
    if (!entry.absent()) {
      result.put(key, entry.value());
    }
  }

  private byte[] redisKey(String key) {
    return (keyPrefix + key).getBytes(StandardCharsets.UTF_8);
  }

  private void checkKey(String key) {
    requireNonNull(key, "key must not be null");
    if (key.length() * 3 <= maxKeyBytes) {
      return; // no UTF-16 char takes more than 3 UTF-8 bytes: short keys need no counting
    }
    int bytes = key.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > maxKeyBytes) {
      throw new IllegalArgumentException("key for cache '" + name + "' is " + bytes
          + " bytes, over the " + maxKeyBytes + "-byte limit: '"
          + key.substring(0, Math.min(40, key.length())) + "…'");
    }
  }

  private static String globEscape(String text) {
    return text.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
  }

  @Override
  public String toString() {
    return "TieredCache[" + name + (tier == null ? ", L1 only" : ", " + tier) + "]";
  }

  /**
   * Set-once builder; see the {@code DEFAULT_*} constants for what is not set.
   *
   * @param <V> the value type
   */
  public static final class Builder<V> {
    private final String name;
    private final Codec<V> codec;
    private long l1MaximumSize = DEFAULT_L1_MAXIMUM_SIZE;
    private Duration l1Ttl = DEFAULT_L1_TTL;
    private Duration l2Ttl = DEFAULT_L2_TTL;
    private Duration negativeTtl = DEFAULT_NEGATIVE_TTL;
    private Duration l2Timeout = DEFAULT_L2_TIMEOUT;
    private Duration refreshAfter;
    private double jitter = DEFAULT_TTL_JITTER;
    private String keyPrefix = DEFAULT_KEY_PREFIX;
    private int maxKeyBytes = DEFAULT_MAX_KEY_BYTES;
    private RedisTier tier;
    private CircuitBreaker breaker;
    private Ticker ticker;
    private Executor executor;
    private boolean listen = true;

    private Builder(String name, Codec<V> codec) {
      requireNonNull(name, "name must not be null");
      if (name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank");
      }
      this.name = name;
      this.codec = requireNonNull(codec, "codec must not be null");
    }

    /** L1 entries at most; 0 turns L1 off. */
    public Builder<V> l1MaximumSize(long size) {
      if (size < 0) {
        throw new IllegalArgumentException("l1MaximumSize must not be negative, but was " + size);
      }
      this.l1MaximumSize = size;
      return this;
    }

    /** How long L1 keeps a value; bounds how stale a missed invalidation can leave it. */
    public Builder<V> l1Ttl(Duration ttl) {
      this.l1Ttl = positive(ttl, "l1Ttl");
      return this;
    }

    /** Redis, shared by every instance; without it the cache is L1 only. */
    public Builder<V> l2(RedisTier tier) {
      if (this.tier != null) {
        throw new IllegalStateException("l2 was already set to " + this.tier);
      }
      this.tier = requireNonNull(tier, "tier must not be null");
      return this;
    }

    /** How long Redis keeps a value. */
    public Builder<V> l2Ttl(Duration ttl) {
      this.l2Ttl = positive(ttl, "l2Ttl");
      return this;
    }

    /** How long an absent key is remembered, in both tiers. */
    public Builder<V> negativeTtl(Duration ttl) {
      this.negativeTtl = positive(ttl, "negativeTtl");
      return this;
    }

    /** How long a read waits for Redis before going on without it. */
    public Builder<V> l2Timeout(Duration timeout) {
      this.l2Timeout = positive(timeout, "l2Timeout");
      return this;
    }

    /** After this, an L1 hit is served and one reload runs in the background; shorter than l1Ttl. */
    public Builder<V> refreshAfter(Duration refreshAfter) {
      this.refreshAfter = positive(refreshAfter, "refreshAfter");
      return this;
    }

    /** Relative spread of every TTL, from 0 (none) to 0.5. */
    public Builder<V> ttlJitter(double jitter) {
      if (!(jitter >= 0 && jitter <= 0.5)) {
        throw new IllegalArgumentException("ttlJitter must be between 0 and 0.5, but was " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /** The first part of every Redis key; {@value TieredCache#DEFAULT_KEY_PREFIX} by default. */
    public Builder<V> keyPrefix(String prefix) {
      requireNonNull(prefix, "prefix must not be null");
      if (prefix.isBlank()) {
        throw new IllegalArgumentException("keyPrefix must not be blank");
      }
      this.keyPrefix = prefix;
      return this;
    }

    /** Longest key in UTF-8 bytes; longer keys are rejected. */
    public Builder<V> maxKeyBytes(int bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxKeyBytes must be at least 1, but was " + bytes);
      }
      this.maxKeyBytes = bytes;
      return this;
    }

    /** The Redis breaker; by default {@code Breakers.forDependency("redis:" + name)}. */
    public Builder<V> breaker(CircuitBreaker breaker) {
      this.breaker = requireNonNull(breaker, "breaker must not be null");
      return this;
    }

    /** The time source for TTLs and stats; for tests. */
    public Builder<V> ticker(Ticker ticker) {
      this.ticker = requireNonNull(ticker, "ticker must not be null");
      return this;
    }

    /** Runs background refreshes; the common pool by default. */
    public Builder<V> executor(Executor executor) {
      this.executor = requireNonNull(executor, "executor must not be null");
      return this;
    }

    /**
     * Whether to drop L1 entries when other instances invalidate them (default true). Off, an
     * instance relies on {@code l1Ttl} alone.
     */
    public Builder<V> listenForInvalidations(boolean listen) {
      this.listen = listen;
      return this;
    }

    /** Builds the cache; nothing is sent to Redis yet. */
    public TieredCache<V> build() {
      if (refreshAfter != null && refreshAfter.compareTo(l1Ttl) >= 0) {
        throw new IllegalArgumentException("refreshAfter (" + refreshAfter
            + ") must be shorter than l1Ttl (" + l1Ttl + "), or it never fires");
      }
      return new TieredCache<>(this);
    }

    private static Duration positive(Duration value, String what) {
      requireNonNull(value, what + " must not be null");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(what + " must be greater than zero, but was " + value);
      }
      return value;
    }
  }
}

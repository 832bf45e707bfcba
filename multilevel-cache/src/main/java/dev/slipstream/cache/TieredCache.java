package dev.slipstream.cache;

import dev.slipstream.core.internal.SetOnce;
import static java.util.Objects.requireNonNull;

import dev.slipstream.core.Breakers;
import dev.slipstream.core.Lifecycle;
import dev.slipstream.core.LifecycleHook;
import dev.slipstream.core.Ticker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;
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
 * users.put(id, renamed);           // after writing the table: CONFIRMED, or PENDING and replayed
 * }</pre>
 *
 * <p>What it promises:
 * <ul>
 *   <li><b>One load per key at a time</b> in an instance: concurrent callers of a missing key share
 *       one L2 lookup and one loader call. Whatever fails in a load (the loader, the codec) reaches
 *       every waiting caller as a {@link CacheLoadException} naming the key, and nothing is cached.</li>
 *   <li><b>Writes fence out older loads:</b> a value read from the source before a {@code put} or
 *       {@code invalidate} of its key reached Redis is never stored in Redis after it, nor in an
 *       instance's L1 after that instance heard of the write. (A miss takes a lease in Redis in the
 *       same round trip as its read; every write replaces the lease; a fill whose lease is gone is
 *       refused.)</li>
 *   <li><b>Never fails a read because of Redis</b>, and never waits for it longer than
 *       {@code l2Timeout}: not while connecting (the first use included), not when Redis is down,
 *       paused, slow or behind an open breaker. Reads then go on with L1 and the loader. Errors are
 *       counted in {@link #stats()} and logged at most once per ten seconds.</li>
 *   <li><b>Unconfirmed writes are not forgotten:</b> a write Redis did not confirm returns
 *       {@link WriteStatus#PENDING}, is kept, and is replayed (as an invalidation, with its
 *       broadcast) as soon as Redis answers again. Until then this instance does not read that key
 *       from Redis.</li>
 *   <li><b>Staleness bound.</b> A read that begins after a confirmed write returns that write's
 *       value or a newer one, except on an instance that has not heard the write's broadcast yet:
 *       one frozen between invocations, disconnected, or before the message arrives. There it may
 *       return the previous value for at most {@code l1Ttl × (1 + ttlJitter)} after the write. An
 *       instance whose subscription is (re-)established re-checks every L1 entry against Redis
 *       before serving it again. A {@link WriteStatus#PENDING} write counts as made when it is
 *       replayed; if its instance never runs again, Redis holds the previous value for at most
 *       {@code l2Ttl}. {@code put} is last-writer-wins in Redis: writers of one key that may race
 *       must be serialized, or use {@code invalidate}.</li>
 *   <li><b>Absent values are cached</b>: a loader returning null stores a tombstone for
 *       {@code negativeTtl} in both tiers, so a missing key does not reach the loader each time.</li>
 *   <li><b>TTL jitter</b> (±10 % by default) spreads expiries so that instances do not reload a hot
 *       key in lock-step.</li>
 * </ul>
 * Keys in Redis are {@code <prefix>:<name>:<key>}; values are framed with a version byte and a kind
 * (a value that does not decode is a miss, and is deleted). Thread-safe.
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

  private final CacheContext<V> context;
  private final L1<V> l1;
  private final L2 l2; // null: L1 only
  private final Writer<V> writer; // null: L1 only
  private final RedisTier tier;
  private final Invalidations invalidations;
  private final Ticker ticker;
  private final CircuitBreaker breaker;
  private final Counters counters;
  private final Reads<V> reads;
  private final Runnable onRedisAnswer = this::redisAnswered; // one instance: removable
  private final Lifecycle.Registration lifecycle;
  private final boolean refreshes;
  private volatile Runnable subscribedHook = () -> { };
  private volatile Consumer<String> invalidationHook = key -> { };

  private TieredCache(Builder<V> b) {
    this.ticker = b.ticker != null ? b.ticker : Ticker.system();
    Executor executor = b.executor != null ? b.executor : ForkJoinPool.commonPool();
    this.l1 = new L1<>(b.l1MaximumSize);
    this.context = new CacheContext<>(b.name, b.codec, b.keyPrefix + ":" + b.name + ":",
        b.maxKeyBytes, b.l1Ttl, b.l2Ttl, b.negativeTtl, b.jitter, ticker, l1);
    this.counters = new Counters();
    this.tier = b.tier;
    if (tier == null) {
      this.breaker = null;
      this.l2 = null;
      this.invalidations = null;
      this.writer = null;
    } else {
      this.breaker = b.breaker != null ? b.breaker : Breakers.forDependency("redis:" + b.name);
      this.l2 = new L2(b.name, tier, breaker, b.l2Timeout, ticker, counters,
          new RateLimitedLog(LOG, ticker, 10, java.util.concurrent.TimeUnit.SECONDS),
          onRedisAnswer);
      this.invalidations = new Invalidations(context.keyPrefix() + "invalidations",
          context.senderId(), this::dropFromL1, this::dropAllFromL1, this::subscribed);
      this.writer = new Writer<>(context, l2, invalidations, executor);
    }
    this.reads = new Reads<>(context, l1, l2, writer, counters, executor,
        b.refreshAfter == null ? 0 : b.refreshAfter.toNanos());
    this.refreshes = b.refreshAfter != null;
    // Last: from here on Lettuce's threads and the lifecycle may call this cache.
    this.lifecycle = Lifecycle.register("cache " + b.name, new LifecycleHook() {
      @Override
      public void afterRestore() {
        restored();
      }
    });
    if (tier != null) {
      tier.onConnected(onRedisAnswer);
      if (b.listen) {
        tier.subscribe(context.keyPrefix() + "invalidations", invalidations);
      }
    }
  }

  /** A command succeeded or a connection opened: replay what is pending, if anything. */
  private void redisAnswered() {
    writer.replaySoon();
  }

  /**
   * A builder.
   *
   * @param name names the cache in Redis keys, its invalidation channel, its breaker and messages
   * @param codec turns values into bytes for Redis
   * @param <V> the value type
   * @return a builder with every {@code DEFAULT_*} setting
   */
  public static <V> Builder<V> builder(String name, Codec<V> codec) {
    return new Builder<>(name, codec);
  }

  /**
   * The cache's name.
   *
   * @return the name given to {@link #builder}
   */
  public String name() {
    return context.name();
  }

  /**
   * The value of {@code key}: from L1, else from Redis, else from {@code loader}, whose result is
   * then stored in both tiers (unless a write of the key came first).
   *
   * @param key the key, at most {@code maxKeyBytes} in UTF-8
   * @param loader reads the source of truth on a miss
   * @return the value, or null if the loader found none (now or within the negative TTL)
   * @throws CacheLoadException if the loader or the codec threw
   * @throws IllegalArgumentException if the key is longer than the limit
   */
  public V get(String key, Loader<V> loader) {
    context.checkKey(key);
    requireNonNull(loader, "loader must not be null");
    Entry<V> entry = l1.get(key);
    if (entry != null) {
      long now = ticker.read();
      if (entry.isFresh(now)) {
        if (entry.epoch() == l1.epoch()) {
          counters.l1Hits.increment();
          if (refreshes) {
            reads.maybeRefresh(key, entry, loader, now);
          }
          return entry.value();
        }
        return reads.loadShared(key, loader, entry).value();
      }
      l1.removeIfSame(key, entry);
    }
    return reads.loadShared(key, loader, null).value();
  }

  /**
   * The values of {@code keys}: L1 for each, one pipelined Redis round trip for the rest, and one
   * {@code bulkLoader} call for what is still missing. Keys another caller is loading share that
   * load.
   *
   * @param keys the keys; duplicates are read once
   * @param bulkLoader reads the source of truth for the keys missing in both tiers
   * @return the keys that have values, with their values; absent keys are left out
   * @throws CacheLoadException if the bulk loader or the codec threw; every other caller waiting
   *     for one of these keys gets its value or the same kind of exception, never a hang
   */
  public Map<String, V> getAll(Collection<String> keys, BulkLoader<V> bulkLoader) {
    requireNonNull(keys, "keys must not be null");
    requireNonNull(bulkLoader, "bulkLoader must not be null");
    Set<String> unique = new LinkedHashSet<>(keys);
    unique.forEach(context::checkKey);
    return reads.getAll(unique, bulkLoader);
  }


  /**
   * Stores {@code value} in L1 and Redis and tells other instances to drop their copy; waits up to
   * the L2 timeout for Redis.
   *
   * @param key the key
   * @param value the new value; use {@link #invalidate} to remove a key
   * @return whether Redis confirmed the write; a {@link WriteStatus#PENDING} one is replayed
   * @throws IllegalArgumentException if the codec cannot encode {@code value}; nothing changed then
   */
  public WriteStatus put(String key, V value) {
    context.checkKey(key);
    requireNonNull(value, "value must not be null; use invalidate(key) to remove a key");
    byte[] framed = l2 == null ? null : Frame.value(context.encode(key, value));
    Entry<V> entry = context.entryFor(value);
    reads.detach(key); // callers from now on must not join a load that began before
    long token = l1.write(key, entry);
    if (writer == null) {
      return WriteStatus.LOCAL;
    }
    WriteStatus status = writer.put(key, framed, context.ttlMillis(entry));
    reads.detach(key);
    l1.settle(key, entry, token);
    return status;
  }

  /**
   * Drops {@code key} here and in Redis, and tells other instances to drop theirs.
   *
   * @param key the key
   * @return whether Redis confirmed the write; a {@link WriteStatus#PENDING} one is replayed
   */
  public WriteStatus invalidate(String key) {
    context.checkKey(key);
    return invalidateAll(List.of(key));
  }

  /**
   * Drops {@code keys} here and in Redis (one pipelined round trip), and tells other instances to
   * drop theirs: after a bulk write.
   *
   * @param keys the keys
   * @return {@link WriteStatus#CONFIRMED} if Redis confirmed every key
   */
  public WriteStatus invalidateAll(Collection<String> keys) {
    requireNonNull(keys, "keys must not be null");
    List<String> list = List.copyOf(new LinkedHashSet<>(keys));
    list.forEach(context::checkKey);
    if (list.isEmpty()) {
      return writer == null ? WriteStatus.LOCAL : WriteStatus.CONFIRMED;
    }
    list.forEach(this::forget);
    if (writer == null) {
      return WriteStatus.LOCAL;
    }
    WriteStatus status = writer.invalidate(list);
    list.forEach(this::forget); // loads that began meanwhile may have read Redis before it
    return status;
  }

  /**
   * Drops every key of this cache here and in Redis, and on other instances. Redis is cleared a
   * page at a time (SCAN and UNLINK, each step bounded by {@code l2Timeout}), so this call takes
   * time in proportion to Redis's size; if a step fails, the rest is replayed later.
   *
   * @return whether Redis confirmed the whole of it
   */
  public WriteStatus invalidateAll() {
    forgetAll();
    if (writer == null) {
      return WriteStatus.LOCAL;
    }
    WriteStatus status = writer.invalidateEverything();
    forgetAll();
    return status;
  }

  /**
   * Replays the writes Redis has not confirmed, now, on this thread: at the end of an invocation,
   * before the instance may be frozen. A replay already running on another thread is waited for,
   * within {@code timeout}.
   *
   * @param timeout the longest this call waits
   * @return whether nothing is pending any more
   */
  public boolean replayPending(Duration timeout) {
    requireNonNull(timeout, "timeout must not be null");
    return writer == null || writer.replayNow(timeout);
  }

  /**
   * A snapshot of the counters.
   *
   * @return counters since the cache was built, and the breaker's state now
   */
  public CacheStats stats() {
    return counters.snapshot(breaker, writer == null ? null : writer.pending());
  }

  /**
   * L1 entries now (approximate).
   *
   * @return entries that have not expired
   */
  long l1Size() {
    return l1.size(ticker.read());
  }

  /**
   * Stops listening for invalidations; the {@link RedisTier} stays open for its other users. Writes
   * still unconfirmed are logged.
   */
  @Override
  public void close() {
    lifecycle.close();
    if (tier != null) {
      tier.unsubscribe(context.keyPrefix() + "invalidations", invalidations);
      tier.removeConnectedListener(onRedisAnswer);
      writer.logPendingAtClose();
    }
  }

  /**
   * For tests: runs {@code listener} after another instance's message dropped a key from this
   * instance's L1 ({@code "*"} for all of them), on Lettuce's event thread.
   */
  void onInvalidation(Consumer<String> listener) {
    this.invalidationHook = requireNonNull(listener, "listener must not be null");
  }

  /**
   * For tests: takes {@code other}'s instance identity, as two environments restored from one
   * snapshot share it.
   */
  void shareIdentityWith(TieredCache<?> other) {
    context.identity(other.context.identity());
    invalidations.renewSenderId(context.senderId());
  }

  /** For tests: runs after the invalidation subscription was (re-)established. */
  void onSubscribed(Runnable hook) {
    this.subscribedHook = requireNonNull(hook);
  }

  /**
   * Drops {@code key} from L1, fences out loads of it under way, and keeps callers from now on from
   * joining them.
   */
  private void forget(String key) {
    reads.detach(key);
    l1.drop(key);
  }

  private void forgetAll() {
    reads.detachAll();
    l1.dropAll();
  }

  private void dropFromL1(String key) {
    forget(key);
    invalidationHook.accept(key);
  }

  private void dropAllFromL1() {
    forgetAll();
    invalidationHook.accept("*");
  }

  /**
   * After a SnapStart restore: what L1 holds was captured in the snapshot, maybe days ago (and
   * monotonic time did not count them), and every instance restored from it shares this one's
   * identity. Both are renewed.
   */
  private void restored() {
    forgetAll();
    if (invalidations != null) {
      invalidations.renewSenderId(context.renewIdentity());
    }
    LOG.info("Cache '{}' restored from a snapshot: L1 cleared, new instance identity {}",
        context.name(), context.senderId());
  }

  private void subscribed() {
    // Loads under way may have missed a broadcast: the fence keeps their results out of L1, but
    // callers may still share them (stampede protection); a broadcast missed before subscribing
    // is within the staleness bound.
    l1.suspectAll();
    subscribedHook.run();
  }

  @Override
  public String toString() {
    return "TieredCache[" + context.name() + (tier == null ? ", L1 only" : ", " + tier) + "]";
  }

  /**
   * Set-once builder: each setting may be set once; a second call throws {@link
   * IllegalStateException} naming it. See the {@code DEFAULT_*} constants for what is not set.
   *
   * @param <V> the value type
   */
  public static final class Builder<V> {
    private final SetOnce once = new SetOnce();
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

    /**
     * L1 entries at most; 0 turns L1 off.
     *
     * @param size at least 0
     * @return this builder
     */
    public Builder<V> l1MaximumSize(long size) {
      if (size < 0) {
        throw new IllegalArgumentException("l1MaximumSize must not be negative, but was " + size);
      }
      this.l1MaximumSize = once.set("l1MaximumSize", size);
      return this;
    }

    /**
     * How long L1 keeps a value; bounds how stale a missed invalidation can leave it.
     *
     * @param ttl greater than zero
     * @return this builder
     */
    public Builder<V> l1Ttl(Duration ttl) {
      this.l1Ttl = once.set("l1Ttl", positive(ttl, "l1Ttl"));
      return this;
    }

    /**
     * Redis, shared by every instance; without it the cache is L1 only.
     *
     * @param tier the connection to Redis
     * @return this builder
     */
    public Builder<V> l2(RedisTier tier) {
      this.tier = once.set("l2", requireNonNull(tier, "tier must not be null"));
      return this;
    }

    /**
     * How long Redis keeps a value.
     *
     * @param ttl greater than zero
     * @return this builder
     */
    public Builder<V> l2Ttl(Duration ttl) {
      this.l2Ttl = once.set("l2Ttl", positive(ttl, "l2Ttl"));
      return this;
    }

    /**
     * How long an absent key is remembered, in both tiers.
     *
     * @param ttl greater than zero
     * @return this builder
     */
    public Builder<V> negativeTtl(Duration ttl) {
      this.negativeTtl = once.set("negativeTtl", positive(ttl, "negativeTtl"));
      return this;
    }

    /**
     * How long a read (or a write) waits for Redis, connecting included, before going on without it.
     *
     * @param timeout greater than zero
     * @return this builder
     */
    public Builder<V> l2Timeout(Duration timeout) {
      this.l2Timeout = once.set("l2Timeout", positive(timeout, "l2Timeout"));
      return this;
    }

    /**
     * After this, an L1 hit is served and one reload runs in the background; shorter than l1Ttl.
     *
     * @param refreshAfter greater than zero
     * @return this builder
     */
    public Builder<V> refreshAfter(Duration refreshAfter) {
      this.refreshAfter = once.set("refreshAfter", positive(refreshAfter, "refreshAfter"));
      return this;
    }

    /**
     * Relative spread of every TTL, from 0 (none) to 0.5.
     *
     * @param jitter between 0 and 0.5
     * @return this builder
     */
    public Builder<V> ttlJitter(double jitter) {
      if (!(jitter >= 0 && jitter <= 0.5)) {
        throw new IllegalArgumentException("ttlJitter must be between 0 and 0.5, but was " + jitter);
      }
      this.jitter = once.set("ttlJitter", jitter);
      return this;
    }

    /**
     * The first part of every Redis key; {@value TieredCache#DEFAULT_KEY_PREFIX} by default.
     *
     * @param prefix not blank
     * @return this builder
     */
    public Builder<V> keyPrefix(String prefix) {
      requireNonNull(prefix, "prefix must not be null");
      if (prefix.isBlank()) {
        throw new IllegalArgumentException("keyPrefix must not be blank");
      }
      this.keyPrefix = once.set("keyPrefix", prefix);
      return this;
    }

    /**
     * Longest key in UTF-8 bytes; longer keys are rejected.
     *
     * @param bytes at least 1
     * @return this builder
     */
    public Builder<V> maxKeyBytes(int bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxKeyBytes must be at least 1, but was " + bytes);
      }
      this.maxKeyBytes = once.set("maxKeyBytes", bytes);
      return this;
    }

    /**
     * The Redis breaker; by default {@code Breakers.forDependency("redis:" + name)}.
     *
     * @param breaker guards every Redis command of this cache
     * @return this builder
     */
    public Builder<V> breaker(CircuitBreaker breaker) {
      this.breaker = once.set("breaker", requireNonNull(breaker, "breaker must not be null"));
      return this;
    }

    /**
     * The time source for TTLs and stats; for tests.
     *
     * @param ticker monotonic nanoseconds
     * @return this builder
     */
    public Builder<V> ticker(Ticker ticker) {
      this.ticker = once.set("ticker", requireNonNull(ticker, "ticker must not be null"));
      return this;
    }

    /**
     * Runs background refreshes and replays of unconfirmed writes; the common pool by default.
     *
     * @param executor runs short background tasks
     * @return this builder
     */
    public Builder<V> executor(Executor executor) {
      this.executor = once.set("executor", requireNonNull(executor, "executor must not be null"));
      return this;
    }

    /**
     * Whether to drop L1 entries when other instances invalidate them (default true). Off, an
     * instance relies on {@code l1Ttl} alone.
     *
     * @param listen whether to subscribe to the invalidation channel
     * @return this builder
     */
    public Builder<V> listenForInvalidations(boolean listen) {
      this.listen = once.set("listenForInvalidations", listen);
      return this;
    }

    /**
     * Builds the cache; nothing is sent to Redis yet.
     *
     * @return the cache
     * @throws IllegalArgumentException if {@code refreshAfter} is not shorter than {@code l1Ttl}
     */
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

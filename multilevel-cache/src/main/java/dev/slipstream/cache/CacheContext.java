package dev.slipstream.cache;

import dev.slipstream.core.Randomness;
import dev.slipstream.core.Ticker;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every part of one cache needs to agree on: its name and keys, its codec and frames, its
 * TTLs, and this instance's identity (which lease tokens and broadcasts carry). Package-private.
 */
final class CacheContext<V> {

  /** Loads longer than this cannot fill Redis: their lease is gone. */
  static final Duration MIN_LEASE_TTL = Duration.ofSeconds(30);

  private final String name;
  private final Codec<V> codec;
  private final String keyPrefix; // "<prefix>:<name>:"
  private final int maxKeyBytes;
  private final long l1TtlNanos;
  private final long l2TtlNanos;
  private final long negativeTtlNanos;
  private final double jitter;
  private final Ticker ticker;
  private final L1<V> l1;
  private final AtomicLong leases = new AtomicLong();
  private volatile long identity = new SecureRandom().nextLong();

  CacheContext(String name, Codec<V> codec, String keyPrefix, int maxKeyBytes, Duration l1Ttl,
      Duration l2Ttl, Duration negativeTtl, double jitter, Ticker ticker, L1<V> l1) {
    this.name = name;
    this.codec = codec;
    this.keyPrefix = keyPrefix;
    this.maxKeyBytes = maxKeyBytes;
    this.l1TtlNanos = l1Ttl.toNanos();
    this.l2TtlNanos = l2Ttl.toNanos();
    this.negativeTtlNanos = negativeTtl.toNanos();
    this.jitter = jitter;
    this.ticker = ticker;
    this.l1 = l1;
  }

  String name() {
    return name;
  }

  String keyPrefix() {
    return keyPrefix;
  }

  long now() {
    return ticker.read();
  }

  // ---- keys ----------------------------------------------------------------------------------

  void checkKey(String key) {
    if (key == null) {
      throw new NullPointerException("key must not be null");
    }
    if (key.length() * 3 <= maxKeyBytes) {
      return; // no UTF-16 char takes more than 3 UTF-8 bytes: short keys need no counting
    }
    int bytes = key.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > maxKeyBytes) {
      throw new IllegalArgumentException("key for cache '" + name + "' is " + bytes
          + " bytes, over the " + maxKeyBytes + "-byte limit: '" + printable(key) + "'");
    }
  }

  byte[] redisKey(String key) {
    return (keyPrefix + key).getBytes(StandardCharsets.UTF_8);
  }

  /** A key fit for a log line or message: at most 40 characters, control characters escaped. */
  String printable(String key) {
    StringBuilder out = new StringBuilder();
    int end = Math.min(key.length(), 40);
    for (int i = 0; i < end; i++) {
      char c = key.charAt(i);
      if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return key.length() > end ? out.append('…').toString() : out.toString();
  }

  // ---- values and frames ---------------------------------------------------------------------

  /**
   * The codec's bytes for {@code value}.
   *
   * @throws IllegalArgumentException naming the cache and key if the codec throws
   */
  byte[] encode(String key, V value) {
    try {
      byte[] bytes = codec.encode(value);
      if (bytes == null) {
        throw new IllegalStateException(codec + " returned null");
      }
      return bytes;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Codec " + codec + " of cache '" + name
          + "' could not encode the value of key '" + printable(key) + "': " + e, e);
    }
  }

  byte[] frame(String key, Entry<V> entry) {
    return entry.absent() ? Frame.absent() : Frame.value(encode(key, entry.value()));
  }

  /** The entry of a value or tombstone frame; null if it does not decode. */
  Entry<V> decode(String key, byte[] framed) {
    int kind = Frame.kind(framed);
    if (kind == Frame.ABSENT) {
      return absentEntry();
    }
    if (kind == Frame.VALUE) {
      try {
        return Entry.of(codec.decode(Frame.payload(framed)), ticker.read(), jittered(l1TtlNanos),
            l1.epoch());
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(TieredCache.class).debug(
            "A value in cache '{}' does not decode", name, e);
      }
    }
    return null;
  }

  Entry<V> entryFor(V value) {
    return value == null ? absentEntry()
        : Entry.of(value, ticker.read(), jittered(l1TtlNanos), l1.epoch());
  }

  private Entry<V> absentEntry() {
    return Entry.absent(ticker.read(), jittered(Math.min(negativeTtlNanos, l1TtlNanos)),
        l1.epoch());
  }

  /** How long Redis keeps {@code entry}. */
  long ttlMillis(Entry<V> entry) {
    long nanos = jittered(entry.absent() ? negativeTtlNanos : l2TtlNanos);
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos));
  }

  /**
   * How long an invalidation marker stays in Redis: as long as any L1 entry of this cache can live
   * (plus a second), so that a re-check finding nothing means nothing was written.
   */
  long markerTtlMillis() {
    long longest = (long) (l1TtlNanos * (1 + jitter)); // tombstones live no longer in L1
    return TimeUnit.NANOSECONDS.toMillis(longest) + 1_000;
  }

  long leaseTtlMillis() {
    return Math.max(MIN_LEASE_TTL.toMillis(), markerTtlMillis());
  }

  private long jittered(long nanos) {
    if (jitter == 0) {
      return nanos;
    }
    double spread = jitter * (2 * Randomness.shared().nextDouble() - 1);
    return Math.max(1, (long) (nanos * (1 + spread)));
  }

  // ---- identity ------------------------------------------------------------------------------

  /** A lease token no other instance draws: this instance's identity plus a counter. */
  long nextLeaseToken() {
    return identity + leases.incrementAndGet();
  }

  /** This instance's identity as its broadcasts carry it. */
  String senderId() {
    return Long.toHexString(identity);
  }

  long identity() {
    return identity;
  }

  void identity(long identity) {
    this.identity = identity;
  }

  /** Draws a new identity: for an instance restored from a snapshot its siblings share. */
  String renewIdentity() {
    identity = new SecureRandom().nextLong();
    return senderId();
  }

  // ---- failures ------------------------------------------------------------------------------

  /** Waits for another caller's load of {@code key}; its failure becomes this caller's. */
  Entry<V> await(String key, CompletableFuture<Entry<V>> shared) {
    try {
      return shared.join();
    } catch (CompletionException | java.util.concurrent.CancellationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof CacheLoadException c) {
        throw new CacheLoadException(c.getMessage(), c.getCause());
      }
      throw new CacheLoadException("Loading key '" + printable(key) + "' for cache '" + name
          + "' failed: " + cause, cause);
    }
  }

  CacheLoadException loadFailure(Collection<String> keys, Throwable cause) {
    if (cause instanceof CacheLoadException c) {
      return c;
    }
    String first = keys.isEmpty() ? "?" : printable(keys.iterator().next());
    return new CacheLoadException((keys.size() == 1 ? "Loading key '" + first + "'"
        : "Loading " + keys.size() + " keys (first: '" + first + "')") + " for cache '" + name
        + "' failed: " + cause, cause);
  }
}

package dev.slipstream.cache;

import dev.slipstream.core.Ticker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Every Redis command a cache sends, each behind the breaker and bounded by the L2 timeout. No
 * method throws: a failure is counted, logged at a limited rate, reported to the breaker, and
 * answered with a fallback (a miss, or false). Package-private.
 */
final class L2 {

  private final String cacheName;
  private final RedisTier tier;
  private final CircuitBreaker breaker;
  private final long timeoutNanos;
  private final Ticker ticker;
  private final Counters counters;
  private final RateLimitedLog log;

  L2(String cacheName, RedisTier tier, CircuitBreaker breaker, Duration timeout, Ticker ticker,
      Counters counters, RateLimitedLog log) {
    this.cacheName = cacheName;
    this.tier = tier;
    this.breaker = breaker;
    this.timeoutNanos = timeout.toNanos();
    this.ticker = ticker;
    this.counters = counters;
    this.log = log;
  }

  /** The framed value, or null on a miss or any failure. */
  byte[] get(byte[] key) {
    return call("GET", c -> c.get(key), null);
  }

  /** The framed values found, by index into {@code keys}; failures leave the map empty. */
  Map<Integer, byte[]> mget(byte[][] keys) {
    List<KeyValue<byte[], byte[]>> values = call("MGET", c -> c.mget(keys), null);
    Map<Integer, byte[]> found = new HashMap<>();
    if (values != null) {
      for (int i = 0; i < values.size() && i < keys.length; i++) {
        KeyValue<byte[], byte[]> kv = values.get(i);
        if (kv.hasValue()) {
          found.put(i, kv.getValue());
        }
      }
    }
    return found;
  }

  /** SET with a TTL, not waited for: the caller already has its value. */
  void setInBackground(byte[] key, byte[] value, long ttlMillis) {
    background("SET", c -> c.set(key, value, SetArgs.Builder.px(ttlMillis)));
  }

  /** DEL, not waited for. */
  void deleteInBackground(byte[] key) {
    background("DEL", c -> c.del(key));
  }

  /** SET with a TTL, then PUBLISH; waits up to the timeout for both. */
  boolean setThenPublish(byte[] key, byte[] value, long ttlMillis, byte[] channel, byte[] message) {
    Boolean ok = call("SET+PUBLISH", c -> c.set(key, value, SetArgs.Builder.px(ttlMillis))
        .thenCompose(r -> c.publish(channel, message)).thenApply(n -> Boolean.TRUE), Boolean.FALSE);
    return Boolean.TRUE.equals(ok);
  }

  /** DEL of every key, then one PUBLISH per message, pipelined; waits up to the timeout. */
  boolean deleteThenPublish(byte[][] keys, byte[] channel, List<byte[]> messages) {
    Boolean ok = call("DEL+PUBLISH", c -> c.del(keys).thenCompose(r -> {
      java.util.concurrent.CompletableFuture<?>[] published = messages.stream()
          .map(m -> c.publish(channel, m).toCompletableFuture())
          .toArray(java.util.concurrent.CompletableFuture[]::new);
      return java.util.concurrent.CompletableFuture.allOf(published);
    }).thenApply(v -> Boolean.TRUE), Boolean.FALSE);
    return Boolean.TRUE.equals(ok);
  }

  /** PUBLISH alone; waits up to the timeout. */
  boolean publish(byte[] channel, byte[] message) {
    Long receivers = call("PUBLISH", c -> c.publish(channel, message), null);
    return receivers != null;
  }

  /** The keys matching {@code pattern}, by SCAN; empty on failure. */
  List<byte[]> scan(byte[] pattern) {
    if (!breaker.tryAcquirePermission()) {
      counters.l2Skipped.increment();
      return List.of();
    }
    long start = ticker.read();
    try {
      List<byte[]> keys = ScanIterator.scan(tier.connections().sync(),
          ScanArgs.Builder.matches(pattern).limit(1000)).stream().toList();
      breaker.onSuccess(ticker.read() - start, TimeUnit.NANOSECONDS);
      return keys;
    } catch (RuntimeException e) {
      failed("SCAN", e, start);
      return List.of();
    }
  }

  private <T> T call(String command,
      Function<RedisClusterAsyncCommands<byte[], byte[]>, ? extends CompletionStage<T>> send,
      T fallback) {
    if (!breaker.tryAcquirePermission()) {
      counters.l2Skipped.increment();
      return fallback;
    }
    long start = ticker.read();
    try {
      T result = send.apply(tier.connections().async()).toCompletableFuture()
          .get(timeoutNanos, TimeUnit.NANOSECONDS);
      breaker.onSuccess(ticker.read() - start, TimeUnit.NANOSECONDS);
      return result;
    } catch (TimeoutException e) {
      counters.l2Timeouts.increment();
      breaker.onError(ticker.read() - start, TimeUnit.NANOSECONDS, e);
      log.warn("Redis " + command + " for cache '" + cacheName + "' took longer than "
          + Duration.ofNanos(timeoutNanos).toMillis() + " ms; going on without L2", null);
      return fallback;
    } catch (ExecutionException e) {
      failed(command, e.getCause(), start);
      return fallback;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      breaker.releasePermission();
      return fallback;
    } catch (RuntimeException e) { // not connected, refused while disconnected, closed
      failed(command, e, start);
      return fallback;
    }
  }

  private void background(String command,
      Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<?>> send) {
    if (!breaker.tryAcquirePermission()) {
      counters.l2Skipped.increment();
      return;
    }
    long start = ticker.read();
    try {
      send.apply(tier.connections().async()).whenComplete((result, error) -> {
        if (error == null) {
          breaker.onSuccess(ticker.read() - start, TimeUnit.NANOSECONDS);
        } else {
          failed(command, error, start);
        }
      });
    } catch (RuntimeException e) {
      failed(command, e, start);
    }
  }

  private void failed(String command, Throwable error, long start) {
    counters.l2Errors.increment();
    breaker.onError(ticker.read() - start, TimeUnit.NANOSECONDS, error);
    log.warn("Redis " + command + " for cache '" + cacheName + "' failed; going on without L2",
        error);
  }
}

package dev.slipstream.cache;

import dev.slipstream.core.Ticker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Every Redis step a cache takes, each behind the breaker and bounded by the L2 timeout, the wait
 * for a connect included. No method throws: a failure is counted, logged at a limited rate,
 * reported to the breaker, and answered with a fallback ({@link #UNAVAILABLE}, false,
 * {@link Cas#UNKNOWN}). Steps on many keys are pipelined and bounded as one. Package-private.
 */
final class L2 {

  /** What {@link #get} and {@link #getOrLease} return when Redis could not be asked. */
  static final byte[] UNAVAILABLE = new byte[0];

  /** How a compare-and-set ended. */
  enum Cas {
    /** Stored. */
    APPLIED,
    /** Not stored: the key held something else, a write came first. */
    REFUSED,
    /** Not known: Redis did not answer in time, or could not be asked. */
    UNKNOWN
  }

  private final String cacheName;
  private final RedisTier tier;
  private final CircuitBreaker breaker;
  private final long timeoutNanos;
  private final Ticker ticker;
  private final Counters counters;
  private final RateLimitedLog log;
  private final Runnable onSuccess;

  L2(String cacheName, RedisTier tier, CircuitBreaker breaker, Duration timeout, Ticker ticker,
      Counters counters, RateLimitedLog log, Runnable onSuccess) {
    this.cacheName = cacheName;
    this.tier = tier;
    this.breaker = breaker;
    this.timeoutNanos = timeout.toNanos();
    this.ticker = ticker;
    this.counters = counters;
    this.log = log;
    this.onSuccess = onSuccess;
  }

  /** The frame at {@code key}; null if there is none; {@link #UNAVAILABLE} on failure. */
  byte[] get(byte[] key) {
    return call("GET", c -> c.get(key), UNAVAILABLE);
  }

  /**
   * The value or tombstone at {@code key}; else the lease there, or {@code lease}, now stored for
   * {@code leaseTtlMillis}. {@link #UNAVAILABLE} on failure; never null.
   */
  byte[] getOrLease(byte[] key, byte[] lease, long leaseTtlMillis) {
    byte[] reply = call("GET", c -> eval(c, Scripts.GET_OR_LEASE, ScriptOutputType.VALUE,
        new byte[][] {key}, lease, millis(leaseTtlMillis)), UNAVAILABLE);
    return reply == null ? UNAVAILABLE : reply;
  }

  /** {@link #getOrLease} of every key, pipelined; each answer or {@link #UNAVAILABLE}. */
  byte[][] getOrLeaseAll(byte[][] keys, byte[][] leases, long leaseTtlMillis) {
    byte[][] replies = call("GET(" + keys.length + ")", c -> {
      @SuppressWarnings("unchecked")
      CompletableFuture<byte[]>[] each = new CompletableFuture[keys.length];
      for (int i = 0; i < keys.length; i++) {
        each[i] = eval(c, Scripts.GET_OR_LEASE, ScriptOutputType.VALUE, new byte[][] {keys[i]},
            leases[i], millis(leaseTtlMillis));
      }
      return CompletableFuture.allOf(each).thenApply(v -> {
        byte[][] out = new byte[keys.length][];
        for (int i = 0; i < keys.length; i++) {
          out[i] = each[i].join();
        }
        return out;
      });
    }, null);
    if (replies == null) {
      replies = new byte[keys.length][];
    }
    for (int i = 0; i < replies.length; i++) {
      if (replies[i] == null) {
        replies[i] = UNAVAILABLE;
      }
    }
    return replies;
  }

  /** Stores {@code frame} at {@code key} if {@code expected} is still there. */
  Cas compareAndSet(byte[] key, byte[] expected, byte[] frame, long ttlMillis) {
    Long stored = call("SET", c -> eval(c, Scripts.COMPARE_AND_SET, ScriptOutputType.INTEGER,
        new byte[][] {key}, expected, frame, millis(ttlMillis)), null);
    return stored == null ? Cas.UNKNOWN : stored == 1 ? Cas.APPLIED : Cas.REFUSED;
  }

  /** {@link #compareAndSet} of every key, pipelined; null entries are skipped. */
  Cas[] compareAndSetAll(byte[][] keys, byte[][] expected, byte[][] frames, long[] ttlMillis) {
    Cas[] out = new Cas[keys.length];
    java.util.Arrays.fill(out, Cas.UNKNOWN);
    Long[] stored = call("SET(" + keys.length + ")", c -> {
      @SuppressWarnings("unchecked")
      CompletableFuture<Long>[] each = new CompletableFuture[keys.length];
      for (int i = 0; i < keys.length; i++) {
        each[i] = keys[i] == null ? CompletableFuture.completedFuture(null)
            : eval(c, Scripts.COMPARE_AND_SET, ScriptOutputType.INTEGER, new byte[][] {keys[i]},
                expected[i], frames[i], millis(ttlMillis[i]));
      }
      return CompletableFuture.allOf(each).thenApply(v -> {
        Long[] results = new Long[keys.length];
        for (int i = 0; i < keys.length; i++) {
          results[i] = each[i].join();
        }
        return results;
      });
    }, null);
    if (stored != null) {
      for (int i = 0; i < out.length; i++) {
        if (stored[i] != null) {
          out[i] = stored[i] == 1 ? Cas.APPLIED : Cas.REFUSED;
        }
      }
    }
    return out;
  }

  /** Stores {@code frame} and publishes {@code message}, atomically; whether Redis confirmed both. */
  boolean setAndPublish(byte[] key, byte[] frame, long ttlMillis, byte[] channel,
      byte[] message) {
    Long done = call("SET+PUBLISH", c -> eval(c, Scripts.SET_AND_PUBLISH,
        ScriptOutputType.INTEGER, new byte[][] {key}, frame, millis(ttlMillis), channel, message),
        null);
    return done != null;
  }

  /** {@link #setAndPublish} for every key, pipelined; whether Redis confirmed them all. */
  boolean setAndPublishAll(byte[][] keys, byte[] frame, long ttlMillis, byte[] channel,
      byte[][] messages) {
    if (keys.length == 1) {
      return setAndPublish(keys[0], frame, ttlMillis, channel, messages[0]);
    }
    Boolean done = call("SET+PUBLISH(" + keys.length + ")", c -> {
      CompletableFuture<?>[] each = new CompletableFuture[keys.length];
      for (int i = 0; i < keys.length; i++) {
        each[i] = eval(c, Scripts.SET_AND_PUBLISH, ScriptOutputType.INTEGER,
            new byte[][] {keys[i]}, frame, millis(ttlMillis), channel, messages[i]);
      }
      return CompletableFuture.allOf(each).thenApply(v -> Boolean.TRUE);
    }, null);
    return done != null;
  }

  /**
   * Deletes every key matching {@code pattern}: SCAN and UNLINK a page at a time, each step
   * bounded by the timeout (a large keyspace takes many steps, none of them long).
   *
   * @return whether every step succeeded
   */
  boolean deleteAll(byte[] pattern) {
    ScanArgs args = ScanArgs.Builder.matches(pattern).limit(1000);
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      ScanCursor from = cursor;
      KeyScanCursor<byte[]> page = call("SCAN", c -> c.scan(from, args), null);
      if (page == null) {
        return false;
      }
      List<byte[]> keys = page.getKeys();
      if (!keys.isEmpty()
          && call("UNLINK", c -> c.unlink(keys.toArray(byte[][]::new)), null) == null) {
        return false;
      }
      cursor = page;
    } while (!cursor.isFinished());
    return true;
  }

  /** PUBLISH alone; whether Redis confirmed it. */
  boolean publish(byte[] channel, byte[] message) {
    return call("PUBLISH", c -> c.publish(channel, message), null) != null;
  }

  /** DEL, not waited for: for a value that does not decode. */
  void deleteInBackground(byte[] key) {
    if (!breaker.tryAcquirePermission()) {
      counters.l2Skipped.increment();
      return;
    }
    long start = ticker.read();
    tier.data().thenCompose(d -> d.async().del(key)).whenComplete((result, error) -> {
      if (error == null) {
        breaker.onSuccess(ticker.read() - start, TimeUnit.NANOSECONDS);
      } else {
        failed("DEL", unwrap(error), start);
      }
    });
  }

  private <T> T call(String command,
      Function<RedisClusterAsyncCommands<byte[], byte[]>, ? extends CompletionStage<T>> send,
      T fallback) {
    if (!breaker.tryAcquirePermission()) {
      counters.l2Skipped.increment();
      return fallback;
    }
    long start = ticker.read();
    long deadline = System.nanoTime() + timeoutNanos;
    try {
      CompletableFuture<RedisTier.Data> connection = tier.data();
      RedisTier.Data connected = connection.getNow(null); // throws if the connect failed
      CompletableFuture<T> result = connected != null
          ? send.apply(connected.async()).toCompletableFuture()
          : connection.thenCompose(d -> {
            if (System.nanoTime() - deadline >= 0) { // connected too late: the caller went on
              throw new CompletionException(new TimeoutException("connected after the timeout"));
            }
            return send.apply(d.async());
          });
      T value = result.get(timeoutNanos, TimeUnit.NANOSECONDS);
      breaker.onSuccess(ticker.read() - start, TimeUnit.NANOSECONDS);
      onSuccess.run();
      return value;
    } catch (TimeoutException e) {
      counters.l2Timeouts.increment();
      breaker.onError(ticker.read() - start, TimeUnit.NANOSECONDS, e);
      log.warn("Redis " + command + " for cache '" + cacheName + "' took longer than "
          + Duration.ofNanos(timeoutNanos).toMillis() + " ms; going on without L2", null);
      return fallback;
    } catch (ExecutionException e) {
      failed(command, unwrap(e.getCause()), start);
      return fallback;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      breaker.releasePermission();
      return fallback;
    } catch (RuntimeException e) { // not connected, refused while disconnected, closed
      failed(command, unwrap(e), start);
      return fallback;
    }
  }

  /** EVALSHA, falling back to EVAL once when Redis does not know the script (after a restart). */
  private static <T> CompletableFuture<T> eval(RedisClusterAsyncCommands<byte[], byte[]> c,
      Scripts script, ScriptOutputType type, byte[][] keys, byte[]... args) {
    return c.<T>evalsha(script.sha(), type, keys, args).toCompletableFuture()
        .exceptionallyCompose(error -> unwrap(error) instanceof RedisNoScriptException
            ? c.<T>eval(script.body(), type, keys, args).toCompletableFuture()
            : CompletableFuture.failedFuture(unwrap(error)));
  }

  private void failed(String command, Throwable error, long start) {
    counters.l2Errors.increment();
    breaker.onError(ticker.read() - start, TimeUnit.NANOSECONDS, error);
    log.warn("Redis " + command + " for cache '" + cacheName + "' failed; going on without L2",
        error);
  }

  private static byte[] millis(long millis) {
    return Long.toString(Math.max(1, millis)).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  private static Throwable unwrap(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}

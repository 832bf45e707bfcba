package dev.slipstream.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flush side of a {@link Metrics}: drains its registry under one lock, adds {@code ColdStart}
 * to the first batch in the process and the metadata set since the last flush, and hands the
 * batch to the sinks — as reused {@link EmfMetric} holders when every sink is an
 * {@link EmfSink}, as an immutable {@link MetricBatch} otherwise. A sink that throws is logged and
 * counted; it never reaches the caller. Package-private.
 */
final class Flusher {

  /**
   * SLF4J is loaded when something is first logged, not with this class: a cold start saves ~40
   * ms. Logs under {@code Metrics}' name, the class users configure logging for.
   */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(Metrics.class);
  }

  /** Set by the first flush in this process (class loader): the one documented global. */
  private static final AtomicBoolean COLD_START_REPORTED = new AtomicBoolean();
  /** ColdStart's one value and its count: shared, never written. */
  private static final double[] ONE = {1};
  private static final long[] ONCE = {1};
  private static final EmfParts COLD_START_EMF =
      EmfParts.of("ColdStart", Unit.COUNT, Resolution.STANDARD);

  private final String namespace;
  private final MetricRegistry registry;
  private final List<MetricsSink> sinks;
  /**
   * Every sink is an {@link EmfSink}, which writes what it is handed and keeps nothing of it: a
   * flush then hands the sinks its drained metrics under the flush lock, without making datums,
   * and the next flush reuses them and their value arrays.
   */
  private final boolean publishWhileDraining;
  private final Clock clock;
  private final boolean coldStartMetric;
  private final Map<String, String> defaultDimensions;
  private final List<List<String>> defaultDimensionSets;
  private final Object flushLock = new Object();
  private final Map<String, String> metadata = new ConcurrentHashMap<>();
  private final LongAdder sinkFailures = new LongAdder();

  Flusher(String namespace, MetricRegistry registry, List<MetricsSink> sinks, Clock clock,
      boolean coldStartMetric, Map<String, String> defaultDimensions,
      List<List<String>> defaultDimensionSets) {
    this.namespace = namespace;
    this.registry = registry;
    this.sinks = sinks;
    this.publishWhileDraining = emfOnly(sinks);
    this.clock = clock;
    this.coldStartMetric = coldStartMetric;
    this.defaultDimensions = defaultDimensions;
    this.defaultDimensionSets = defaultDimensionSets;
  }

  /** Whether every one of {@code sinks} is an {@link EmfSink} (and there is one). */
  static boolean emfOnly(List<MetricsSink> sinks) {
    boolean emfOnly = !sinks.isEmpty();
    for (MetricsSink sink : sinks) {
      emfOnly &= sink instanceof EmfSink;
    }
    return emfOnly;
  }

  /** From now on no flush in this process reports a cold start (a restore is not one). */
  static void coldStartReported() {
    COLD_START_REPORTED.set(true);
  }

  /** For tests: lets the next flush in this process report a cold start again. */
  static void resetColdStart() {
    COLD_START_REPORTED.set(false);
  }

  /** A key-value pair for the next batch, already checked. */
  void metadata(String key, String value) {
    metadata.put(key, value);
  }

  /** Drops everything recorded since the last flush, sending nothing. */
  void discard() {
    synchronized (flushLock) {
      registry.drain(false);
      metadata.clear();
    }
  }

  /** See {@link Metrics#flush()}. */
  void flush() {
    if (publishWhileDraining) {
      synchronized (flushLock) { // the next drain rewrites what is written here
        DrainedMetrics drained = drain();
        if (drained != null) {
          writeEmf(drained, takeMetadata());
        }
      }
    } else {
      MetricBatch batch = null;
      synchronized (flushLock) {
        DrainedMetrics drained = drain();
        if (drained != null) {
          batch = new MetricBatch(namespace, clock.instant(), drained.toDatums(),
              takeMetadata());
        }
      }
      if (batch != null) {
        publish(batch);
      }
    }
  }

  /** See {@link Metrics#flush(Duration)}. */
  boolean flush(Duration timeout) {
    flush();
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean all = true;
    for (MetricsSink sink : sinks) {
      long left = Math.max(0, deadline - System.nanoTime());
      try {
        all &= sink.awaitDelivery(Duration.ofNanos(left));
      } catch (RuntimeException e) {
        sinkFailures.increment();
        all = false;
        Log.LOG.warn("Metrics sink {} failed while flushing", sink, e);
      }
    }
    return all;
  }

  long sinkFailures() {
    return sinkFailures.sum();
  }

  /** Everything recorded since the last flush, valid until the next drain; null if nothing. */
  private DrainedMetrics drain() {
    DrainedMetrics drained = registry.drain(true);
    if (coldStartMetric && COLD_START_REPORTED.compareAndSet(false, true)) {
      EmfMetric coldStart = drained.next();
      coldStart.set("ColdStart", COLD_START_EMF, Unit.COUNT, defaultDimensions,
          defaultDimensionSets, Resolution.STANDARD);
      coldStart.values(ONE, ONCE, 0, 1, 1, 1, 1, 1, 1);
    }
    return drained.size() == 0 ? null : drained;
  }

  /** The metadata set since the last flush, removed from this recorder. */
  private Map<String, String> takeMetadata() {
    if (metadata.isEmpty()) {
      return Map.of();
    }
    Map<String, String> meta = new LinkedHashMap<>();
    for (String key : List.copyOf(metadata.keySet())) {
      String value = metadata.remove(key);
      if (value != null) {
        meta.put(key, value);
      }
    }
    return Collections.unmodifiableMap(meta);
  }

  /** With EMF sinks only: each writes the drained metrics as they are, no datum made. */
  private void writeEmf(DrainedMetrics drained, Map<String, String> meta) {
    long timestamp = clock.millis();
    for (MetricsSink sink : sinks) {
      try {
        ((EmfSink) sink).write(namespace, timestamp, drained.array(), drained.size(), meta);
      } catch (RuntimeException e) {
        sinkFailures.increment();
        Log.LOG.warn("Metrics sink {} failed; {} metric(s) of this batch lost to it", sink,
            drained.size(), e);
      }
    }
  }

  private void publish(MetricBatch batch) {
    for (MetricsSink sink : sinks) {
      try {
        sink.publish(batch);
      } catch (RuntimeException e) {
        sinkFailures.increment();
        Log.LOG.warn("Metrics sink {} failed; {} metric(s) of this batch lost to it", sink,
            batch.data().size(), e);
      }
    }
  }
}

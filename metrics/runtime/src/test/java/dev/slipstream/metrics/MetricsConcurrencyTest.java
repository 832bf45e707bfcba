package dev.slipstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Threads racing on one metric (striped), a flusher draining meanwhile, and metrics evicted while
 * handles still record into them: every value is in exactly one batch.
 */
class MetricsConcurrencyTest {

  private static final int THREADS = 4;
  private static final int VALUES_PER_THREAD = 200_000;

  @Test
  void racingRecordersFlushesAndEvictions_everyValueInExactlyOneBatch() throws Exception {
    ConcurrentLinkedQueue<MetricBatch> batches = new ConcurrentLinkedQueue<>();
    // Evict after one idle flush: metrics come and go while handles record into them.
    Metrics metrics = Metrics.builder("Race").coldStartMetric(false).lifecycle(false)
        .evictAfterIdleFlushes(1).sink(batches::add).build();
    Metric handle = metrics.metric("Handle", Unit.NONE, Map.of());
    Metric counter = metrics.counter("Counter", Map.of());
    Timer timer = metrics.timer(Map.of("Operation", "race"));
    recordWhileFlushing(metrics, 1, () -> {
      for (int i = 0; i < VALUES_PER_THREAD; i++) {
        handle.record(i & 15);
        counter.increment(2);
        timer.record(i & 7, (i & 3) == 0);
        metrics.record("ByName", i & 31, Unit.NONE, Map.of("Shard", "s" + (i & 1)));
        if ((i & 1023) == 0) {
          Thread.yield(); // let the flusher find metrics idle now and then
        }
      }
    });

    long expected = (long) THREADS * VALUES_PER_THREAD;
    assertThat(samples(batches, "Handle")).isEqualTo(expected);
    assertThat(samples(batches, "Latency")).isEqualTo(expected);
    assertThat(samples(batches, "Count")).isEqualTo(expected);
    assertThat(samples(batches, "ByName")).isEqualTo(expected);
    assertThat(sum(batches, "Counter")).isEqualTo(2.0 * expected);
    assertThat(sum(batches, "Errors")).isEqualTo(expected / 4.0);
    assertThat(sum(batches, "Count")).isEqualTo(expected);
    long handleValues = 0;
    for (MetricBatch batch : batches) {
      for (MetricDatum datum : batch.data()) {
        if (datum.name().equals("Handle")) {
          for (int i = 0; i < datum.distinctValues(); i++) {
            handleValues += datum.count(i);
          }
        }
      }
    }
    assertThat(handleValues).as("each value kept with its count").isEqualTo(expected);
    assertThat(metrics.dropped()).isZero();
  }

  /**
   * With EMF sinks only, a flush writes over the previous flush's value arrays and publishes
   * under the flush lock: two threads flushing while four record must still write every value
   * once, with nothing from another flush mixed in. (64 metrics of each kind, so that no metric
   * reaches EMF's {@value EmfSink#MAX_VALUES_PER_BATCH} values per batch, whatever the timing.)
   */
  @Test
  void emfOnly_twoFlushersAndRecorders_everyValueWrittenOnce() throws Exception {
    ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    Metrics metrics = Metrics.builder("Race").coldStartMetric(false).lifecycle(false)
        .sink(EmfSink.to(lines::add)).build();
    Metric[] handles = new Metric[64];
    for (int h = 0; h < handles.length; h++) {
      handles[h] = metrics.metric("Handle" + h, Unit.NONE, Map.of());
    }
    int perThread = 50_000;
    recordWhileFlushing(metrics, 2, () -> {
      for (int i = 0; i < perThread; i++) {
        handles[i & 63].record(i & 15);
        metrics.record("ByName" + (i & 63), i & 3, Unit.NONE, Map.of());
      }
    });

    long[] handleCountAndSum = new long[2];
    long[] byNameCountAndSum = new long[2];
    for (String line : lines) {
      for (int n = 0; n < 64; n++) {
        addValues(line, "\"Handle" + n + "\":", handleCountAndSum);
        addValues(line, "\"ByName" + n + "\":", byNameCountAndSum);
      }
    }
    long perThreadSum16 = 0;
    long perThreadSum4 = 0;
    for (int i = 0; i < perThread; i++) {
      perThreadSum16 += i & 15;
      perThreadSum4 += i & 3;
    }
    assertThat(handleCountAndSum).containsExactly(THREADS * (long) perThread,
        THREADS * perThreadSum16);
    assertThat(byNameCountAndSum).containsExactly(THREADS * (long) perThread,
        THREADS * perThreadSum4);
  }

  /**
   * Runs {@link #THREADS} threads of {@code record} while {@code flushers} threads call
   * {@code flush()} until the recorders are done, then flushes once more. Every wait is bounded.
   */
  private static void recordWhileFlushing(Metrics metrics, int flushers, Runnable record)
      throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean recording = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS + flushers);
    try {
      List<Future<?>> recorders = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        recorders.add(pool.submit(() -> {
          start.await();
          record.run();
          return null;
        }));
      }
      List<Future<?>> flushing = new ArrayList<>();
      for (int f = 0; f < flushers; f++) {
        flushing.add(pool.submit(() -> {
          start.await();
          while (recording.get()) {
            metrics.flush();
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> recorder : recorders) {
        recorder.get(120, TimeUnit.SECONDS);
      }
      recording.set(false);
      for (Future<?> flusher : flushing) {
        flusher.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    metrics.flush();
  }

  /** Counts and adds up the values EMF wrote under {@code key} (one number or an array). */
  private static void addValues(String line, String key, long[] countAndSum) {
    int at = line.indexOf(key);
    if (at < 0) {
      return;
    }
    int from = at + key.length();
    int to;
    if (line.charAt(from) == '[') {
      from++;
      to = line.indexOf(']', from);
    } else {
      to = from;
      while (to < line.length() && Character.isDigit(line.charAt(to))) {
        to++;
      }
    }
    for (String number : line.substring(from, to).split(",")) {
      countAndSum[0]++;
      countAndSum[1] += Long.parseLong(number);
    }
  }

  /** {@code part} of every datum named {@code name}, over all batches, added up. */
  private static double total(Iterable<MetricBatch> batches, String name,
      java.util.function.ToDoubleFunction<MetricDatum> part) {
    double total = 0;
    for (MetricBatch batch : batches) {
      for (MetricDatum datum : batch.data()) {
        if (datum.name().equals(name)) {
          total += part.applyAsDouble(datum);
        }
      }
    }
    return total;
  }

  private static long samples(Iterable<MetricBatch> batches, String name) {
    return (long) total(batches, name, MetricDatum::sampleCount);
  }

  private static double sum(Iterable<MetricBatch> batches, String name) {
    return total(batches, name, MetricDatum::sum);
  }
}

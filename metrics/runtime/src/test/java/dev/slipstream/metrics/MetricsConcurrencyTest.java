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
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean recording = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
    try {
      List<Future<?>> recorders = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        recorders.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < VALUES_PER_THREAD; i++) {
            handle.record(i & 15);
            counter.increment(2);
            timer.record(i & 7, (i & 3) == 0);
            metrics.record("ByName", i & 31, Unit.NONE, Map.of("Shard", "s" + (i & 1)));
            if ((i & 1023) == 0) {
              Thread.yield(); // let the flusher find metrics idle now and then
            }
          }
          return null;
        }));
      }
      Future<?> flusher = pool.submit(() -> {
        start.await();
        while (recording.get()) {
          metrics.flush();
        }
        return null;
      });
      start.countDown();
      for (Future<?> recorder : recorders) {
        recorder.get(120, TimeUnit.SECONDS);
      }
      recording.set(false);
      flusher.get(30, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    metrics.flush();

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

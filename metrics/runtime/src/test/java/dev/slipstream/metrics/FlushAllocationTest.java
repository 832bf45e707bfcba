package dev.slipstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With EMF sinks only, a flush makes no {@link MetricDatum} and reuses its holders, value arrays
 * and the sink's buffers ({@link Metrics#flush()}): a steady flush of 100 metrics to stdout
 * allocates next to nothing. Measured with the JVM's per-thread allocation counter.
 */
class FlushAllocationTest {

  private static final int METRICS = 100;
  private static final int FLUSHES = 200;
  /** A datum is 88 bytes: 100 of them per flush would be 8.8 KB. */
  private static final long MAX_BYTES_PER_FLUSH = 1024;

  /** Counts the lines written to it, allocating nothing. */
  private static final class LineCounter extends OutputStream {
    long lines;

    @Override
    public void write(int b) {
      if (b == '\n') {
        lines++;
      }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      for (int i = offset; i < offset + length; i++) {
        write(bytes[i]);
      }
    }
  }

  @Test
  void steadyEmfOnlyFlush_allocatesNoDatums() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().getId();
    LineCounter out = new LineCounter();
    PrintStream original = System.out;
    System.setOut(new PrintStream(out, false));
    EmfSink sink;
    try {
      sink = EmfSink.stdout(); // takes System.out as it is now
    } finally {
      System.setOut(original);
    }
    Metrics metrics = Metrics.builder("Shop").defaultDimension("Service", "orders")
        .coldStartMetric(false).lifecycle(false).sink(sink).build();
    Metric[] handles = new Metric[METRICS];
    for (int i = 0; i < METRICS; i++) {
      handles[i] = metrics.metric("Metric" + i, Unit.MILLISECONDS, Map.of());
    }

    for (int round = 0; round < 2 * FLUSHES; round++) { // warm up: sizes settle
      flush(metrics, handles, round);
    }
    long before = threads.getThreadAllocatedBytes(self);
    for (int round = 0; round < FLUSHES; round++) {
      flush(metrics, handles, round);
    }
    long perFlush = (threads.getThreadAllocatedBytes(self) - before) / FLUSHES;

    assertThat(perFlush).isLessThan(MAX_BYTES_PER_FLUSH);
    assertThat(out.lines).isEqualTo(3L * FLUSHES); // one document per flush: nothing skipped
  }

  private static void flush(Metrics metrics, Metric[] handles, int round) {
    for (Metric handle : handles) {
      handle.record(12 + round % 7);
    }
    metrics.flush();
  }
}

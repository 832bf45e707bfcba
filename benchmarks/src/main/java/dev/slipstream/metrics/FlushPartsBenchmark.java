package dev.slipstream.metrics;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where a flush's time goes, for {@code MetricsFlushBenchmark}'s shape (100 metrics through
 * handles): the whole flush, draining into datums only (a sink that keeps the batch), draining and
 * dropping (locks and resets only), and writing a batch already drained. In Slipstream's package
 * to reach the drop; nothing here is a user path.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class FlushPartsBenchmark {

  private static final int METRICS = 100;

  @Param({"1", "10"})
  public int valuesPerMetric;

  private PrintStream stdout;
  private Metrics toEmf;
  private Metrics toKeeper;
  private final Metric[] emfHandles = new Metric[METRICS];
  private final Metric[] keeperHandles = new Metric[METRICS];
  private EmfSink sink;
  private volatile MetricBatch kept;

  @Setup(Level.Trial)
  public void setUp() {
    stdout = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream(), false));
    sink = EmfSink.stdout();
    toEmf = Metrics.builder("Bench").defaultDimension("Service", "bench")
        .coldStartMetric(false).lifecycle(false).sink(sink).build();
    toKeeper = Metrics.builder("Bench").defaultDimension("Service", "bench")
        .coldStartMetric(false).lifecycle(false).sink(batch -> kept = batch).build();
    for (int i = 0; i < METRICS; i++) {
      emfHandles[i] = toEmf.metric("Metric" + i, Unit.MILLISECONDS, Map.of());
      keeperHandles[i] = toKeeper.metric("Metric" + i, Unit.MILLISECONDS, Map.of());
    }
    record();
    toKeeper.flush(); // a batch for writeOnly
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    System.setOut(stdout);
  }

  /** The values of every call, recorded before it (not measured). */
  @Setup(Level.Invocation)
  public void record() {
    for (int i = 0; i < METRICS; i++) {
      for (int v = 0; v < valuesPerMetric; v++) {
        emfHandles[i].record(12 + v);
        keeperHandles[i].record(12 + v);
      }
    }
  }

  /** {@code flush()} to an EMF sink: what MetricsFlushBenchmark.slipstream measures. */
  @Benchmark
  public void wholeFlush() {
    toEmf.flush();
  }

  /** Draining into a batch a sink keeps: datums, no writing. */
  @Benchmark
  public void drainIntoDatums() {
    toKeeper.flush();
  }

  /** Draining and dropping: each metric's lock and reset, no datum. */
  @Benchmark
  public void drainAndDrop() {
    toKeeper.discard();
  }

  /** Writing a drained batch as EMF, nothing drained. */
  @Benchmark
  public void writeOnly() {
    sink.publish(kept);
  }
}

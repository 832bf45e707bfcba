package dev.slipstream.benchmarks;

import dev.slipstream.metrics.EmfSink;
import dev.slipstream.metrics.Metric;
import dev.slipstream.metrics.Metrics;
import dev.slipstream.metrics.Unit;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.lambda.powertools.metrics.MetricsBuilder;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Recording one value, single thread: Slipstream through a handle, by name, and by name with a
 * dimension map it has seen; aws-embedded-metrics' {@code MetricsLogger.putMetric} and Powertools'
 * {@code Metrics.addMetric} (its functional API, no AspectJ), both with their documented defaults;
 * a {@link LongAdder} as the floor. Values cycle through 64 distinct latencies. Each benchmark call
 * records {@value #BATCH} values (scores are per value); a flush to a discarding stdout follows it,
 * outside the measurement, as at the end of a Lambda invocation.
 * {@link Contended} runs the same with two threads recording the same metric.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "-Xmx6g")
public class MetricsRecordBenchmark {

  /** Values recorded between two flushes: a busy invocation's worth. */
  static final int BATCH = 1_000;
  static final Map<String, String> OPERATION_GET = Map.of("Operation", "get");
  static final double[] VALUES = new double[64];

  static {
    for (int i = 0; i < VALUES.length; i++) {
      VALUES[i] = 3.5 + i * 0.25;
    }
  }

  /**
   * Laid out before a {@link Cursor}'s position. JMH pads a state object only after the fields a
   * user declares, and the JVM puts an {@code int} right after the object header: the position
   * each thread writes on every call shared a cache line with whatever lay before it, and two
   * threads recording ran 4x slower in some forks, whatever they recorded into. The {@code int}
   * here takes that slot.
   */
  abstract static class CursorPadding {
    int p00;
    long p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15, p16;
  }

  /** Each thread's position in the values. */
  @State(Scope.Thread)
  public static class Cursor extends CursorPadding {
    int next;

    double value() {
      return VALUES[next++ & 63];
    }
  }

  /** Slipstream with the defaults, EMF to (discarded) stdout. */
  @State(Scope.Benchmark)
  public static class Slipstream {
    Metrics metrics;
    Metric handle;

    @Setup(Level.Trial)
    public void setUp() {
      MetricsPeers.quietLambdaEnvironment();
      metrics = Metrics.builder("Bench").defaultDimension("Service", "bench")
          .coldStartMetric(false).lifecycle(false).sink(EmfSink.stdout()).build();
      handle = metrics.metric("Latency", Unit.MILLISECONDS, Map.of());
    }

    /** A flush per batch, as a Lambda invocation ends. */
    @TearDown(Level.Invocation)
    public void flush() {
      metrics.flush();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      MetricsPeers.restoreStdout();
    }
  }

  /** aws-embedded-metrics 4.2.0, its defaults, environment Lambda. */
  @State(Scope.Benchmark)
  public static class Embedded {
    MetricsLogger logger;

    @Setup(Level.Trial)
    public void setUp() {
      MetricsPeers.quietLambdaEnvironment();
      logger = new MetricsLogger();
      logger.setNamespace("Bench");
    }

    /** A flush per batch, as a Lambda invocation ends. */
    @TearDown(Level.Invocation)
    public void flush() {
      logger.flush();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      MetricsPeers.restoreStdout();
    }
  }

  /** Powertools for AWS Lambda (Java) 2.10.0, its functional API and defaults. */
  @State(Scope.Benchmark)
  public static class Powertools {
    software.amazon.lambda.powertools.metrics.Metrics metrics;

    @Setup(Level.Trial)
    public void setUp() {
      MetricsPeers.quietLambdaEnvironment();
      metrics = MetricsBuilder.builder().withNamespace("Bench").withService("bench").build();
    }

    /** A flush per batch, as a Lambda invocation ends. */
    @TearDown(Level.Invocation)
    public void flush() {
      metrics.flush();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      MetricsPeers.restoreStdout();
    }
  }

  /** The floor's own state. */
  @State(Scope.Benchmark)
  public static class Floor {
    final LongAdder adder = new LongAdder();
  }

  /** Floor: one striped addition. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void floorLongAdder(Floor floor) {
    for (int i = 0; i < BATCH; i++) {
      floor.adder.add(1);
    }
  }

  /** Slipstream: through a handle resolved once. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void slipstreamHandle(Slipstream s, Cursor cursor) {
    for (int i = 0; i < BATCH; i++) {
      s.handle.record(cursor.value());
    }
  }

  /** Slipstream: by name, default dimensions. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void slipstreamByName(Slipstream s, Cursor cursor) {
    for (int i = 0; i < BATCH; i++) {
      s.metrics.record("Latency", cursor.value(), Unit.MILLISECONDS);
    }
  }

  /** Slipstream: by name with a dimension map already seen. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void slipstreamByNameWithDimensions(Slipstream s, Cursor cursor) {
    for (int i = 0; i < BATCH; i++) {
      s.metrics.record("Latency", cursor.value(), Unit.MILLISECONDS, OPERATION_GET);
    }
  }

  /** aws-embedded-metrics 4.2.0. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void embeddedMetrics(Embedded e, Cursor cursor) {
    for (int i = 0; i < BATCH; i++) {
      e.logger.putMetric("Latency", cursor.value(),
          software.amazon.cloudwatchlogs.emf.model.Unit.MILLISECONDS);
    }
  }

  /** Powertools for AWS Lambda (Java) 2.10.0, functional API. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void powertools(Powertools p, Cursor cursor) {
    for (int i = 0; i < BATCH; i++) {
      p.metrics.addMetric("Latency", cursor.value(), MetricUnit.MILLISECONDS);
    }
  }

  /**
   * Two threads recording the same metric at once, against the same single-thread figures above.
   * Slipstream only, flushed once per iteration: a flush per invocation of a state two threads
   * share makes JMH serialize the fixture and measures that, and Slipstream's memory does not grow
   * between flushes (the peers' does: a list entry per value).
   */
  @Threads(2)
  @State(Scope.Benchmark)
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  @Warmup(iterations = 3, time = 1)
  @Measurement(iterations = 5, time = 1)
  @Fork(2)
  public static class Contended {
    final LongAdder adder = new LongAdder();
    Metrics metrics;
    Metric handle;

    @Setup(Level.Trial)
    public void setUp() {
      metrics = Metrics.builder("Bench").defaultDimension("Service", "bench")
          .coldStartMetric(false).lifecycle(false).sink(batch -> { }).build();
      handle = metrics.metric("Latency", Unit.MILLISECONDS, Map.of());
    }

    @TearDown(Level.Iteration)
    public void flush() {
      metrics.flush();
    }

    /** Floor: one striped addition, contended. */
    @Benchmark
    public void floorLongAdder() {
      adder.add(1);
    }

    /** Slipstream through a handle, contended. */
    @Benchmark
    public void slipstreamHandle(Cursor cursor) {
      handle.record(cursor.value());
    }

    /** Slipstream by name, contended. */
    @Benchmark
    public void slipstreamByName(Cursor cursor) {
      metrics.record("Latency", cursor.value(), Unit.MILLISECONDS);
    }

    /** Slipstream by name with a seen dimension map, contended. */
    @Benchmark
    public void slipstreamByNameWithDimensions(Cursor cursor) {
      metrics.record("Latency", cursor.value(), Unit.MILLISECONDS, OPERATION_GET);
    }
  }
}

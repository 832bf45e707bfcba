package dev.slipstream.benchmarks;

import dev.slipstream.metrics.EmfSink;
import dev.slipstream.metrics.Metric;
import dev.slipstream.metrics.Metrics;
import dev.slipstream.metrics.Unit;
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
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.lambda.powertools.metrics.MetricsBuilder;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * A flush: {@code metrics} metrics with {@code valuesPerMetric} values each, recorded before every
 * call (not measured), written as EMF to a discarding stdout. Slipstream, aws-embedded-metrics and
 * Powertools with their defaults; the floor writes the same document Slipstream writes from one
 * {@code StringBuilder}, from arrays it already holds.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class MetricsFlushBenchmark {

  /** What is flushed. */
  @State(Scope.Benchmark)
  public static class Shape {
    @Param({"10", "100"})
    public int metrics;

    @Param({"1", "10"})
    public int valuesPerMetric;

    String[] names;
    double[] values;
    PrintStream stdout;

    @Setup(Level.Trial)
    public void setUp() {
      MetricsPeers.quietLambdaEnvironment();
      stdout = System.out;
      names = new String[metrics];
      for (int i = 0; i < metrics; i++) {
        names[i] = "Metric" + i;
      }
      values = new double[valuesPerMetric];
      for (int v = 0; v < valuesPerMetric; v++) {
        values[v] = 12 + v;
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      MetricsPeers.restoreStdout();
    }
  }

  /** Slipstream with EMF to stdout; values recorded through handles before each flush. */
  @State(Scope.Benchmark)
  public static class Slipstream {
    Metrics metrics;
    Metric[] handles;

    @Setup(Level.Trial)
    public void setUp(Shape shape) {
      metrics = Metrics.builder("Bench").defaultDimension("Service", "bench")
          .coldStartMetric(false).lifecycle(false).sink(EmfSink.stdout()).build();
      handles = new Metric[shape.metrics];
      for (int i = 0; i < shape.metrics; i++) {
        handles[i] = metrics.metric(shape.names[i], Unit.MILLISECONDS, Map.of());
      }
    }

    @Setup(Level.Invocation)
    public void record(Shape shape) {
      for (Metric handle : handles) {
        for (double value : shape.values) {
          handle.record(value);
        }
      }
    }
  }

  /** aws-embedded-metrics 4.2.0, environment Lambda; values put before each flush. */
  @State(Scope.Benchmark)
  public static class Embedded {
    MetricsLogger logger;

    @Setup(Level.Trial)
    public void setUp() {
      logger = new MetricsLogger();
      logger.setNamespace("Bench");
      logger.setDimensions(software.amazon.cloudwatchlogs.emf.model.DimensionSet.of("Service",
          "bench"));
    }

    @Setup(Level.Invocation)
    public void record(Shape shape) {
      for (String name : shape.names) {
        for (double value : shape.values) {
          logger.putMetric(name, value,
              software.amazon.cloudwatchlogs.emf.model.Unit.MILLISECONDS);
        }
      }
    }
  }

  /** Powertools for AWS Lambda (Java) 2.10.0, functional API; values added before each flush. */
  @State(Scope.Benchmark)
  public static class Powertools {
    software.amazon.lambda.powertools.metrics.Metrics metrics;

    @Setup(Level.Trial)
    public void setUp() {
      metrics = MetricsBuilder.builder().withNamespace("Bench").withService("bench").build();
    }

    @Setup(Level.Invocation)
    public void record(Shape shape) {
      for (String name : shape.names) {
        for (double value : shape.values) {
          metrics.addMetric(name, value, MetricUnit.MILLISECONDS);
        }
      }
    }
  }

  /** The floor's reused buffer. */
  @State(Scope.Benchmark)
  public static class Floor {
    final StringBuilder json = new StringBuilder(1 << 16);
  }

  /** Floor: the document Slipstream writes, from one StringBuilder. */
  @Benchmark
  public int floorHandBuilt(Shape shape, Floor floor) {
    StringBuilder json = floor.json;
    json.setLength(0);
    json.append("{\"_aws\":{\"Timestamp\":").append(System.currentTimeMillis())
        .append(",\"CloudWatchMetrics\":[{\"Namespace\":\"Bench\",\"Dimensions\":[[\"Service\"]],"
            + "\"Metrics\":[");
    String[] names = shape.names;
    double[] values = shape.values;
    for (int i = 0; i < names.length; i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append("{\"Name\":\"").append(names[i]).append("\",\"Unit\":\"Milliseconds\"}");
    }
    json.append("]}]},\"Service\":\"bench\"");
    for (String name : names) {
      json.append(",\"").append(name).append("\":");
      if (values.length == 1) {
        json.append((long) values[0]);
      } else {
        json.append('[');
        for (int v = 0; v < values.length; v++) {
          if (v > 0) {
            json.append(',');
          }
          json.append((long) values[v]);
        }
        json.append(']');
      }
    }
    json.append('}');
    shape.stdout.println(json);
    return json.length();
  }

  /** Slipstream: {@code flush()} of what was recorded. */
  @Benchmark
  public void slipstream(Slipstream s) {
    s.metrics.flush();
  }

  /** aws-embedded-metrics 4.2.0: its flush. */
  @Benchmark
  public void embeddedMetrics(Embedded e) {
    e.logger.flush();
  }

  /** Powertools for AWS Lambda (Java) 2.10.0: its flush. */
  @Benchmark
  public void powertools(Powertools p) {
    p.metrics.flush();
  }
}

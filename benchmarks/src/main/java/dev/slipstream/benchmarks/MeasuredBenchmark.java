package dev.slipstream.benchmarks;

import dev.slipstream.core.ClientSetup;
import dev.slipstream.core.Environment;
import dev.slipstream.metrics.Metrics;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * The cost of measuring a call: a direct call; the compile-time {@code @Measured} decorator; a
 * {@link java.lang.reflect.Proxy} decorator recording the same metrics through the same
 * {@code Timer}; and the seed's pattern, an
 * awaited PutMetricData per call (to a loopback endpoint: no network, only the SDK and HTTP).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class MeasuredBenchmark {

  /** The work measured: a few arithmetic operations. */
  static final class Prices implements PriceService {
    @Override
    public long quote(long amount) {
      return amount * 117 / 100 + 3;
    }
  }

  private PriceService direct;
  private PriceService measured;
  private PriceService proxied;
  private Metrics metrics;
  private LoopbackCloudWatch endpoint;
  private CloudWatchClient cloudWatch;
  private long amount;

  @Setup(Level.Trial)
  public void setUp() {
    direct = new Prices();
    metrics = Metrics.builder("Bench").coldStartMetric(false).sink(batch -> { }).build();
    measured = new MeasuredPriceService(direct, metrics);
    var timer = metrics.timer(Map.of("Operation", "proxy"));
    proxied = (PriceService) Proxy.newProxyInstance(PriceService.class.getClassLoader(),
        new Class<?>[] {PriceService.class}, (proxy, method, args) -> {
          long start = System.nanoTime();
          boolean failed = true;
          try {
            Object result = method.invoke(direct, args);
            failed = false;
            return result;
          } catch (InvocationTargetException e) {
            throw e.getCause();
          } finally {
            timer.record(System.nanoTime() - start, failed);
          }
        });
    endpoint = new LoopbackCloudWatch();
    cloudWatch = ClientSetup.builder().environment(Environment.of(Map.of(
            "AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "bench",
            "AWS_SECRET_ACCESS_KEY", "bench",
            "AWS_ENDPOINT_URL_CLOUDWATCH", endpoint.uri().toString())))
        .build().build(CloudWatchClient.builder());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cloudWatch.close();
    endpoint.close();
  }

  /** Drains the aggregates now and then, as a flush per invocation would. */
  @TearDown(Level.Iteration)
  public void flush() {
    metrics.flush();
  }

  /** Baseline: no measurement. */
  @Benchmark
  public long directCall() {
    return direct.quote(++amount);
  }

  /** The clock reads any measurement needs: the call between two {@code System.nanoTime()}. */
  @Benchmark
  public long nanoTimePair() {
    long start = System.nanoTime();
    long result = direct.quote(++amount);
    return result + (System.nanoTime() - start);
  }

  /** Slipstream: the decorator the processor wrote. */
  @Benchmark
  public long measuredDecorator() {
    return measured.quote(++amount);
  }

  /** A reflective proxy recording the same three metrics. */
  @Benchmark
  public long reflectProxy() {
    return proxied.quote(++amount);
  }

  /** The seed's decorator: the call, then an awaited PutMetricData of its duration. */
  @Benchmark
  public long seedPutMetricDataPerCall() {
    long start = System.nanoTime();
    long result = direct.quote(++amount);
    double millis = (System.nanoTime() - start) / 1_000_000.0;
    cloudWatch.putMetricData(r -> r.namespace("Bench").metricData(m -> m
        .metricName("ExecutionTime").value(millis).unit(StandardUnit.MILLISECONDS)
        .timestamp(Instant.now())
        .dimensions(Dimension.builder().name("FunctionName").value("quote").build())));
    return result;
  }
}

package dev.slipstream.benchmarks;

import dev.slipstream.core.Breakers;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A call through a {@link Breakers} preset against the same call made directly and through
 * resilience4j alone ({@code CircuitBreaker.ofDefaults}), which the preset is built on.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class BreakerBenchmark {

  private final CircuitBreaker breaker = Breakers.standalone("bench");
  private final CircuitBreaker resilience4j = CircuitBreaker.ofDefaults("bench-r4j");
  private long n;
  private final LongSupplier call = () -> ++n * 31;

  /** Baseline. */
  @Benchmark
  public long direct() {
    return call.getAsLong();
  }

  /** Floor: resilience4j alone, its defaults. */
  @Benchmark
  public long resilience4jAlone() {
    return resilience4j.executeSupplier(call::getAsLong);
  }

  /** Through the serverless preset. */
  @Benchmark
  public long throughBreaker() {
    return breaker.executeSupplier(call::getAsLong);
  }
}

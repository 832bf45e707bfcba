package dev.slipstream.benchmarks;

import dev.slipstream.profiler.MemoryProfiler;
import dev.slipstream.profiler.MemoryReport;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/** What profiling one invocation costs: start() + stop(), with and without reading RSS. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ProfilerBenchmark {

  /** Heap, non-heap, buffers, GC and thread allocation: MXBeans only. */
  @Benchmark
  public MemoryReport startStopWithoutRss() {
    return MemoryProfiler.builder().readRss(false).start().stop();
  }

  /** The same, plus VmRSS and VmHWM from /proc/self/status. */
  @Benchmark
  public MemoryReport startStopWithRss() {
    return MemoryProfiler.builder().readRss(true).start().stop();
  }
}

package consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipstream.profiler.MemoryProfiler;
import dev.slipstream.profiler.MemoryReport;
import dev.slipstream.profiler.MemorySizeAdvisor;
import dev.slipstream.testing.RuntimeClassPath;
import org.junit.jupiter.api.Test;

/** slipstream-profiler alone: itself, core and SLF4J. */
class ProfilerConsumerTest {

  @Test
  void runtimeClassPath_profilerCoreAndSlf4jOnly() {
    assertThat(RuntimeClassPath.read().artifactIds())
        .containsExactlyInAnyOrder("slipstream-profiler", "slipstream-core", "slf4j-api");
  }

  @Test
  void mainPath_profileAndAdvice() {
    MemoryProfiler profiler = MemoryProfiler.start("consumer");
    byte[] work = new byte[4 << 20];
    MemoryReport report = profiler.stop();
    assertThat(work).hasSize(4 << 20);
    assertThat(report.heapUsed()).isPositive();
    MemorySizeAdvisor advisor = MemorySizeAdvisor.builder().currentMemoryMb(512).build();
    advisor.observe(report);
    assertThat(advisor.advise().recommendedMb()).isBetween(128, 10_240);
  }
}

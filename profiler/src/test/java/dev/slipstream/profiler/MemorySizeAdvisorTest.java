package dev.slipstream.profiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipstream.core.Environment;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MemorySizeAdvisorTest {

  private static final long MB = 1024 * 1024;

  /** A synthetic report: peak RSS, GC time and duration are what the advisor weighs. */
  static MemoryReport report(long peakRssMb, long gcMillis, long elapsedMillis) {
    return new MemoryReport("synthetic", Duration.ofMillis(elapsedMillis), 40 * MB, 60 * MB,
        -1, 0, 30 * MB, 20 * MB, 0, 0, OptionalLong.of(peakRssMb * MB),
        OptionalLong.of(peakRssMb * MB), OptionalLong.of(10 * MB), gcMillis > 0 ? 1 : 0,
        Duration.ofMillis(gcMillis));
  }

  private static MemorySizeAdvisor advisor(int currentMb) {
    return MemorySizeAdvisor.builder().currentMemoryMb(currentMb).build();
  }

  @ParameterizedTest(name = "peak {0} MB, gc {1}/{2} ms -> {3} MB")
  @CsvSource({
      // peak RSS, GC ms, elapsed ms, expected MB
      "40,   0, 100, 128",    // tiny: Lambda's minimum
      "100,  0, 100, 192",    // 130 MB -> next 64 MB step
      "200,  0, 100, 320",    // 260 -> 320
      "400,  0, 100, 576",    // 520 -> 576
      "400, 20, 100, 832",    // GC 20% of the time: 520 x 1.5 = 780 -> 832
      "400,  4, 100, 576",    // GC 4%: under the 5% threshold
      "7000, 0, 100, 9152"})  // 9100 -> 9152
  void advise_smallestSizeWithHeadroom(long peakMb, long gcMillis, long elapsedMillis,
      int expectedMb) {
    MemorySizeAdvisor advisor = advisor(1024);
    advisor.observe(report(peakMb, gcMillis, elapsedMillis));
    MemoryAdvice advice = advisor.advise();
    assertThat(advice.recommendedMb()).isEqualTo(expectedMb);
    assertThat(advice.fits()).isTrue();
    assertThat(advice.reason()).startsWith("needs ");
  }

  @Test
  void builders_everySettingOnce() {
    assertThatThrownBy(() -> MemorySizeAdvisor.builder().headroom(1.2).headroom(1.5))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("headroom was already set; each builder setting may be set once");
    assertThatThrownBy(() -> MemoryProfiler.builder().label("a").label("b"))
        .hasMessageStartingWith("label was already set");
  }

  @Test
  void advise_peakAcrossInvocations() {
    MemorySizeAdvisor advisor = advisor(512);
    advisor.observe(report(100, 0, 50));
    advisor.observe(report(300, 0, 50));
    advisor.observe(report(150, 0, 50));
    assertThat(advisor.advise().recommendedMb()).isEqualTo(448); // 390 -> 448
    assertThat(advisor.observed()).isEqualTo(3);
  }

  @Test
  void advise_beyondLambdaMaximum_saysSoInsteadOfCapping() {
    MemorySizeAdvisor advisor = advisor(10_240);
    advisor.observe(report(9_000, 0, 100));
    MemoryAdvice advice = advisor.advise();
    assertThat(advice.fits()).isFalse();
    assertThat(advice.recommendedMb()).isEqualTo(MemorySizeAdvisor.MAX_MB);
    assertThat(advice.reason()).contains("11700 MB, more than Lambda's 10240 MB maximum");
  }

  @Test
  void advise_costsPerMillionAtBothSizes() {
    MemorySizeAdvisor advisor = advisor(1024);
    advisor.observe(report(100, 0, 100));
    MemoryAdvice advice = advisor.advise();
    // 1 GB x 0.1 s x 1e6 = 100,000 GB-s x $0.0000166667 + $0.20
    assertThat(advice.currentCostPerMillion()).isCloseTo(1.8667, org.assertj.core.data.Offset.offset(0.001));
    assertThat(advice.recommendedCostPerMillion()).isLessThan(advice.currentCostPerMillion());
    assertThat(advice.heapSetting()).startsWith("JAVA_TOOL_OPTIONS=-Xmx");
    assertThat(advice.toString()).contains("1024 MB -> 192 MB").contains("x86_64");
  }

  @Test
  void arm64Pricing_isCheaper() {
    MemorySizeAdvisor advisor = MemorySizeAdvisor.builder().currentMemoryMb(512)
        .pricing(LambdaPricing.ARM64).build();
    advisor.observe(report(100, 0, 100));
    assertThat(advisor.advise().currentCostPerMillion())
        .isLessThan(LambdaPricing.X86_64.perMillion(512, 100));
  }

  @Test
  void currentSize_fromLambdaEnvironment_orClearError() {
    MemorySizeAdvisor fromEnv = MemorySizeAdvisor.builder()
        .environment(Environment.of(Map.of("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256"))).build();
    fromEnv.observe(report(50, 0, 10));
    assertThat(fromEnv.advise().currentMb()).isEqualTo(256);
    assertThatThrownBy(() -> MemorySizeAdvisor.builder().environment(Environment.of(Map.of()))
        .build()).hasMessageContaining("AWS_LAMBDA_FUNCTION_MEMORY_SIZE");
    assertThatThrownBy(() -> advisor(512).advise()).hasMessageContaining("observed no report");
    assertThatThrownBy(() -> MemorySizeAdvisor.builder().currentMemoryMb(64))
        .hasMessage("currentMemoryMb must be between 128 and 10240, but was 64");
  }
}

package dev.slipstream.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrimingTest {

  private final FakeTicker ticker = new FakeTicker();
  private final PrimerRegistry registry = new PrimerRegistry(ticker);

  @Test
  void runAll_runsInOrderAndTimesEach() {
    List<String> ran = new ArrayList<>();
    registry.register("dynamo", () -> {
      ran.add("dynamo");
      ticker.advance(Duration.ofMillis(40));
    });
    registry.register("redis", () -> ran.add("redis"));
    List<PrimerResult> results = registry.runAll();
    assertThat(ran).containsExactly("dynamo", "redis");
    assertThat(results).extracting(PrimerResult::name).containsExactly("dynamo", "redis");
    assertThat(results.get(0).elapsed()).isEqualTo(Duration.ofMillis(40));
    assertThat(results).allMatch(PrimerResult::succeeded);
  }

  @Test
  void runAll_failingPrimer_reportedNotThrown_othersStillRun() {
    List<String> ran = new ArrayList<>();
    registry.register("broken", () -> {
      throw new IllegalStateException("no network");
    });
    registry.register("fine", () -> ran.add("fine"));
    List<PrimerResult> results = registry.runAll();
    assertThat(ran).containsExactly("fine");
    assertThat(results.get(0).succeeded()).isFalse();
    assertThat(results.get(0).error()).get().extracting(Throwable::getMessage).isEqualTo("no network");
  }

  @Test
  void register_duplicateName_rejectedWithNames() {
    registry.register("dynamo", () -> { });
    assertThatThrownBy(() -> registry.register("dynamo", () -> { }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a primer named 'dynamo' is already registered; registered: [dynamo]");
  }

  @Test
  void priming_globalRegistry_runAllNeverThrows() {
    Priming.register("PrimingTest.global", () -> {
      throw new IllegalStateException("boom");
    });
    assertThat(Priming.names()).contains("PrimingTest.global");
    assertThat(Priming.runAll()).anyMatch(r -> r.name().equals("PrimingTest.global") && !r.succeeded());
  }
}

package dev.slipstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetricsTest {

  private final List<MetricBatch> batches = new ArrayList<>();
  private Metrics metrics;

  @BeforeEach
  void setUp() {
    Metrics.resetColdStart();
    metrics = Metrics.builder("Test").defaultDimension("Service", "users")
        .clock(Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC))
        .coldStartMetric(false).sink(batches::add).build();
  }

  private MetricDatum only(String name) {
    assertThat(batches).hasSize(1);
    return batches.get(0).data().stream().filter(d -> d.name().equals(name)).findFirst()
        .orElseThrow();
  }

  @Test
  void builder_everySettingOnce_addersOncePerName() {
    Metrics.Builder builder = Metrics.builder("App").defaultDimension("Service", "users")
        .defaultDimension("Stage", "prod").dimensionSet("Service");
    assertThatThrownBy(() -> builder.defaultDimension("Service", "orders"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("defaultDimension(\"Service\") was already set; each builder setting may be"
            + " set once");
    assertThatThrownBy(() -> builder.dimensionSet("Service"))
        .hasMessageStartingWith("dimensionSet[Service] was already set");
    assertThatThrownBy(() -> builder.maxMetrics(10).maxMetrics(20))
        .hasMessageStartingWith("maxMetrics was already set");
    assertThatThrownBy(() -> CloudWatchSink.builder().queueCapacity(10).queueCapacity(20))
        .hasMessageStartingWith("queueCapacity was already set");
  }

  /** A refused 31st default dimension leaves the builder as it was: it still builds with 30. */
  @Test
  void builder_31stDefaultDimension_refusedWithoutChangingTheBuilder() {
    Metrics.Builder builder = Metrics.builder("App");
    for (int i = 0; i < 30; i++) {
      builder.defaultDimension("D" + i, "v");
    }
    assertThatThrownBy(() -> builder.defaultDimension("D30", "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("default dimension 'D30' would make 31, but CloudWatch allows"
            + " at most 30 per metric; already set: [D0, D1,");
    List<MetricBatch> batches = new ArrayList<>();
    Metrics built = builder.coldStartMetric(false).lifecycle(false).sink(batches::add).build();
    built.count("Done");
    built.flush();
    assertThat(batches.get(0).data().get(0).dimensions()).hasSize(30).doesNotContainKey("D30");
  }

  @Test
  void record_aggregatesDistinctValuesWithCountsAndStats() {
    metrics.record("Latency", 2.5, Unit.MILLISECONDS);
    metrics.record("Latency", 2.5, Unit.MILLISECONDS);
    metrics.record("Latency", 7, Unit.MILLISECONDS);
    metrics.flush();
    MetricDatum latency = only("Latency");
    Map<Double, Long> counts = new HashMap<>();
    for (int i = 0; i < latency.values().length; i++) {
      counts.put(latency.values()[i], latency.counts()[i]);
    }
    assertThat(counts).containsOnly(Map.entry(2.5, 2L), Map.entry(7.0, 1L));
    assertThat(latency.min()).isEqualTo(2.5);
    assertThat(latency.max()).isEqualTo(7);
    assertThat(latency.sum()).isEqualTo(12);
    assertThat(latency.sampleCount()).isEqualTo(3);
    assertThat(latency.dimensions()).containsExactly(Map.entry("Service", "users"));
  }

  @Test
  void count_keepsTheSum() {
    metrics.count("Created");
    metrics.count("Created", 4);
    metrics.flush();
    MetricDatum created = only("Created");
    assertThat(created.values()).containsExactly(5.0);
    assertThat(created.unit()).isEqualTo(Unit.COUNT);
  }

  @Test
  void flush_startsNewBatch_emptyFlushSendsNothing() {
    metrics.count("A");
    metrics.flush();
    metrics.flush();
    assertThat(batches).hasSize(1);
    metrics.count("A");
    metrics.flush();
    assertThat(batches).hasSize(2);
  }

  @Test
  void coldStart_onFirstFlushInProcessOnly() {
    List<MetricBatch> seen = new ArrayList<>();
    Metrics cold = Metrics.builder("Test").sink(seen::add).build();
    cold.flush();
    cold.flush();
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).data()).extracting(MetricDatum::name).containsExactly("ColdStart");
  }

  @Test
  void failingSink_neverReachesCaller_andIsCounted() {
    List<MetricBatch> good = new ArrayList<>();
    Metrics m = Metrics.builder("Test").coldStartMetric(false)
        .sink(b -> {
          throw new IllegalStateException("sink down");
        })
        .sink(good::add).build();
    m.count("A");
    m.flush();
    assertThat(m.sinkFailures()).isEqualTo(1);
    assertThat(good).hasSize(1);
  }

  @Test
  void handles_recordWithoutLookup() {
    Metric latency = metrics.metric("Latency", Unit.MILLISECONDS, Map.of("Operation", "get"));
    Metric calls = metrics.counter("Count", Map.of("Operation", "get"));
    latency.recordNanos(1_500_000);
    calls.increment();
    calls.increment();
    metrics.flush();
    assertThat(only("Latency").values()).containsExactly(1.5);
    assertThat(only("Count").values()).containsExactly(2.0);
    assertThat(only("Count").dimensions())
        .containsExactly(Map.entry("Service", "users"), Map.entry("Operation", "get"));
  }

  @Test
  void timer_latencyCountAndErrorsTogether() {
    Timer timer = metrics.timer(Map.of("Operation", "get"));
    assertThat(metrics.timer(Map.of("Operation", "get"))).isSameAs(timer);
    timer.record(2_000_000, false);
    timer.record(4_000_000, true);
    timer.record(2_000_000, false);
    metrics.flush();
    MetricDatum latency = only("Latency");
    assertThat(latency.sampleCount()).isEqualTo(3);
    assertThat(latency.sum()).isEqualTo(8.0);
    assertThat(only("Count").values()).containsExactly(3.0);
    assertThat(only("Errors").values()).containsExactly(1.0);
    assertThat(only("Errors").dimensions()).containsEntry("Operation", "get");
    metrics.flush();
    assertThat(batches).as("nothing new: no second batch").hasSize(1);
  }

  @Test
  void metadata_travelsWithNextBatchOnly() {
    metrics.metadata("RequestId", "abc");
    metrics.count("A");
    metrics.flush();
    metrics.count("A");
    metrics.flush();
    assertThat(batches.get(0).metadata()).containsEntry("RequestId", "abc");
    assertThat(batches.get(1).metadata()).isEmpty();
  }

  @Test
  void badInput_clearErrors() {
    assertThatThrownBy(() -> metrics.record("L", Double.NaN, Unit.NONE))
        .hasMessage("value of metric 'L' must be finite, but was NaN");
    Map<String, String> many = new HashMap<>();
    for (int i = 0; i < 30; i++) {
      many.put("D" + i, "v");
    }
    assertThatThrownBy(() -> metrics.count("Wide", 1, many))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("metric 'Wide' has 31 dimensions, but CloudWatch allows at most 30");
    assertThatThrownBy(() -> metrics.count(" "))
        .hasMessage("metric name must be 1 to 255 characters and not blank, but was ' '");
    assertThatThrownBy(() -> Metrics.builder("AWS/Lambda"))
        .hasMessageContaining("not start with 'AWS/'");
    assertThatThrownBy(() -> Metrics.builder("X").build())
        .hasMessageContaining("needs at least one sink");
    assertThatThrownBy(() -> Dimensions.parse("m", "NoEquals"))
        .hasMessage("dimension 'NoEquals' of metric 'm' must be written Key=Value");
  }

  @Test
  void aggregate_manyDistinctValues_growsAndCapsWithoutLosingStats() {
    for (int i = 0; i < Aggregate.MAX_DISTINCT + 10; i++) {
      metrics.record("V", i, Unit.NONE);
    }
    metrics.flush();
    MetricDatum v = only("V");
    assertThat(v.values()).hasSize(Aggregate.MAX_DISTINCT);
    assertThat(v.sampleCount()).isEqualTo(Aggregate.MAX_DISTINCT + 10);
    assertThat(v.max()).isEqualTo(Aggregate.MAX_DISTINCT + 9);
  }
}

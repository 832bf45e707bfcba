package dev.slipstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whatever a caller records, a Metrics stays bounded, and what it emits stays valid. */
class MetricsBoundsTest {

  private final List<MetricBatch> batches = new ArrayList<>();

  private Metrics.Builder builder() {
    return Metrics.builder("Shop").coldStartMetric(false).lifecycle(false).sink(batches::add);
  }

  private List<MetricDatum> lastBatch() {
    return batches.get(batches.size() - 1).data();
  }

  @Test
  void idleMetrics_forgottenAfterTheirFlushes_handlesMakeThemAgain() {
    Metrics metrics = builder().evictAfterIdleFlushes(2).build();
    Metric handle = metrics.metric("Size", Unit.BYTES, Map.of());
    Timer timer = metrics.timer(Map.of("Operation", "get"));
    handle.record(10);
    timer.record(1_000_000, false);
    metrics.record("ByName", 1, Unit.NONE);
    metrics.flush();
    assertThat(metrics.heldMetrics()).isEqualTo(3);

    metrics.flush(); // idle once
    assertThat(metrics.heldMetrics()).isEqualTo(3);
    metrics.flush(); // idle twice: forgotten
    assertThat(metrics.heldMetrics()).isZero();
    assertThat(metrics.evictedMetrics()).isEqualTo(3);

    handle.record(20);
    timer.record(2_000_000, true);
    metrics.record("ByName", 2, Unit.NONE);
    metrics.flush();
    assertThat(lastBatch()).extracting(MetricDatum::name)
        .containsExactlyInAnyOrder("Size", "Latency", "Count", "Errors", "ByName");
    assertThat(lastBatch()).filteredOn(d -> d.name().equals("Size")).singleElement()
        .satisfies(d -> assertThat(d.values()).containsExactly(20.0));
    assertThat(lastBatch()).filteredOn(d -> d.name().equals("Errors")).singleElement()
        .satisfies(d -> assertThat(d.values()).containsExactly(1.0));
    assertThat(metrics.timer(Map.of("Operation", "get"))).isSameAs(timer);
    assertThat(metrics.dropped()).isZero();
  }

  @Test
  void newMetricsForAProcessLifetime_neverDroppedForGood() {
    Metrics metrics = builder().maxMetrics(100).build();
    for (int round = 0; round < 1_000; round++) { // 50,000 distinct keys over the process's life
      for (int i = 0; i < 50; i++) {
        metrics.count("Orders", 1, Map.of("Customer", "c" + round + "-" + i));
      }
      metrics.flush();
      assertThat(lastBatch()).hasSize(50);
      assertThat(metrics.heldMetrics()).isLessThanOrEqualTo(100);
    }
    assertThat(metrics.dropped()).isZero();
  }

  @Test
  void atTheCap_newMetricsDroppedAndCounted_untilAFlushFreesRoom() {
    Metrics metrics = builder().maxMetrics(2).build();
    Metric third = metrics.metric("C", Unit.NONE, Map.of());
    metrics.record("A", 1, Unit.NONE);
    third.record(3);
    metrics.record("B", 2, Unit.NONE); // the cap: C took the second place
    assertThat(metrics.dropped()).isEqualTo(1);
    metrics.flush();
    assertThat(lastBatch()).extracting(MetricDatum::name).containsExactlyInAnyOrder("A", "C");

    metrics.flush(); // nothing recorded: at the cap, idle ones go at once
    assertThat(metrics.heldMetrics()).isZero();
    metrics.record("B", 2, Unit.NONE);
    third.record(4);
    metrics.flush();
    assertThat(lastBatch()).extracting(MetricDatum::name).containsExactlyInAnyOrder("B", "C");
  }

  @Test
  void emfReservedKeysAndNonAscii_clearErrorsInsteadOfInvalidEmf() {
    Metrics metrics = builder().build();
    assertThatThrownBy(() -> metrics.count("_aws"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metric name '_aws' is EMF's own metadata key; choose another");
    assertThatThrownBy(() -> metrics.metadata("_aws", "x"))
        .hasMessage("metadata key '_aws' is EMF's own; choose another");
    assertThatThrownBy(() -> metrics.count("Orders", 1, Map.of("_aws", "x")))
        .hasMessage("dimension name '_aws' of metric 'Orders' is EMF's own metadata key; choose"
            + " another");
    assertThatThrownBy(() -> metrics.count("Orders", 1, Map.of("City", "Zürich")))
        .hasMessage("value of dimension 'City' of metric 'Orders' must be printable ASCII"
            + " (CloudWatch rejects anything else), but has U+00FC at index 1: 'Z?rich'");
    assertThatThrownBy(() -> metrics.count("Orders", 1, Map.of("Line\n", "x")))
        .hasMessageContaining("dimension name of metric 'Orders' must be printable ASCII")
        .hasMessageContaining("U+000A at index 4: 'Line?'");
    assertThatThrownBy(() -> Metrics.builder("S").defaultDimension("Stage", "prod\u0000"))
        .hasMessageContaining("U+0000 at index 4");
    metrics.flush();
    assertThat(batches).as("nothing half-recorded").isEmpty();
  }

  @Test
  void highResolution_inTheDatum_andOneResolutionPerMetric() {
    Metrics metrics = builder().build();
    metrics.record("QueueDepth", 5, Unit.COUNT, Map.of(), Resolution.HIGH);
    metrics.record("QueueDepth", 6, Unit.COUNT); // "whatever it is": high
    metrics.record("Orders", 1, Unit.COUNT);
    assertThatThrownBy(() -> metrics.record("Orders", 1, Unit.COUNT, Map.of(), Resolution.HIGH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("metric 'Orders' with dimensions {} is stored at STANDARD resolution;"
            + " CloudWatch keeps one resolution per metric, so it cannot also be HIGH");
    metrics.flush();
    assertThat(lastBatch()).filteredOn(d -> d.name().equals("QueueDepth")).singleElement()
        .satisfies(d -> {
          assertThat(d.resolution()).isEqualTo(Resolution.HIGH);
          assertThat(d.sampleCount()).isEqualTo(2);
        });
    assertThat(lastBatch()).filteredOn(d -> d.name().equals("Orders")).singleElement()
        .satisfies(d -> assertThat(d.resolution()).isEqualTo(Resolution.STANDARD));
  }

  @Test
  void dimensionSets_rollupsOnlyWhereTheMetricHasTheirDimensions() {
    Metrics metrics = builder().defaultDimension("Service", "users")
        .dimensionSet("Service").dimensionSet().dimensionSet("Operation").build();
    metrics.count("Calls", 1, Map.of("Operation", "get"));
    metrics.count("Plain");
    metrics.flush();
    assertThat(lastBatch()).filteredOn(d -> d.name().equals("Calls")).singleElement()
        .satisfies(d -> assertThat(d.dimensionSets()).containsExactly(
            List.of("Service", "Operation"), List.of("Service"), List.of(), List.of("Operation")));
    assertThat(lastBatch()).filteredOn(d -> d.name().equals("Plain")).singleElement()
        .satisfies(d -> assertThat(d.dimensionSets()).containsExactly(
            List.of("Service"), List.of()));
    assertThatThrownBy(() -> Metrics.builder("S").dimensionSet("A", "A"))
        .hasMessage("dimension set [A, A] names 'A' twice");
  }

  @Test
  void mutableDimensionMaps_changedAfterUse_recordUnderTheirNewValues() {
    Metrics metrics = builder().build();
    Map<String, String> dimensions = new HashMap<>();
    dimensions.put("Operation", "get");
    metrics.count("Calls", 1, dimensions);
    dimensions.put("Operation", "put");
    metrics.count("Calls", 2, dimensions);
    metrics.flush();
    assertThat(lastBatch()).extracting(d -> d.dimensions().get("Operation") + "=" + d.sum())
        .containsExactlyInAnyOrder("get=1.0", "put=2.0");
  }

  @Test
  void metricDatum_isImmutable() {
    double[] values = {1, 2};
    long[] counts = {3, 4};
    Map<String, String> dimensions = new LinkedHashMap<>(Map.of("A", "a"));
    MetricDatum datum = new MetricDatum("M", Unit.NONE, dimensions, values, counts, 1, 2, 11, 7);
    values[0] = 99;
    counts[0] = 99;
    dimensions.put("B", "b");
    datum.values()[1] = 99;
    datum.counts()[1] = 99;

    assertThat(datum.values()).containsExactly(1, 2);
    assertThat(datum.counts()).containsExactly(3, 4);
    assertThat(datum.value(1)).isEqualTo(2);
    assertThat(datum.dimensions()).containsOnlyKeys("A");
    assertThatThrownBy(() -> datum.dimensions().put("C", "c"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> datum.dimensionSets().add(List.of()))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(datum).isEqualTo(new MetricDatum("M", Unit.NONE, Map.of("A", "a"),
        new double[] {1, 2}, new long[] {3, 4}, 1, 2, 11, 7));
    assertThatThrownBy(() -> new MetricDatum("M", Unit.NONE, Map.of(), new double[1],
        new long[2], 0, 0, 0, 0))
        .hasMessage("metric 'M' has 1 values but 2 counts; they must pair up");
  }

  /** A sink gets a view of the flush's datums, not a copy: it must not be able to change it. */
  @Test
  void flushedBatch_listCannotBeChangedBySinks() {
    List<MetricBatch> batches = new ArrayList<>();
    Metrics metrics = Metrics.builder("Shop").coldStartMetric(false).lifecycle(false)
        .sink(batches::add).build();
    metrics.record("A", 1, Unit.COUNT);
    metrics.record("B", 2, Unit.COUNT);
    metrics.flush();

    List<MetricDatum> data = batches.get(0).data();
    MetricDatum first = data.get(0);
    assertThatThrownBy(() -> data.add(first)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> data.set(0, first))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> data.remove(0)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(data::clear).isInstanceOf(UnsupportedOperationException.class);
    Iterator<MetricDatum> iterator = data.iterator();
    iterator.next();
    assertThatThrownBy(iterator::remove).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> data.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(data).extracting(MetricDatum::name).containsExactlyInAnyOrder("A", "B");
  }
}

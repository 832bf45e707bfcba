package dev.slipstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The EMF renderer was rewritten for speed; its output must stay byte for byte what the previous
 * one wrote. {@code emf-golden.txt} was written by the previous renderer (release 0.1, before the
 * rewrite) from {@link #batch()}: many metrics, repeated values past 100 per metric and 10,000 per
 * batch, two dimension groups, metadata that collides with a dimension and with a metric.
 */
class EmfGoldenTest {

  /** A batch exercising every rule of the renderer; built only through public constructors. */
  static MetricBatch batch() {
    List<MetricDatum> data = new ArrayList<>();
    Map<String, String> service = new LinkedHashMap<>();
    service.put("Service", "orders");
    Map<String, String> operation = new LinkedHashMap<>(service);
    operation.put("Operation", "get \"quoted\"");
    for (int i = 0; i < 130; i++) {
      data.add(new MetricDatum("Counter" + i, Unit.COUNT, i % 3 == 0 ? operation : service,
          new double[] {i}, new long[] {1}, i, i, i, 1));
    }
    double[] values = new double[40];
    long[] counts = new long[40];
    for (int i = 0; i < values.length; i++) {
      values[i] = i * 0.25 - 3;
      counts[i] = i % 5 + 1;
    }
    data.add(new MetricDatum("Latency", Unit.MILLISECONDS, operation, values, counts, -3, 6.75,
        0, 120));
    data.add(new MetricDatum("Huge", Unit.BYTES, service, new double[] {1e20, 7, 2.5e-7},
        new long[] {6_000, 5_000, 1}, 2.5e-7, 1e20, 0, 11_001));
    data.add(new MetricDatum("Service", Unit.NONE, Map.of(), new double[] {1}, new long[] {1}, 1,
        1, 1, 1));
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("RequestId", "req-1");
    metadata.put("Operation", "collides with a dimension");
    metadata.put("Latency", "collides with a metric");
    return new MetricBatch("Shop", Instant.ofEpochMilli(1_764_201_600_123L), data, metadata);
  }

  @Test
  void renderedBatch_byteForByteThePreviousOutput() throws IOException {
    String expected;
    try (InputStream in = getClass().getResourceAsStream("/emf-golden.txt")) {
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> lines = new ArrayList<>();
    EmfSink.to(lines::add).publish(batch());
    assertThat(String.join("\n", lines) + "\n").isEqualTo(expected);
  }

  @Test
  void stdout_theSameBytes_oneLineEach() throws IOException {
    String expected;
    try (InputStream in = getClass().getResourceAsStream("/emf-golden.txt")) {
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    java.io.PrintStream original = System.out;
    System.setOut(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      EmfSink.stdout().publish(batch());
    } finally {
      System.setOut(original);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
  }

  /**
   * A sink keeps its working arrays between batches: a large batch, then smaller ones with other
   * groups, then the large one again must each come out as a fresh sink writes them.
   */
  @Test
  void oneSinkManyBatches_eachAsAFreshSinkWritesIt() {
    MetricBatch large = batch();
    List<MetricDatum> few = new ArrayList<>(large.data().subList(125, large.data().size()));
    few.add(0, large.data().get(3));
    MetricBatch small = new MetricBatch("Shop", large.timestamp(), few, Map.of());
    MetricBatch one = new MetricBatch("Shop", large.timestamp(), List.of(few.get(1)), Map.of());
    List<String> reused = new ArrayList<>();
    EmfSink sink = EmfSink.to(reused::add);
    List<String> fresh = new ArrayList<>();
    for (MetricBatch batch : List.of(large, small, one, large, small)) {
      sink.publish(batch);
      EmfSink.to(fresh::add).publish(batch);
    }
    assertThat(reused).hasSizeGreaterThan(10).isEqualTo(fresh);
  }

  /**
   * A sink copies a document's directive from the last batches when the same metrics come again
   * ({@link DirectiveCache}), and a recorder whose sinks all write EMF hands them its drained
   * metrics without making datums ({@link EmfSink#write}): flushes whose metrics come, go, change
   * group, move between documents and cross the 100-metric split — counters, distributions,
   * timers, metadata — must each come out as a fresh sink writes the same batch of datums.
   */
  @Test
  void flushesOfChangingMetrics_eachAsAFreshSinkWritesIt() {
    List<String> reused = new ArrayList<>();
    List<String> emfOnly = new ArrayList<>();
    List<String> fresh = new ArrayList<>();
    Clock clock = Clock.fixed(Instant.ofEpochMilli(1_764_201_600_123L), ZoneOffset.UTC);
    Metrics mixed = Metrics.builder("Shop").defaultDimension("Service", "orders").clock(clock)
        .coldStartMetric(false).lifecycle(false).sink(EmfSink.to(reused::add))
        .sink(batch -> EmfSink.to(fresh::add).publish(batch)).build();
    Metrics direct = Metrics.builder("Shop").defaultDimension("Service", "orders").clock(clock)
        .coldStartMetric(false).lifecycle(false).sink(EmfSink.to(emfOnly::add)).build();
    Map<String, String> get = Map.of("Operation", "get");
    int[][] shapes = {{0, 1, 2}, {0, 1, 2}, {0, 2}, {0, 1, 2, 4}, {2, 1, 0}, {0, 1, 2, 3},
        {0, 1, 2, 3, 4}, {1}, {0, 1, 2}, {0, 1, 2}};
    for (int flush = 0; flush < shapes.length; flush++) {
      for (Metrics metrics : List.of(mixed, direct)) {
        for (int shape : shapes[flush]) {
          switch (shape) {
            case 0 -> metrics.record("Latency", flush, Unit.MILLISECONDS);
            case 1 -> metrics.record("Latency", flush * 2, Unit.MILLISECONDS, get);
            case 2 -> metrics.count("Orders", flush + 1);
            case 3 -> { // past one document's 100 metrics
              for (int i = 0; i < 130; i++) {
                metrics.record("Extra" + (i + flush % 2), i, Unit.COUNT);
              }
            }
            default -> {
              metrics.timer(get).record(1_500_000L * flush, flush % 2 == 0);
              metrics.metadata("RequestId", "req-" + flush);
            }
          }
        }
        metrics.flush();
      }
    }
    assertThat(reused).hasSizeGreaterThan(shapes.length).isEqualTo(fresh);
    assertThat(emfOnly).isEqualTo(fresh);
  }

  /**
   * One definition under other dimensions — as {@code ColdStart}'s, shared by every recorder,
   * when recorders with different default dimensions write through one sink — is not the same
   * directive.
   */
  @Test
  void sharedDefinitionUnderOtherDimensions_notTakenFromTheLastBatch() {
    EmfParts shared = EmfParts.of("ColdStart", Unit.COUNT, Resolution.STANDARD);
    List<String> reused = new ArrayList<>();
    List<String> fresh = new ArrayList<>();
    EmfSink sink = EmfSink.to(reused::add);
    List<List<String>> sets = List.of(List.of("Service"));
    for (String service : List.of("orders", "users", "users", "orders")) {
      Map<String, String> dimensions = Map.of("Service", service);
      MetricDatum coldStart = MetricDatum.single("ColdStart", shared, Unit.COUNT, dimensions,
          sets, Resolution.STANDARD, 1, 1);
      MetricBatch batch = new MetricBatch("Shop", Instant.EPOCH, List.of(coldStart), Map.of());
      sink.publish(batch);
      EmfSink.to(fresh::add).publish(batch);
    }
    assertThat(reused).isEqualTo(fresh);
    assertThat(reused.get(1)).contains("\"Service\":\"users\"");
  }

  /** Writes the golden file with whatever renderer is on the class path. */
  public static void main(String[] args) {
    EmfSink.to(System.out::println).publish(batch());
  }
}

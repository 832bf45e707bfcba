package dev.slipstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** EMF output parsed back and checked against the specification's rules. */
class EmfSinkTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<String> lines = new ArrayList<>();
  private final Metrics metrics = Metrics.builder("Shop")
      .defaultDimension("Service", "orders")
      .clock(Clock.fixed(Instant.ofEpochMilli(1_764_201_600_000L), ZoneOffset.UTC))
      .coldStartMetric(false)
      .sink(EmfSink.to(lines::add))
      .build();

  private List<JsonNode> documents() throws Exception {
    List<JsonNode> docs = new ArrayList<>();
    for (String line : lines) {
      assertThat(line).doesNotContain("\n");
      docs.add(JSON.readTree(line));
    }
    docs.forEach(EmfSinkTest::checkSpec);
    return docs;
  }

  /** The rules of the EMF specification this sink must keep. */
  private static void checkSpec(JsonNode doc) {
    JsonNode aws = doc.get("_aws");
    assertThat(aws.get("Timestamp").isIntegralNumber()).isTrue();
    JsonNode directives = aws.get("CloudWatchMetrics");
    assertThat(directives).hasSize(1);
    JsonNode directive = directives.get(0);
    assertThat(directive.get("Namespace").asText()).isNotBlank();
    assertThat(directive.get("Metrics").size()).isBetween(1, 100);
    for (JsonNode set : directive.get("Dimensions")) {
      assertThat(set.size()).isLessThanOrEqualTo(30);
      set.forEach(key -> assertThat(doc.has(key.asText())).as("dimension %s at root", key).isTrue());
    }
    for (JsonNode metric : directive.get("Metrics")) {
      JsonNode value = doc.get(metric.get("Name").asText());
      assertThat(value).as("value of %s at root", metric.get("Name")).isNotNull();
      if (value.isArray()) {
        assertThat(value.size()).isBetween(1, 100);
      } else {
        assertThat(value.isNumber()).isTrue();
      }
    }
  }

  @Test
  void oneMetric_oneDocumentWithDimensionsAtRoot() throws Exception {
    metrics.record("Latency", 12.5, Unit.MILLISECONDS, Map.of("Operation", "get"));
    metrics.metadata("RequestId", "req-1");
    metrics.flush();
    List<JsonNode> docs = documents();
    assertThat(docs).hasSize(1);
    JsonNode doc = docs.get(0);
    assertThat(doc.at("/_aws/Timestamp").asLong()).isEqualTo(1_764_201_600_000L);
    assertThat(doc.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("Shop");
    assertThat(doc.at("/_aws/CloudWatchMetrics/0/Dimensions/0").toString())
        .isEqualTo("[\"Service\",\"Operation\"]");
    assertThat(doc.at("/_aws/CloudWatchMetrics/0/Metrics/0/Unit").asText())
        .isEqualTo("Milliseconds");
    assertThat(doc.get("Service").asText()).isEqualTo("orders");
    assertThat(doc.get("Operation").asText()).isEqualTo("get");
    assertThat(doc.get("Latency").asDouble()).isEqualTo(12.5);
    assertThat(doc.get("RequestId").asText()).isEqualTo("req-1");
  }

  @Test
  void twoHundredFiftyDistinctMetrics_threeDocuments() throws Exception {
    for (int i = 0; i < 250; i++) {
      metrics.count("Metric" + i);
    }
    metrics.flush();
    List<JsonNode> docs = documents();
    assertThat(docs).hasSize(3);
    int total = 0;
    for (JsonNode doc : docs) {
      total += doc.at("/_aws/CloudWatchMetrics/0/Metrics").size();
    }
    assertThat(total).isEqualTo(250);
  }

  @Test
  void twoHundredFiftyValuesOfOneMetric_splitAtHundredPerDocument() throws Exception {
    for (int i = 0; i < 250; i++) {
      metrics.record("Size", i, Unit.BYTES);
    }
    metrics.flush();
    List<JsonNode> docs = documents();
    assertThat(docs).extracting(d -> d.get("Size").size()).containsExactly(100, 100, 50);
    double sum = 0;
    for (JsonNode doc : docs) {
      for (JsonNode v : doc.get("Size")) {
        sum += v.asDouble();
      }
    }
    assertThat(sum).isEqualTo(249 * 250 / 2.0);
  }

  @Test
  void repeatedValues_writtenOncePerRecording() throws Exception {
    for (int i = 0; i < 3; i++) {
      metrics.record("Latency", 4, Unit.MILLISECONDS);
    }
    metrics.flush();
    assertThat(documents().get(0).get("Latency").toString()).isEqualTo("[4,4,4]");
  }

  @Test
  void differentDimensionValues_separateDocuments() throws Exception {
    metrics.count("Calls", 1, Map.of("Operation", "get"));
    metrics.count("Calls", 1, Map.of("Operation", "put"));
    metrics.flush();
    assertThat(documents()).extracting(d -> d.get("Operation").asText())
        .containsExactlyInAnyOrder("get", "put");
  }

  @Test
  void jsonEscaping_survivesQuotesAndControlCharacters() throws Exception {
    metrics.metadata("Note", "a \"quoted\"\nline\\");
    metrics.count("A");
    metrics.flush();
    assertThat(documents().get(0).get("Note").asText()).isEqualTo("a \"quoted\"\nline\\");
  }

  @Test
  void highResolutionAndDimensionSets_inTheDirective() throws Exception {
    lines.clear();
    Metrics rollups = Metrics.builder("Shop").defaultDimension("Service", "orders")
        .dimensionSet("Service").coldStartMetric(false).lifecycle(false)
        .sink(EmfSink.to(lines::add)).build();
    rollups.record("Depth", 3, Unit.COUNT, Map.of("Queue", "q1"), Resolution.HIGH);
    rollups.count("Orders", 2, Map.of("Queue", "q1"));
    rollups.flush();
    List<JsonNode> docs = documents();
    assertThat(docs).hasSize(1);
    JsonNode directive = docs.get(0).at("/_aws/CloudWatchMetrics/0");
    assertThat(directive.get("Dimensions").toString())
        .isEqualTo("[[\"Service\",\"Queue\"],[\"Service\"]]");
    List<String> metrics = new ArrayList<>();
    directive.get("Metrics").forEach(m -> metrics.add(m.toString()));
    assertThat(metrics).containsExactlyInAnyOrder(
        "{\"Name\":\"Depth\",\"Unit\":\"Count\",\"StorageResolution\":1}",
        "{\"Name\":\"Orders\",\"Unit\":\"Count\"}");
  }
}

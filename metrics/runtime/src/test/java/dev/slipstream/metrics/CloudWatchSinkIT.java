package dev.slipstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipstream.core.Breakers;
import dev.slipstream.core.ClientSetup;
import dev.slipstream.core.Environment;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/** CloudWatchSink through the real SDK against a loopback endpoint that decodes the wire format. */
class CloudWatchSinkIT {

  private CloudWatchEndpoint endpoint;
  private CloudWatchClient client;

  @BeforeEach
  void start() throws Exception {
    endpoint = new CloudWatchEndpoint();
    client = ClientSetup.builder().environment(Environment.of(Map.of(
            "AWS_REGION", "us-east-1",
            "AWS_ACCESS_KEY_ID", "test",
            "AWS_SECRET_ACCESS_KEY", "test",
            "AWS_ENDPOINT_URL_CLOUDWATCH", endpoint.uri().toString())))
        .apiCallTimeout(Duration.ofSeconds(2))
        .apiCallAttemptTimeout(Duration.ofMillis(500))
        .build().build(CloudWatchClient.builder());
  }

  @AfterEach
  void stop() {
    client.close();
    endpoint.close();
  }

  @Test
  void lifecycleInvocation_deliveredBeforeTheInvocationReturns_notLeftForAFrozenThread() {
    CloudWatchSink sink = CloudWatchSink.builder().client(client)
        .breaker(Breakers.standalone("cw-lifecycle")).build();
    Metrics metrics = Metrics.builder("Shop").coldStartMetric(false).sink(sink)
        .invocationFlushTimeout(Duration.ofSeconds(10)).build();
    try {
      dev.slipstream.core.Lifecycle.initComplete();
      dev.slipstream.core.Lifecycle.invoke(dev.slipstream.core.Invocation.of("req-cw",
          dev.slipstream.core.Deadline.none()), invocation -> {
            metrics.count("Orders", 3);
            return null;
          });
      // Lambda may freeze the instance the moment the handler returns: the batch must be out.
      assertThat(endpoint.requests()).hasSize(1);
      assertThat(endpoint.requests().get(0).at("/MetricData/0/MetricName").asText())
          .isEqualTo("Orders");
    } finally {
      metrics.close();
      sink.close();
    }
  }

  @Test
  void fiveThousandDatums_atMostFiveRequests_everyValueAccountedFor() {
    CloudWatchSink sink = CloudWatchSink.builder().client(client)
        .breaker(Breakers.standalone("cw-ok")).build();
    Metrics metrics = Metrics.builder("Shop").coldStartMetric(false).sink(sink).build();
    for (int i = 0; i < 5_000; i++) {
      metrics.count("Orders", i % 7 + 1, Map.of("Shard", "s" + i));
    }

    assertThat(metrics.flush(Duration.ofSeconds(20))).isTrue();

    assertThat(endpoint.requests()).hasSizeLessThanOrEqualTo(5);
    assertThat(endpoint.gzipped()).as("large bodies travel gzipped").isPositive();
    long datums = 0;
    double total = 0;
    Map<String, Double> byShard = new HashMap<>();
    for (JsonNode request : endpoint.requests()) {
      assertThat(request.get("Namespace").asText()).isEqualTo("Shop");
      assertThat(request.get("MetricData").size()).isLessThanOrEqualTo(1000);
      for (JsonNode datum : request.get("MetricData")) {
        datums++;
        assertThat(datum.get("MetricName").asText()).isEqualTo("Orders");
        assertThat(datum.get("Unit").asText()).isEqualTo("Count");
        double value = datum.get("Values").get(0).asDouble() * datum.get("Counts").get(0).asDouble();
        total += value;
        byShard.put(datum.at("/Dimensions/0/Value").asText(), value);
      }
    }
    assertThat(datums).isEqualTo(5_000);
    double expected = 0;
    for (int i = 0; i < 5_000; i++) {
      expected += i % 7 + 1;
    }
    assertThat(total).isEqualTo(expected);
    assertThat(byShard).hasSize(5_000).containsEntry("s13", 7.0);
    assertThat(sink.stats()).isEqualTo(new CloudWatchSink.Stats(5_000, 0, 0, 0));
    sink.close();
  }

  @Test
  void highResolutionAndRollups_onTheWire() {
    CloudWatchSink sink = CloudWatchSink.builder().client(client)
        .breaker(Breakers.standalone("cw-resolution")).build();
    Metrics metrics = Metrics.builder("Shop").defaultDimension("Service", "orders")
        .dimensionSet("Service").coldStartMetric(false).lifecycle(false).sink(sink).build();
    metrics.record("Depth", 3, Unit.COUNT, Map.of("Queue", "q1"), Resolution.HIGH);
    metrics.count("Orders", 2);
    assertThat(metrics.flush(Duration.ofSeconds(20))).isTrue();

    Map<String, Integer> resolutionBySeries = new HashMap<>();
    for (JsonNode request : endpoint.requests()) {
      for (JsonNode datum : request.get("MetricData")) {
        StringBuilder series = new StringBuilder(datum.get("MetricName").asText());
        datum.get("Dimensions").forEach(d -> series.append(' ').append(d.get("Name").asText())
            .append('=').append(d.get("Value").asText()));
        resolutionBySeries.put(series.toString(), datum.get("StorageResolution").asInt());
      }
    }
    assertThat(resolutionBySeries).containsOnly(
        Map.entry("Depth Service=orders Queue=q1", 1),
        Map.entry("Depth Service=orders", 1),
        Map.entry("Orders Service=orders", 60));
    sink.close();
  }

  @Test
  void manyDistinctValues_sentAsValuesAndCountsOfAtMost150() {
    CloudWatchSink sink = CloudWatchSink.builder().client(client)
        .breaker(Breakers.standalone("cw-values")).build();
    Metrics metrics = Metrics.builder("Shop").coldStartMetric(false).sink(sink).build();
    for (int i = 0; i < 400; i++) {
      metrics.record("Latency", i, Unit.MILLISECONDS);
      metrics.record("Latency", i, Unit.MILLISECONDS);
    }
    assertThat(metrics.flush(Duration.ofSeconds(20))).isTrue();
    long samples = 0;
    for (JsonNode request : endpoint.requests()) {
      for (JsonNode datum : request.get("MetricData")) {
        assertThat(datum.get("Values").size()).isLessThanOrEqualTo(150);
        for (JsonNode count : datum.get("Counts")) {
          samples += count.asLong();
        }
      }
    }
    assertThat(samples).isEqualTo(800);
    sink.close();
  }

  @Test
  void endpointFails_callerUnaffected_failedCounted() {
    endpoint.mode(CloudWatchEndpoint.Mode.FAIL);
    CloudWatchSink sink = CloudWatchSink.builder().client(client)
        .breaker(Breakers.standalone("cw-fail")).build();
    Metrics metrics = Metrics.builder("Shop").coldStartMetric(false).sink(sink).build();
    metrics.count("A");
    metrics.count("B");

    assertThat(metrics.flush(Duration.ofSeconds(20))).as("delivered or given up").isTrue();

    assertThat(sink.stats().failed()).isEqualTo(2);
    assertThat(sink.stats().sent()).isZero();
    assertThat(endpoint.calls()).as("the SDK's standard retries").isEqualTo(3);
    assertThat(metrics.sinkFailures()).isZero();
    sink.close();
  }

  @Test
  void endpointHangs_flushReturnsWithinItsTimeout() {
    endpoint.mode(CloudWatchEndpoint.Mode.HANG);
    CloudWatchSink sink = CloudWatchSink.builder().client(client)
        .breaker(Breakers.standalone("cw-hang")).build();
    Metrics metrics = Metrics.builder("Shop").coldStartMetric(false).sink(sink).build();
    metrics.count("A");

    long start = System.nanoTime();
    boolean delivered = metrics.flush(Duration.ofMillis(300));
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(delivered).isFalse();
    assertThat(tookMillis).as("flush(300 ms) returned in time").isLessThan(1_500);
    assertThat(sink.awaitDelivery(Duration.ofSeconds(10))).as("the SDK timeout ends the call")
        .isTrue();
    assertThat(sink.stats().failed()).isEqualTo(1);
    sink.close();
  }

  @Test
  void queueFull_dropsAndCounts_memoryBounded() {
    endpoint.mode(CloudWatchEndpoint.Mode.HANG);
    CloudWatchSink sink = CloudWatchSink.builder().client(client).queueCapacity(10)
        .breaker(Breakers.standalone("cw-full")).build();
    Metrics metrics = Metrics.builder("Shop").coldStartMetric(false).sink(sink).build();
    metrics.count("First");
    metrics.flush(); // the sender takes it and hangs on the endpoint
    for (int i = 0; i < 50; i++) {
      metrics.count("M" + i);
    }
    metrics.flush();
    CloudWatchSink.Stats stats = sink.stats();
    assertThat(stats.queued()).isLessThanOrEqualTo(10);
    assertThat(stats.dropped()).isGreaterThanOrEqualTo(40);
    sink.close();
  }
}

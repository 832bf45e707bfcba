package dev.slipstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollector;

class SdkMetricsPublisherTest {

  @Test
  void publish_recordsLatencyRetriesAndErrorsPerOperation() {
    List<MetricBatch> batches = new ArrayList<>();
    Metrics metrics = Metrics.builder("Sdk").coldStartMetric(false).sink(batches::add).build();
    MetricCollector collector = MetricCollector.create("ApiCall");
    collector.reportMetric(CoreMetric.SERVICE_ID, "DynamoDB");
    collector.reportMetric(CoreMetric.OPERATION_NAME, "GetItem");
    collector.reportMetric(CoreMetric.API_CALL_DURATION, Duration.ofMillis(12));
    collector.reportMetric(CoreMetric.RETRY_COUNT, 2);
    collector.reportMetric(CoreMetric.API_CALL_SUCCESSFUL, false);

    SdkMetricsPublisher.to(metrics).publish(collector.collect());
    metrics.flush();

    assertThat(batches.get(0).data()).extracting(MetricDatum::name)
        .containsExactlyInAnyOrder("SdkLatency", "SdkRetries", "SdkErrors");
    MetricDatum latency = batches.get(0).data().stream()
        .filter(d -> d.name().equals("SdkLatency")).findFirst().orElseThrow();
    assertThat(latency.values()).containsExactly(12.0);
    assertThat(latency.dimensions()).containsEntry("Service", "DynamoDB")
        .containsEntry("Operation", "GetItem");
  }
}

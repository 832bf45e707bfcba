package dev.slipstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipstream.core.ClientSetup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollector;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

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

  /** The class Javadoc's example: the publisher is added and Slipstream's timeouts stay. */
  @Test
  void javadocExample_keepsTheTimeoutsAndAddsThePublisher() {
    Metrics metrics = Metrics.builder("Sdk").coldStartMetric(false).lifecycle(false)
        .sink(batch -> { }).build();
    SdkMetricsPublisher publisher = SdkMetricsPublisher.to(metrics);
    try (CloudWatchClient client = ClientSetup.builder()
        .region(Region.US_EAST_1)
        .credentialsProvider(AnonymousCredentialsProvider.create())
        .addMetricPublisher(publisher)
        .build()
        .build(CloudWatchClient.builder())) {
      ClientOverrideConfiguration config =
          client.serviceClientConfiguration().overrideConfiguration();
      assertThat(config.metricPublishers()).containsExactly(publisher);
      assertThat(config.apiCallTimeout()).contains(ClientSetup.DEFAULT_API_CALL_TIMEOUT);
      assertThat(config.apiCallAttemptTimeout())
          .contains(ClientSetup.DEFAULT_API_CALL_ATTEMPT_TIMEOUT);
    }
  }
}

package consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipstream.metrics.EmfSink;
import dev.slipstream.metrics.Metrics;
import dev.slipstream.metrics.Unit;
import dev.slipstream.testing.RuntimeClassPath;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** slipstream-metrics with EMF only: no AWS SDK, no resilience4j. */
class MetricsConsumerTest {

  @Test
  void runtimeClassPath_noSdkNoBreakerLibrary() {
    RuntimeClassPath classPath = RuntimeClassPath.read();
    assertThat(classPath.artifactIds())
        .containsExactlyInAnyOrder("slipstream-metrics", "slipstream-core", "slf4j-api");
    assertThat(classPath.matching("/software/amazon/awssdk/")).isEmpty();
  }

  @Test
  void mainPath_recordAndFlushEmf() {
    List<String> documents = new ArrayList<>();
    try (Metrics metrics = Metrics.builder("Consumer").sink(EmfSink.to(documents::add))
        .build()) {
      metrics.record("Latency", 12.5, Unit.MILLISECONDS);
      metrics.count("Orders");
      metrics.flush();
    }
    assertThat(documents).singleElement().asString().contains("\"_aws\"")
        .contains("\"Latency\"").contains("\"Orders\"");
  }
}

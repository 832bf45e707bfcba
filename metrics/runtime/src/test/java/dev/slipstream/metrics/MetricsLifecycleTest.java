package dev.slipstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipstream.core.Deadline;
import dev.slipstream.core.Invocation;
import dev.slipstream.core.Lifecycle;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a Metrics does in each phase, driven through core's Lifecycle. */
class MetricsLifecycleTest {

  private final List<MetricBatch> batches = new CopyOnWriteArrayList<>();
  private Metrics metrics;

  @BeforeEach
  void setUp() {
    Lifecycle.initComplete();
    Metrics.resetColdStart();
    metrics = Metrics.builder("Lifecycle").sink(batches::add).build();
  }

  @AfterEach
  void tearDown() {
    metrics.close();
  }

  private List<String> names(MetricBatch batch) {
    return batch.data().stream().map(MetricDatum::name).toList();
  }

  @Test
  void invocation_flushedAtItsEnd_withRequestId_failureCounted() {
    Lifecycle.invoke(Invocation.of("req-1", Deadline.none()), invocation -> {
      metrics.count("UserCreated");
      invocation.fail(new IllegalStateException("answered 503"));
      return null;
    });
    assertThat(batches).hasSize(1);
    assertThat(names(batches.get(0))).contains("UserCreated", Metrics.INVOCATION_ERRORS);
    assertThat(batches.get(0).metadata()).containsEntry("RequestId", "req-1");

    Lifecycle.invoke(Invocation.of("req-2", Deadline.none()), invocation -> {
      metrics.count("UserCreated");
      return null;
    });
    assertThat(names(batches.get(1))).contains("UserCreated")
        .doesNotContain(Metrics.INVOCATION_ERRORS, "ColdStart");
  }

  @Test
  void snapshot_primingMetricsDropped_restoreCountedInsteadOfColdStart() {
    metrics.count("PrimedRequest"); // a primer's pass through the code
    Lifecycle.beforeSnapshot();
    Lifecycle.afterRestore();
    Lifecycle.invoke(Invocation.of("req-after-restore", Deadline.none()), invocation -> {
      metrics.count("UserRead");
      return null;
    });
    assertThat(batches).hasSize(1);
    assertThat(names(batches.get(0))).contains("UserRead", Metrics.RESTORED_START)
        .doesNotContain("PrimedRequest", "ColdStart");
  }

  @Test
  void closed_takesNoPartAnyMore() {
    metrics.close();
    Lifecycle.invoke(Invocation.of("req", Deadline.none()), invocation -> {
      metrics.count("UserRead");
      return null;
    });
    assertThat(batches).isEmpty();
  }
}

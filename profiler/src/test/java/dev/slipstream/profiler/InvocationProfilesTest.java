package dev.slipstream.profiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipstream.core.Deadline;
import dev.slipstream.core.Invocation;
import dev.slipstream.core.Lifecycle;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class InvocationProfilesTest {

  @Test
  void everyInvocationProfiled_reportRecordedAndHandedOver() {
    Map<String, Double> recorded = new ConcurrentHashMap<>();
    List<MemoryReport> reports = new CopyOnWriteArrayList<>();
    Lifecycle.initComplete();
    try (Lifecycle.Registration registration = Lifecycle.register("memory",
        InvocationProfiles.recordingTo((name, value, unit) -> recorded.put(name, value))
            .andThen(reports::add))) {
      Lifecycle.invoke(Invocation.of("req", Deadline.none()), invocation -> new byte[1 << 20]);
    }
    assertThat(reports).hasSize(1);
    assertThat(reports.get(0).allocatedBytes().orElse(1 << 20)).isGreaterThanOrEqualTo(1 << 20);
    assertThat(recorded).isNotEmpty();
  }
}

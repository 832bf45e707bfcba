package dev.slipstream.profiler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryProfilerTest {

  private static final long MB = 1024 * 1024;
  /** Keeps allocations reachable, so that the JIT cannot remove them. */
  static volatile Object sink;

  @Test
  void allocatedBytes_countsTheMeasuredThread() {
    MemoryProfiler profiler = MemoryProfiler.builder().readRss(false).start();
    List<byte[]> chunks = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      chunks.add(new byte[(int) MB]);
    }
    sink = chunks;
    MemoryReport report = profiler.stop();
    assertThat(report.allocatedBytes()).isPresent();
    assertThat(report.allocatedBytes().getAsLong()).isGreaterThanOrEqualTo(64 * MB)
        .isLessThan(80 * MB);
    assertThat(report.rss()).as("not read").isEmpty();
  }

  @Test
  void rss_presentOnLinux_atLeastHeapUsed() {
    MemoryReport report = MemoryProfiler.start("rss").stop();
    assertThat(report.rss()).isPresent();
    assertThat(report.peakRss()).isPresent();
    assertThat(report.rss().getAsLong()).isGreaterThanOrEqualTo(report.heapUsed());
    assertThat(report.peakRss().getAsLong()).isGreaterThanOrEqualTo(report.rss().getAsLong());
  }

  @Test
  void gcBetweenStartAndStop_counted() {
    MemoryProfiler profiler = MemoryProfiler.start("gc");
    System.gc();
    MemoryReport report = profiler.stop();
    assertThat(report.gcCount()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void stop_isIdempotent_snapshotGoesOn() {
    MemoryProfiler profiler = MemoryProfiler.start();
    MemoryReport first = profiler.stop();
    assertThat(profiler.stop()).isSameAs(first);
    assertThat(profiler.snapshot()).isNotSameAs(first);
    assertThat(first.label()).isEqualTo("invocation");
  }

  @Test
  void toJson_parsesBack() throws Exception {
    MemoryReport report = MemoryProfiler.start("GET \"/users\"").stop();
    JsonNode json = new ObjectMapper().readTree(report.toJson());
    assertThat(json.get("label").asText()).isEqualTo("GET \"/users\"");
    assertThat(json.get("heapUsed").asLong()).isEqualTo(report.heapUsed());
    assertThat(json.get("rss").asLong()).isEqualTo(report.rss().getAsLong());
    assertThat(json.get("gcCount").asLong()).isEqualTo(report.gcCount());
    assertThat(json.has("allocatedBytes")).isTrue();
  }

  @Test
  void toString_inMegabytes() {
    assertThat(MemoryProfiler.start("x").stop().toString()).startsWith("[x] heap ").contains(" MB");
  }

  @Test
  void recordTo_reportsMainNumbers() {
    Map<String, String> recorded = new LinkedHashMap<>();
    MemoryProfiler.start().stop().recordTo((name, value, unit) -> recorded.put(name, unit));
    assertThat(recorded).containsEntry("HeapUsed", "Megabytes").containsEntry("RssPeak", "Megabytes")
        .containsEntry("GcCount", "Count").containsEntry("GcTime", "Milliseconds");
  }

  @Test
  void kilobytes_parsesProcStatusLines() {
    assertThat(JvmProbes.kilobytes("VmRSS:\t   91234 kB")).isEqualTo(91234 * 1024);
  }
}

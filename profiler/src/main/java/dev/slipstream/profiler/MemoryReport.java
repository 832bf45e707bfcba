package dev.slipstream.profiler;

import static java.util.Objects.requireNonNull;

import dev.slipstream.core.MetricRecorder;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * What one {@link MemoryProfiler} measured: the state at the end and the change since the start.
 * Bytes as {@code long}; values the platform cannot give are empty, never 0. Immutable.
 */
public final class MemoryReport {

  private static final double MB = 1024.0 * 1024.0;

  private final String label;
  private final Duration elapsed;
  private final long heapUsed;
  private final long heapCommitted;
  private final long heapMax;
  private final long heapDelta;
  private final long nonHeapUsed;
  private final long metaspaceUsed;
  private final long directBuffers;
  private final long mappedBuffers;
  private final OptionalLong rss;
  private final OptionalLong peakRss;
  private final OptionalLong allocatedBytes;
  private final long gcCount;
  private final Duration gcTime;

  MemoryReport(String label, Duration elapsed, long heapUsed, long heapCommitted, long heapMax,
      long heapDelta, long nonHeapUsed, long metaspaceUsed, long directBuffers,
      long mappedBuffers, OptionalLong rss, OptionalLong peakRss, OptionalLong allocatedBytes,
      long gcCount, Duration gcTime) {
    this.label = label;
    this.elapsed = elapsed;
    this.heapUsed = heapUsed;
    this.heapCommitted = heapCommitted;
    this.heapMax = heapMax;
    this.heapDelta = heapDelta;
    this.nonHeapUsed = nonHeapUsed;
    this.metaspaceUsed = metaspaceUsed;
    this.directBuffers = directBuffers;
    this.mappedBuffers = mappedBuffers;
    this.rss = rss;
    this.peakRss = peakRss;
    this.allocatedBytes = allocatedBytes;
    this.gcCount = gcCount;
    this.gcTime = gcTime;
  }

  /**
   * The profiler's label, such as the handler or route.
   *
   * @return the label
   */
  public String label() {
    return label;
  }

  /**
   * Time from {@code start()} to this report.
   *
   * @return the elapsed time
   */
  public Duration elapsed() {
    return elapsed;
  }

  /**
   * Heap in use now.
   *
   * @return bytes
   */
  public long heapUsed() {
    return heapUsed;
  }

  /**
   * Heap the JVM holds from the OS now.
   *
   * @return bytes
   */
  public long heapCommitted() {
    return heapCommitted;
  }

  /**
   * The heap's limit; empty when the JVM sets none.
   *
   * @return bytes, or empty
   */
  public OptionalLong heapMax() {
    return heapMax < 0 ? OptionalLong.empty() : OptionalLong.of(heapMax);
  }

  /**
   * Heap used now minus heap used at start; negative after a collection.
   *
   * @return bytes; negative when less is used than at start
   */
  public long heapDelta() {
    return heapDelta;
  }

  /**
   * Non-heap memory in use (metaspace, code cache, …).
   *
   * @return bytes
   */
  public long nonHeapUsed() {
    return nonHeapUsed;
  }

  /**
   * Metaspace in use; empty if the JVM has no such pool.
   *
   * @return bytes, or empty
   */
  public OptionalLong metaspaceUsed() {
    return metaspaceUsed < 0 ? OptionalLong.empty() : OptionalLong.of(metaspaceUsed);
  }

  /**
   * Direct byte buffers in use (Netty, NIO).
   *
   * @return bytes
   */
  public long directBuffers() {
    return directBuffers;
  }

  /**
   * Mapped byte buffers in use.
   *
   * @return bytes
   */
  public long mappedBuffers() {
    return mappedBuffers;
  }

  /**
   * Resident set size now ({@code VmRSS}); empty off Linux or when not read.
   *
   * @return bytes, or empty
   */
  public OptionalLong rss() {
    return rss;
  }

  /**
   * The process's peak resident set size ({@code VmHWM}); empty off Linux or when not read.
   *
   * @return bytes, or empty
   */
  public OptionalLong peakRss() {
    return peakRss;
  }

  /**
   * Bytes allocated by the thread that started the profiler; empty where unsupported.
   *
   * @return bytes, or empty
   */
  public OptionalLong allocatedBytes() {
    return allocatedBytes;
  }

  /**
   * Collections since start, over every collector.
   *
   * @return the number of collections
   */
  public long gcCount() {
    return gcCount;
  }

  /**
   * Time spent collecting since start (the JVM counts in milliseconds).
   *
   * @return the time spent collecting
   */
  public Duration gcTime() {
    return gcTime;
  }

  /**
   * Records this report's main numbers: {@code HeapUsed}, {@code RssPeak}, {@code Allocated}
   * (megabytes), {@code GcCount} and {@code GcTime} (milliseconds). {@code Metrics} from
   * slipstream-metrics is a {@link MetricRecorder}.
   *
   * @param recorder where the numbers go, such as {@code Metrics}
   */
  public void recordTo(MetricRecorder recorder) {
    requireNonNull(recorder, "recorder must not be null");
    recorder.record("HeapUsed", heapUsed / MB, "Megabytes");
    peakRss.ifPresent(v -> recorder.record("RssPeak", v / MB, "Megabytes"));
    allocatedBytes.ifPresent(v -> recorder.record("Allocated", v / MB, "Megabytes"));
    recorder.record("GcCount", gcCount, "Count");
    recorder.record("GcTime", gcTime.toNanos() / 1_000_000.0, "Milliseconds");
  }

  /**
   * One JSON object, bytes as numbers, absent values as null; no JSON library needed.
   *
   * @return the report as JSON
   */
  public String toJson() {
    StringBuilder json = new StringBuilder(384).append('{');
    json.append("\"label\":");
    quote(json, label);
    field(json, "elapsedNanos", elapsed.toNanos());
    field(json, "heapUsed", heapUsed);
    field(json, "heapCommitted", heapCommitted);
    field(json, "heapMax", heapMax().isPresent() ? heapMax : null);
    field(json, "heapDelta", heapDelta);
    field(json, "nonHeapUsed", nonHeapUsed);
    field(json, "metaspaceUsed", metaspaceUsed().isPresent() ? metaspaceUsed : null);
    field(json, "directBuffers", directBuffers);
    field(json, "mappedBuffers", mappedBuffers);
    field(json, "rss", rss.isPresent() ? rss.getAsLong() : null);
    field(json, "peakRss", peakRss.isPresent() ? peakRss.getAsLong() : null);
    field(json, "allocatedBytes", allocatedBytes.isPresent() ? allocatedBytes.getAsLong() : null);
    field(json, "gcCount", gcCount);
    field(json, "gcTimeNanos", gcTime.toNanos());
    return json.append('}').toString();
  }

  /** Human-readable, in MB, like the seed's log line. */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "[%s] heap %.1f/%.1f MB (%+.1f MB), non-heap %.1f MB,"
            + " direct %.1f MB, rss %s, peak rss %s, allocated %s, gc %d in %d ms, %d ms",
        label, heapUsed / MB, heapCommitted / MB, heapDelta / MB, nonHeapUsed / MB,
        directBuffers / MB, mb(rss), mb(peakRss), mb(allocatedBytes), gcCount, gcTime.toMillis(),
        elapsed.toMillis());
  }

  private static String mb(OptionalLong bytes) {
    return bytes.isPresent() ? String.format(Locale.ROOT, "%.1f MB", bytes.getAsLong() / MB) : "n/a";
  }

  private static void field(StringBuilder json, String name, Long value) {
    json.append(",\"").append(name).append("\":").append(value == null ? "null" : value.toString());
  }

  private static void quote(StringBuilder json, String text) {
    json.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        json.append('\\').append(c);
      } else if (c < 0x20) {
        json.append(String.format("\\u%04x", (int) c));
      } else {
        json.append(c);
      }
    }
    json.append('"');
  }
}

package dev.slipstream.profiler;

import dev.slipstream.core.internal.SetOnce;
import static java.util.Objects.requireNonNull;

import dev.slipstream.core.Ticker;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Measures memory around one piece of work, typically one invocation:
 *
 * <pre>{@code
 * MemoryProfiler profiler = MemoryProfiler.start("GET /users/{id}");
 * ... handle the request ...
 * MemoryReport report = profiler.stop();
 * LOG.info("{}", report);
 * report.recordTo(metrics);
 * }</pre>
 *
 * <p>Cheap by design: {@code start()} and {@code stop()} read a few MXBeans and the thread's
 * allocation counter (about a microsecond). Reading RSS from {@code /proc/self/status} costs tens
 * of microseconds more; {@link Builder#readRss(boolean)} turns it off. Not thread-safe: one
 * profiler per invocation, used by the thread that started it (allocation is counted for that
 * thread only).
 */
public final class MemoryProfiler {

  private final String label;
  private final boolean readRss;
  private final Ticker ticker;
  private final long startNanos;
  private final long startHeapUsed;
  private final long startGcCount;
  private final long startGcMillis;
  private final long startAllocated;
  private MemoryReport stopped;

  private MemoryProfiler(Builder builder) {
    this.label = builder.label;
    this.readRss = builder.readRss;
    this.ticker = builder.ticker;
    long[] gc = JvmProbes.gc();
    this.startGcCount = gc[0];
    this.startGcMillis = gc[1];
    this.startHeapUsed = JvmProbes.heap().getUsed();
    this.startAllocated = JvmProbes.allocatedByThisThread();
    this.startNanos = ticker.read();
  }

  /**
   * Starts a profiler labelled {@code "invocation"}, reading RSS.
   *
   * @return a running profiler
   */
  public static MemoryProfiler start() {
    return builder().start();
  }

  /**
   * Starts a profiler with a label, reading RSS.
   *
   * @param label names the report, such as the handler or route
   * @return a running profiler
   */
  public static MemoryProfiler start(String label) {
    return builder().label(label).start();
  }

  /**
   * A builder, for a profiler without RSS or with an injected ticker.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A report of now; the profiler goes on.
   *
   * @return the report as of now
   */
  public MemoryReport snapshot() {
    long elapsed = ticker.read() - startNanos;
    long allocated = JvmProbes.allocatedByThisThread();
    MemoryUsage heap = JvmProbes.heap();
    long[] gc = JvmProbes.gc();
    long[] rss = readRss ? JvmProbes.rss() : null;
    return new MemoryReport(label, Duration.ofNanos(Math.max(0, elapsed)), heap.getUsed(),
        heap.getCommitted(), heap.getMax(), heap.getUsed() - startHeapUsed,
        JvmProbes.nonHeapUsed(), JvmProbes.metaspaceUsed(), JvmProbes.bufferUsed("direct"),
        JvmProbes.bufferUsed("mapped"),
        rss == null ? OptionalLong.empty() : OptionalLong.of(rss[0]),
        rss == null ? OptionalLong.empty() : OptionalLong.of(rss[1]),
        startAllocated < 0 || allocated < 0 ? OptionalLong.empty()
            : OptionalLong.of(allocated - startAllocated),
        gc[0] - startGcCount, Duration.ofMillis(gc[1] - startGcMillis));
  }

  /**
   * The final report; later calls return the same report.
   *
   * @return the final report
   */
  public MemoryReport stop() {
    if (stopped == null) {
      stopped = snapshot();
    }
    return stopped;
  }

  /**
   * Set-once builder: each setting may be set once; a second call throws {@link
   * IllegalStateException} naming it.
   */
  public static final class Builder {
    private final SetOnce once = new SetOnce();
    private String label = "invocation";
    private boolean readRss = true;
    private Ticker ticker = Ticker.system();

    private Builder() {}

    /**
     * Names the report.
     *
     * @param label names the report, such as the handler or route
     * @return this builder
     */
    public Builder label(String label) {
      this.label = once.set("label", requireNonNull(label, "label must not be null"));
      return this;
    }

    /**
     * Whether to read RSS from {@code /proc} (default true; tens of microseconds).
     *
     * @param readRss false to skip {@code /proc/self/status}
     * @return this builder
     */
    public Builder readRss(boolean readRss) {
      this.readRss = once.set("readRss", readRss);
      return this;
    }

    /**
     * The time source for {@code elapsed}; for tests.
     *
     * @param ticker the clock for {@code elapsed}
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = once.set("ticker", requireNonNull(ticker, "ticker must not be null"));
      return this;
    }

    /**
     * Starts measuring now.
     *
     * @return a running profiler
     */
    public MemoryProfiler start() {
      return new MemoryProfiler(this);
    }
  }
}

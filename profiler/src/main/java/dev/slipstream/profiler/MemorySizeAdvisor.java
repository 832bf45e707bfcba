package dev.slipstream.profiler;

import dev.slipstream.core.internal.SetOnce;
import static java.util.Objects.requireNonNull;

import dev.slipstream.core.Environment;
import java.util.Locale;

/**
 * Turns {@link MemoryReport}s from many invocations into a Lambda memory size.
 *
 * <p>It keeps the peak RSS seen (or, without RSS, committed heap plus non-heap and buffers), the
 * allocation and GC totals, and the average duration. The recommendation is the smallest size, in
 * steps of {@value #STEP_MB} MB from {@value #MIN_MB} to {@value #MAX_MB}, that holds peak RSS times
 * the headroom (default {@value #DEFAULT_HEADROOM}); when GC took more than its threshold of the
 * time (default 5 %), the heap is the constraint, and the size grows by half again. Costs assume the
 * duration stays the same at the new size, which is conservative when the size grows (Lambda's CPU
 * grows with memory). Thread-safe.
 */
public final class MemorySizeAdvisor {

  /** Lambda's smallest memory size. */
  public static final int MIN_MB = 128;
  /** Lambda's largest memory size. */
  public static final int MAX_MB = 10_240;
  /** Sizes are recommended in these steps. */
  public static final int STEP_MB = 64;
  /** Peak RSS is multiplied by this by default. */
  public static final double DEFAULT_HEADROOM = 1.3;
  /** GC share of time above which the heap is too small, by default. */
  public static final double DEFAULT_GC_THRESHOLD = 0.05;
  private static final double MB = 1024.0 * 1024.0;

  private final int currentMb;
  private final double headroom;
  private final double gcThreshold;
  private final LambdaPricing pricing;

  private long reports;
  private long peakBytes;
  private long nonHeapBytes;
  private long allocated;
  private long gcNanos;
  private long elapsedNanos;

  private MemorySizeAdvisor(Builder builder) {
    this.currentMb = builder.currentMb;
    this.headroom = builder.headroom;
    this.gcThreshold = builder.gcThreshold;
    this.pricing = builder.pricing;
  }

  /**
   * A builder; the current size comes from {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE} by default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Takes one invocation's report into account.
   *
   * @param report one invocation's memory report
   */
  public synchronized void observe(MemoryReport report) {
    requireNonNull(report, "report must not be null");
    long footprint = report.peakRss().orElse(report.rss().orElse(
        report.heapCommitted() + report.nonHeapUsed() + report.directBuffers()
            + report.mappedBuffers()));
    peakBytes = Math.max(peakBytes, footprint);
    nonHeapBytes = Math.max(nonHeapBytes,
        report.nonHeapUsed() + report.directBuffers() + report.mappedBuffers());
    allocated += report.allocatedBytes().orElse(0);
    gcNanos += report.gcTime().toNanos();
    elapsedNanos += report.elapsed().toNanos();
    reports++;
  }

  /**
   * Reports observed so far.
   *
   * @return the number of reports observed
   */
  public synchronized long observed() {
    return reports;
  }

  /**
   * The advice from what was observed.
   *
   * @return the advice
   * @throws IllegalStateException if nothing was observed yet
   */
  public synchronized MemoryAdvice advise() {
    if (reports == 0) {
      throw new IllegalStateException("MemorySizeAdvisor has observed no report yet: pass each"
          + " invocation's MemoryReport to observe() first");
    }
    double peakMb = peakBytes / MB;
    double gcShare = elapsedNanos == 0 ? 0 : (double) gcNanos / elapsedNanos;
    double neededMb = peakMb * headroom;
    String why = String.format(Locale.ROOT, "peak RSS %.0f MB x %.1f headroom", peakMb, headroom);
    if (gcShare > gcThreshold) {
      neededMb *= 1.5;
      why = String.format(Locale.ROOT, "GC took %.1f%% of the time (over %.1f%%): heap too small;"
          + " %s, plus half again", gcShare * 100, gcThreshold * 100, why);
    }
    double allocationRate = elapsedNanos == 0 ? 0 : (allocated / MB) / (elapsedNanos / 1e9);
    why += String.format(Locale.ROOT, "; allocating %.0f MB/s", allocationRate);
    boolean fits = neededMb <= MAX_MB;
    int recommended = fits ? roundUp(neededMb) : MAX_MB;
    String reason = fits
        ? "needs " + Math.round(neededMb) + " MB: " + why
        : "needs " + Math.round(neededMb) + " MB, more than Lambda's " + MAX_MB + " MB maximum ("
            + why + "): reduce the memory used per invocation, or run it elsewhere";
    int heapMb = Math.max(64, (int) (recommended - nonHeapBytes / MB - 64));
    double averageMillis = elapsedNanos / 1e6 / reports;
    return new MemoryAdvice(currentMb, recommended, fits, reason,
        "JAVA_TOOL_OPTIONS=-Xmx" + heapMb + "m",
        pricing.perMillion(currentMb, averageMillis), pricing.perMillion(recommended, averageMillis),
        pricing);
  }

  private static int roundUp(double mb) {
    int steps = (int) Math.ceil(mb / STEP_MB);
    return Math.max(MIN_MB, Math.min(MAX_MB, steps * STEP_MB));
  }

  /**
   * Set-once builder: each setting may be set once; a second call throws {@link
   * IllegalStateException} naming it.
   */
  public static final class Builder {
    private final SetOnce once = new SetOnce();
    private int currentMb;
    private double headroom = DEFAULT_HEADROOM;
    private double gcThreshold = DEFAULT_GC_THRESHOLD;
    private LambdaPricing pricing = LambdaPricing.X86_64;
    private Environment environment = Environment.system();

    private Builder() {}

    /**
     * The function's memory size now; {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE} by default.
     *
     * @param mb the memory size in MB, between 128 and 10,240
     * @return this builder
     */
    public Builder currentMemoryMb(int mb) {
      if (mb < MIN_MB || mb > MAX_MB) {
        throw new IllegalArgumentException("currentMemoryMb must be between " + MIN_MB + " and "
            + MAX_MB + ", but was " + mb);
      }
      this.currentMb = once.set("currentMemoryMb", mb);
      return this;
    }

    /**
     * Peak RSS is multiplied by this; at least 1.
     *
     * @param headroom the factor on peak RSS; at least 1
     * @return this builder
     */
    public Builder headroom(double headroom) {
      if (!(headroom >= 1)) {
        throw new IllegalArgumentException("headroom must be at least 1, but was " + headroom);
      }
      this.headroom = once.set("headroom", headroom);
      return this;
    }

    /**
     * GC share of time above which the heap counts as too small; between 0 and 1.
     *
     * @param share a share of time between 0 and 1
     * @return this builder
     */
    public Builder gcThreshold(double share) {
      if (!(share > 0 && share < 1)) {
        throw new IllegalArgumentException("gcThreshold must be between 0 and 1, but was " + share);
      }
      this.gcThreshold = once.set("gcThreshold", share);
      return this;
    }

    /**
     * The prices; {@link LambdaPricing#X86_64} by default.
     *
     * @param pricing the prices to compute costs with
     * @return this builder
     */
    public Builder pricing(LambdaPricing pricing) {
      this.pricing = once.set("pricing", requireNonNull(pricing, "pricing must not be null"));
      return this;
    }

    /**
     * Where {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE} is read from; for tests.
     *
     * @param environment the source of {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE}
     * @return this builder
     */
    public Builder environment(Environment environment) {
      this.environment = once.set("environment",
          requireNonNull(environment, "environment must not be null"));
      return this;
    }

    /**
     * Builds the advisor.
     *
     * @return a new advisor
     * @throws IllegalStateException if no size was given and the environment has none
     */
    public MemorySizeAdvisor build() {
      if (currentMb == 0) {
        int fromEnv = environment.intValue("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", 0);
        if (fromEnv == 0) {
          throw new IllegalStateException("The current memory size is unknown: set"
              + " currentMemoryMb(...) or AWS_LAMBDA_FUNCTION_MEMORY_SIZE (Lambda sets it)");
        }
        currentMemoryMb(fromEnv);
      }
      return new MemorySizeAdvisor(this);
    }
  }
}

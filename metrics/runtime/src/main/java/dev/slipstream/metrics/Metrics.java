package dev.slipstream.metrics;

import dev.slipstream.core.internal.SetOnce;
import static java.util.Objects.requireNonNull;

import dev.slipstream.core.Lifecycle;
import dev.slipstream.core.MetricRecorder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.slipstream.metrics.Aggregate.Kind;

/**
 * Records metrics and hands them to sinks in batches.
 *
 * <pre>{@code
 * static final Metrics METRICS = Metrics.builder("UsersApi")
 *     .defaultDimension("Service", "users")
 *     .sink(EmfSink.stdout())
 *     .build();
 * ...
 * METRICS.count("UserCreated");
 * METRICS.flush(); // at the end of every invocation
 * }</pre>
 *
 * <p>Recording aggregates per (name, dimensions, unit): distinct values with their counts, plus
 * min, max, sum and count; counters ({@link #count}) keep their sum. Nothing is sent until
 * {@link #flush()}, which hands one {@link MetricBatch} to every sink and starts a new batch (when
 * every sink is an {@link EmfSink}, the sinks write the same metrics without a batch being built);
 * an empty flush sends nothing. There is no timer thread: a frozen Lambda instance would never run
 * it. The first flush in a process adds {@code ColdStart = 1}.
 *
 * <p>In a function run through {@link Lifecycle#invoke}, a {@code Metrics} does its chores itself:
 * at the end of every invocation it counts {@value #INVOCATION_ERRORS} if the invocation failed and
 * flushes, waiting for background sinks up to {@link Builder#invocationFlushTimeout}; the request
 * id goes into the batch's metadata; what the primers recorded (at init or before a SnapStart
 * snapshot) is dropped,
 * and the first invocation after a restore counts {@value #RESTORED_START} instead of
 * {@code ColdStart}. {@code Builder.lifecycle(false)} opts out; {@link #close()} unregisters.
 *
 * <p>Recording takes no lock that another thread holds for longer than one update and allocates
 * nothing once a metric exists: each metric keeps its values in a stripe, and threads that collide
 * on a metric get a stripe each. Recording by name finds the metric without building a key;
 * {@link #metric handles} and {@link #timer timers} skip even that.
 *
 * <p>Bounded whatever is recorded: at most {@link Builder#maxMetrics} metrics are held (default
 * {@value #MAX_METRICS}); a metric not recorded for {@link Builder#evictAfterIdleFlushes} flushes in
 * a row is forgotten (sooner when the cap is reached), and a handle that outlives it simply makes
 * it again. Values of new metrics past the cap are dropped and counted ({@link #dropped()}) until
 * a flush frees room.
 *
 * <p>A sink that throws is logged and counted ({@link #sinkFailures()}); it never reaches the code
 * that recorded or flushed. Bad input throws {@link IllegalArgumentException} at once, naming the
 * metric: a NaN value, 31 dimensions, a blank name, {@code _aws} as a metric, dimension or metadata
 * key (EMF's own), a dimension name or value that is not printable ASCII (CloudWatch rejects it).
 * Thread-safe.
 */
public final class Metrics implements MetricRecorder, AutoCloseable {

  /** Counted at the end of an invocation that failed (threw, or was marked failed). */
  public static final String INVOCATION_ERRORS = "InvocationErrors";
  /** Counted by the first invocation after a SnapStart restore. */
  public static final String RESTORED_START = "RestoredStart";
  /** How long the end of an invocation waits for background sinks by default. */
  public static final java.time.Duration DEFAULT_INVOCATION_FLUSH_TIMEOUT =
      java.time.Duration.ofMillis(500);
  /** Distinct (name, dimensions, unit) combinations held by default; more wait for room. */
  public static final int MAX_METRICS = 10_000;
  /** Flushes in a row without a value after which a metric is forgotten, by default. */
  public static final int DEFAULT_EVICT_AFTER_IDLE_FLUSHES = 10;

  private final String namespace;
  private final MetricRegistry registry;
  private final Flusher flusher;
  private final Lifecycle.Registration lifecycle; // null: opted out

  private Metrics(Builder builder) {
    this.namespace = builder.namespace;
    Map<String, String> defaultDimensions =
        Collections.unmodifiableMap(new LinkedHashMap<>(builder.dimensions));
    List<MetricsSink> sinks = List.copyOf(builder.sinks);
    this.registry = new MetricRegistry(defaultDimensions, List.copyOf(builder.rollups),
        builder.maxMetrics, builder.evictAfterIdleFlushes, Flusher.emfOnly(sinks));
    List<List<String>> sets = new ArrayList<>();
    sets.add(List.copyOf(defaultDimensions.keySet()));
    for (List<String> rollup : builder.rollups) {
      if (defaultDimensions.keySet().containsAll(rollup) && !sets.contains(rollup)) {
        sets.add(rollup);
      }
    }
    this.flusher = new Flusher(namespace, registry, sinks, builder.clock,
        builder.coldStartMetric, defaultDimensions, List.copyOf(sets));
    this.lifecycle = builder.lifecycle
        ? Lifecycle.register("metrics " + namespace,
            new InvocationChores(this, builder.invocationFlushTimeout))
        : null;
  }

  /** Stops taking part in the function's lifecycle; what was recorded stays until flushed. */
  @Override
  public void close() {
    if (lifecycle != null) {
      lifecycle.close();
    }
  }

  /** Drops everything recorded since the last flush, sending nothing. */
  void discard() {
    flusher.discard();
  }

  /**
   * A builder.
   *
   * @param namespace the CloudWatch namespace: 1 to 255 characters, not starting with
   *     {@code AWS/}
   * @return a new builder
   */
  public static Builder builder(String namespace) {
    return new Builder(namespace);
  }

  /**
   * The namespace.
   *
   * @return the CloudWatch namespace
   */
  public String namespace() {
    return namespace;
  }

  /**
   * A handle for recording values of {@code name} without a lookup per value; the same handle
   * for the same metric while it is held.
   *
   * @param name the metric's name
   * @param unit its unit
   * @param dimensions added to the default dimensions
   * @return the handle
   * @throws IllegalArgumentException for a bad name or dimensions
   */
  public Metric metric(String name, Unit unit, Map<String, String> dimensions) {
    return handle(name, unit, dimensions, Kind.DISTRIBUTION, null);
  }

  /**
   * A handle for a metric stored at the given resolution.
   *
   * @param name the metric's name
   * @param unit its unit
   * @param dimensions added to the default dimensions
   * @param resolution {@link Resolution#HIGH} for one-second storage
   * @return the handle
   * @throws IllegalArgumentException for a bad name or dimensions, or if the metric is held at
   *     another resolution
   */
  public Metric metric(String name, Unit unit, Map<String, String> dimensions,
      Resolution resolution) {
    return handle(name, unit, dimensions, Kind.DISTRIBUTION,
        requireNonNull(resolution, "resolution must not be null"));
  }

  /**
   * A handle for a counter: every {@link Metric#increment()} adds to one sum per batch.
   *
   * @param name the counter's name
   * @param dimensions added to the default dimensions
   * @return the handle
   * @throws IllegalArgumentException for a bad name or dimensions
   */
  public Metric counter(String name, Map<String, String> dimensions) {
    return handle(name, Unit.COUNT, dimensions, Kind.COUNTER, null);
  }

  private Metric handle(String name, Unit unit, Map<String, String> dimensions, Kind kind,
      Resolution resolution) {
    checkKey(name, unit, dimensions);
    Aggregate aggregate = registry.resolve(name, unit, dimensions, kind, resolution, false);
    if (aggregate == null) { // the cap: the handle makes its metric once there is room
      return new Metric(registry, name, unit, Map.copyOf(dimensions), kind, resolution,
          Aggregate.refusing(null, kind));
    }
    Object handle = aggregate.handle;
    if (handle == null) {
      handle = new Metric(registry, name, unit, Map.copyOf(dimensions), kind, resolution,
          aggregate);
      aggregate.handle = handle; // a racing call may make a second one: equivalent
    }
    return (Metric) handle;
  }

  /**
   * A timer for one operation: {@link Timer#LATENCY}, {@link Timer#COUNT} and {@link Timer#ERRORS}
   * with these dimensions (added to the defaults), recorded together in one update.
   *
   * @param dimensions added to the default dimensions, such as {@code Operation=get}
   * @return the timer; the same one for the same dimensions while it is held
   * @throws IllegalArgumentException for bad dimensions
   */
  public Timer timer(Map<String, String> dimensions) {
    requireNonNull(dimensions, "dimensions must not be null");
    Aggregate aggregate = registry.resolve(Timer.LATENCY, Unit.MILLISECONDS, dimensions,
        Kind.TIMER, null, true);
    if (aggregate == null) {
      return new Timer(registry, Map.copyOf(dimensions), Aggregate.refusing(null, Kind.TIMER));
    }
    Object handle = aggregate.handle;
    if (handle == null) {
      handle = new Timer(registry, Map.copyOf(dimensions), aggregate);
      aggregate.handle = handle;
    }
    return (Timer) handle;
  }

  /**
   * Records one value with the default dimensions.
   *
   * @param name the metric's name
   * @param value a finite number
   * @param unit its unit
   * @throws IllegalArgumentException for a NaN or infinite value or a bad name
   */
  public void record(String name, double value, Unit unit) {
    record(name, value, unit, Map.of(), null, Kind.DISTRIBUTION);
  }

  /**
   * Records one value.
   *
   * @param name the metric's name
   * @param value a finite number
   * @param unit its unit
   * @param dimensions added to the default dimensions
   * @throws IllegalArgumentException for a NaN or infinite value, a bad name or dimensions
   */
  public void record(String name, double value, Unit unit, Map<String, String> dimensions) {
    record(name, value, unit, dimensions, null, Kind.DISTRIBUTION);
  }

  /**
   * Records one value of a metric stored at the given resolution.
   *
   * @param name the metric's name
   * @param value a finite number
   * @param unit its unit
   * @param dimensions added to the default dimensions
   * @param resolution {@link Resolution#HIGH} for one-second storage
   * @throws IllegalArgumentException for a NaN or infinite value, a bad name or dimensions, or a
   *     metric held at another resolution
   */
  public void record(String name, double value, Unit unit, Map<String, String> dimensions,
      Resolution resolution) {
    record(name, value, unit, dimensions, requireNonNull(resolution,
        "resolution must not be null"), Kind.DISTRIBUTION);
  }

  private void record(String name, double value, Unit unit, Map<String, String> dimensions,
      Resolution resolution, Kind kind) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value of metric '" + name + "' must be finite, but was "
          + value);
    }
    checkKey(name, unit, dimensions);
    Aggregate aggregate = registry.find(name, unit, dimensions, kind, resolution);
    while (aggregate != null && !aggregate.record(value, 0)) { // retired meanwhile
      aggregate = registry.resolve(name, unit, dimensions, kind, resolution, false);
    }
  }

  private static void checkKey(String name, Unit unit, Map<String, String> dimensions) {
    if (name == null || unit == null || dimensions == null) {
      requireNonNull(name, "metric name must not be null");
      requireNonNull(unit, "unit of metric '" + name + "' must not be null");
      requireNonNull(dimensions, "dimensions of metric '" + name + "' must not be null");
    }
  }

  /**
   * Records one value with a unit given by its CloudWatch name, such as {@code Megabytes}: the
   * {@link MetricRecorder} form, through which other modules (the profiler) report.
   *
   * @throws IllegalArgumentException for an unknown unit name
   */
  @Override
  public void record(String name, double value, String unit) {
    record(name, value, Unit.fromCloudWatchName(unit));
  }

  /**
   * Adds one to counter {@code name}.
   *
   * @param name the counter's name
   */
  public void count(String name) {
    count(name, 1, Map.of());
  }

  /**
   * Adds {@code n} to counter {@code name}.
   *
   * @param name the counter's name
   * @param n the amount to add
   */
  public void count(String name, long n) {
    count(name, n, Map.of());
  }

  /**
   * Adds {@code n} to counter {@code name} with extra dimensions.
   *
   * @param name the counter's name
   * @param n the amount to add
   * @param dimensions dimensions beside the default ones
   */
  public void count(String name, long n, Map<String, String> dimensions) {
    record(name, n, Unit.COUNT, dimensions, null, Kind.COUNTER);
  }

  /**
   * Records a duration measured in nanoseconds as fractional milliseconds.
   *
   * @param name the timer's name
   * @param nanos the duration, in nanoseconds
   */
  public void time(String name, long nanos) {
    time(name, nanos, Map.of());
  }

  /**
   * Records a duration measured in nanoseconds as fractional milliseconds, with dimensions.
   *
   * @param name the timer's name
   * @param nanos the duration, in nanoseconds
   * @param dimensions dimensions beside the default ones
   */
  public void time(String name, long nanos, Map<String, String> dimensions) {
    record(name, nanos / 1_000_000.0, Unit.MILLISECONDS, dimensions);
  }

  /**
   * A key-value pair for the next batch's log line (EMF), such as a request id; not a metric.
   *
   * @param key the key; not {@code _aws}
   * @param value the value
   */
  public void metadata(String key, String value) {
    requireNonNull(key, "key must not be null");
    requireNonNull(value, "value of metadata '" + key + "' must not be null");
    if (key.equals(Dimensions.EMF_ROOT)) {
      throw new IllegalArgumentException("metadata key '_aws' is EMF's own; choose another");
    }
    flusher.metadata(key, value);
  }

  /**
   * Hands everything recorded since the last flush to every sink as one batch; does nothing when
   * nothing was recorded. Never throws because of a sink. Concurrent flushes take turns draining;
   * when every sink is an {@link EmfSink}, they also take turns writing (each flush then reuses
   * the last one's working objects and value arrays, and makes no {@link MetricDatum}).
   */
  public void flush() {
    flusher.flush();
  }

  /**
   * Flushes, then waits up to {@code timeout} for sinks that deliver in the background: the last
   * call of an invocation.
   *
   * @param timeout how long to wait for background sinks
   * @return whether every sink delivered in time
   */
  public boolean flush(java.time.Duration timeout) {
    return flusher.flush(timeout);
  }

  /**
   * Values not recorded because {@link Builder#maxMetrics} metrics were held.
   *
   * @return the count since this recorder was built
   */
  public long dropped() {
    return registry.dropped();
  }

  /**
   * Metrics held now (each name, unit and dimensions once; a timer once).
   *
   * @return at most {@link Builder#maxMetrics}
   */
  public int heldMetrics() {
    return registry.size();
  }

  /**
   * Metrics forgotten for not being recorded for {@link Builder#evictAfterIdleFlushes} flushes.
   *
   * @return the count since this recorder was built
   */
  public long evictedMetrics() {
    return registry.evicted();
  }

  /**
   * Times a sink threw.
   *
   * @return how many times a sink threw
   */
  public long sinkFailures() {
    return flusher.sinkFailures();
  }

  /** For tests: lets the next flush in this process report a cold start again. */
  static void resetColdStart() {
    Flusher.resetColdStart();
  }

  /**
   * Set-once builder: each setting may be set once; a second call throws {@link
   * IllegalStateException} naming it.
   */
  public static final class Builder {
    private final SetOnce once = new SetOnce();
    private final String namespace;
    private final Map<String, String> dimensions = new LinkedHashMap<>();
    private final List<MetricsSink> sinks = new ArrayList<>();
    private final List<List<String>> rollups = new ArrayList<>();
    private int maxMetrics = MAX_METRICS;
    private int evictAfterIdleFlushes = DEFAULT_EVICT_AFTER_IDLE_FLUSHES;
    private Clock clock = Clock.systemUTC();
    private boolean coldStartMetric = true;
    private boolean lifecycle = true;
    private java.time.Duration invocationFlushTimeout = DEFAULT_INVOCATION_FLUSH_TIMEOUT;

    private Builder(String namespace) {
      requireNonNull(namespace, "namespace must not be null");
      if (namespace.isBlank() || namespace.length() > 255 || namespace.startsWith("AWS/")
          || namespace.startsWith(":")) {
        throw new IllegalArgumentException("namespace must be 1 to 255 characters, not start with"
            + " 'AWS/' or ':', but was '" + namespace + "'");
      }
      this.namespace = namespace;
    }

    /**
     * A dimension on every metric, such as {@code Service=users}; each name once, at most 30.
     *
     * @param name the dimension's name
     * @param value its value
     * @return this builder
     * @throws IllegalArgumentException for a name or value CloudWatch rejects, or a 31st name;
     *     the builder is left as it was
     * @throws IllegalStateException if this name was already set
     */
    public Builder defaultDimension(String name, String value) {
      Dimensions.checkName("*", name);
      Dimensions.checkValue("*", name, value);
      if (dimensions.size() == Dimensions.MAX_DIMENSIONS && !dimensions.containsKey(name)) {
        throw new IllegalArgumentException("default dimension '" + name + "' would make "
            + (Dimensions.MAX_DIMENSIONS + 1) + ", but CloudWatch allows at most "
            + Dimensions.MAX_DIMENSIONS + " per metric; already set: " + dimensions.keySet());
      }
      once.mark("defaultDimension(\"" + name + "\")"); // checked before anything changes
      dimensions.put(name, value);
      return this;
    }

    /**
     * Also publishes every metric that has all of these dimensions under just these: a rollup,
     * such as {@code dimensionSet("Service")} beside {@code Service, Operation}, so that one
     * series sums every operation. Written as one more EMF dimension set (the values are in the
     * document once) and one more PutMetricData series. {@code dimensionSet()} with no names
     * publishes every metric without dimensions too. May be called several times.
     *
     * @param names 0 to 30 dimension names
     * @return this builder
     * @throws IllegalArgumentException for a bad or repeated name, or more than 30
     */
    public Builder dimensionSet(String... names) {
      requireNonNull(names, "names must not be null");
      List<String> set = new ArrayList<>(names.length);
      for (String name : names) {
        Dimensions.checkName("*", name);
        if (set.contains(name)) {
          throw new IllegalArgumentException("dimension set " + List.of(names) + " names '"
              + name + "' twice");
        }
        set.add(name);
      }
      if (set.size() > Dimensions.MAX_DIMENSIONS) {
        throw new IllegalArgumentException("a dimension set holds at most "
            + Dimensions.MAX_DIMENSIONS + " names, but " + set + " has " + set.size());
      }
      once.mark("dimensionSet" + set);
      rollups.add(List.copyOf(set));
      return this;
    }

    /**
     * How many metrics (name, unit and dimensions) are held at most; {@value #MAX_METRICS} by
     * default. Past it, values of new metrics are dropped and counted until a flush forgets idle
     * ones.
     *
     * @param max 1 or more
     * @return this builder
     */
    public Builder maxMetrics(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxMetrics must be at least 1, but was " + max);
      }
      this.maxMetrics = once.set("maxMetrics", max);
      return this;
    }

    /**
     * After how many flushes in a row without a value a metric is forgotten (its handles make it
     * again when used); {@value #DEFAULT_EVICT_AFTER_IDLE_FLUSHES} by default.
     *
     * @param flushes 1 or more
     * @return this builder
     */
    public Builder evictAfterIdleFlushes(int flushes) {
      if (flushes < 1) {
        throw new IllegalArgumentException("evictAfterIdleFlushes must be at least 1, but was "
            + flushes);
      }
      this.evictAfterIdleFlushes = once.set("evictAfterIdleFlushes", flushes);
      return this;
    }

    /**
     * Adds a sink; at least one is needed.
     *
     * @param sink receives every flushed batch
     * @return this builder
     */
    public Builder sink(MetricsSink sink) {
      sinks.add(requireNonNull(sink, "sink must not be null"));
      return this;
    }

    /**
     * The clock for batch timestamps; for tests.
     *
     * @param clock the clock for timestamps
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = once.set("clock", requireNonNull(clock, "clock must not be null"));
      return this;
    }

    /**
     * Whether this recorder flushes at the end of every invocation run through
     * {@link Lifecycle#invoke}, counts failed ones, and drops what priming recorded (default true).
     *
     * @param enabled false to flush only when told
     * @return this builder
     */
    public Builder lifecycle(boolean enabled) {
      this.lifecycle = once.set("lifecycle", enabled);
      return this;
    }

    /**
     * How long the end of an invocation waits for background sinks (a CloudWatch sink) to deliver;
     * {@link #DEFAULT_INVOCATION_FLUSH_TIMEOUT} by default. Keep it well within the function's
     * timeout.
     *
     * @param timeout zero or more
     * @return this builder
     */
    public Builder invocationFlushTimeout(java.time.Duration timeout) {
      requireNonNull(timeout, "timeout must not be null");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("invocationFlushTimeout must not be negative, but was "
            + timeout);
      }
      this.invocationFlushTimeout = once.set("invocationFlushTimeout", timeout);
      return this;
    }

    /**
     * Whether the first flush in the process adds {@code ColdStart = 1} (default true).
     *
     * @param enabled false to leave {@code ColdStart} out
     * @return this builder
     */
    public Builder coldStartMetric(boolean enabled) {
      this.coldStartMetric = once.set("coldStartMetric", enabled);
      return this;
    }

    /**
     * Builds the recorder.
     *
     * @return a new recorder
     * @throws IllegalStateException without a sink
     */
    public Metrics build() {
      if (sinks.isEmpty()) {
        throw new IllegalStateException("Metrics '" + namespace + "' needs at least one sink,"
            + " such as EmfSink.stdout()");
      }
      return new Metrics(this);
    }
  }
}

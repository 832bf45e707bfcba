package dev.slipstream.metrics;

import static java.util.Objects.requireNonNull;

import dev.slipstream.core.Invocation;
import dev.slipstream.core.Lifecycle;
import dev.slipstream.core.LifecycleHook;
import dev.slipstream.core.MetricRecorder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * {@link #flush()}, which hands one {@link MetricBatch} to every sink and starts a new batch; an
 * empty flush sends nothing. There is no timer thread: a frozen Lambda instance would never run
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
 * <p>A sink that throws is logged and counted ({@link #sinkFailures()}); it never reaches the code
 * that recorded or flushed. Bad input (a NaN value, 31 dimensions, a blank name) throws
 * {@link IllegalArgumentException} at once, naming the metric. Thread-safe.
 */
public final class Metrics implements MetricRecorder, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);
  /** Set by the first flush in this process (class loader): the one documented global. */
  private static final AtomicBoolean COLD_START_REPORTED = new AtomicBoolean();
  /** Counted at the end of an invocation that failed (threw, or was marked failed). */
  public static final String INVOCATION_ERRORS = "InvocationErrors";
  /** Counted by the first invocation after a SnapStart restore. */
  public static final String RESTORED_START = "RestoredStart";
  /** How long the end of an invocation waits for background sinks by default. */
  public static final java.time.Duration DEFAULT_INVOCATION_FLUSH_TIMEOUT =
      java.time.Duration.ofMillis(500);
  /** Distinct (name, dimensions, unit) combinations kept; more are dropped and counted. */
  public static final int MAX_METRICS = 10_000;

  private record Key(String name, Unit unit, Map<String, String> dimensions) {}

  private final String namespace;
  private final Map<String, String> defaultDimensions;
  private final List<MetricsSink> sinks;
  private final Clock clock;
  private final Map<Key, Aggregate> aggregates = new ConcurrentHashMap<>();
  private final Map<Key, Metric> handles = new ConcurrentHashMap<>();
  private final Map<Map<String, String>, Timer> timers = new ConcurrentHashMap<>();
  private final List<TimerAggregate> timerAggregates = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Map<String, String> metadata = new ConcurrentHashMap<>();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder sinkFailures = new LongAdder();
  private final boolean coldStartMetric;
  private final java.time.Duration invocationFlushTimeout;
  private final Lifecycle.Registration lifecycle; // null: opted out

  private Metrics(Builder builder) {
    this.namespace = builder.namespace;
    this.defaultDimensions = Collections.unmodifiableMap(new LinkedHashMap<>(builder.dimensions));
    this.sinks = List.copyOf(builder.sinks);
    this.clock = builder.clock;
    this.coldStartMetric = builder.coldStartMetric;
    this.invocationFlushTimeout = builder.invocationFlushTimeout;
    this.lifecycle = builder.lifecycle
        ? Lifecycle.register("metrics " + namespace, new InvocationChores()) : null;
  }

  /** What a {@code Metrics} does in each phase of the function's life. */
  private final class InvocationChores implements LifecycleHook {
    @Override
    public void primed() {
      discard(); // the primers' requests were not real ones
    }

    @Override
    public void beforeSnapshot() {
      discard();
    }

    @Override
    public void afterRestore() {
      discard();
    }

    @Override
    public void invocationStarted(Invocation invocation) {
      metadata("RequestId", invocation.requestId());
      if (invocation.firstAfterRestore()) {
        COLD_START_REPORTED.set(true); // a restore is not a cold start
        count(RESTORED_START);
      }
    }

    @Override
    public void invocationEnded(Invocation invocation) {
      if (invocation.failure().isPresent()) {
        count(INVOCATION_ERRORS);
      }
      flush(invocationFlushTimeout);
    }
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
    for (Aggregate aggregate : aggregates.values()) {
      aggregate.drain();
    }
    for (TimerAggregate timer : timerAggregates) {
      timer.drain();
    }
    metadata.clear();
  }

  /**
   * A builder.
   *
   * @param namespace the CloudWatch namespace: 1 to 255 characters, not starting with
   *     {@code AWS/}
   */
  public static Builder builder(String namespace) {
    return new Builder(namespace);
  }

  /** The namespace. */
  public String namespace() {
    return namespace;
  }

  /**
   * A handle for recording values of {@code name} without a lookup per value.
   *
   * @param dimensions added to the default dimensions
   */
  public Metric metric(String name, Unit unit, Map<String, String> dimensions) {
    Key key = key(name, unit, dimensions);
    return handles.computeIfAbsent(key, k -> new Metric(orDiscard(aggregate(k, false))));
  }

  /**
   * A handle for a counter: every {@link Metric#increment()} adds to one sum per batch.
   */
  public Metric counter(String name, Map<String, String> dimensions) {
    Key key = key(name, Unit.COUNT, dimensions);
    return handles.computeIfAbsent(key, k -> new Metric(orDiscard(aggregate(k, true))));
  }

  /**
   * A timer for one operation: {@link Timer#LATENCY}, {@link Timer#COUNT} and {@link Timer#ERRORS}
   * with these dimensions (added to the defaults), recorded together under one lock.
   */
  public Timer timer(Map<String, String> dimensions) {
    Map<String, String> all = key(Timer.LATENCY, Unit.MILLISECONDS, dimensions).dimensions();
    return timers.computeIfAbsent(all, d -> {
      TimerAggregate aggregate = new TimerAggregate(d);
      timerAggregates.add(aggregate);
      return new Timer(aggregate);
    });
  }

  /** Past {@link #MAX_METRICS}, a handle records into an aggregate no flush ever reads. */
  private Aggregate orDiscard(Aggregate aggregate) {
    return aggregate != null ? aggregate : new Aggregate("discarded", Unit.NONE, Map.of(), true);
  }

  /** Records one value with the default dimensions. */
  public void record(String name, double value, Unit unit) {
    record(name, value, unit, Map.of());
  }

  /**
   * Records one value.
   *
   * @throws IllegalArgumentException for a NaN or infinite value, a bad name or dimensions
   */
  public void record(String name, double value, Unit unit, Map<String, String> dimensions) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value of metric '" + name + "' must be finite, but was "
          + value);
    }
    Aggregate aggregate = aggregate(key(name, unit, dimensions), false);
    if (aggregate != null) {
      aggregate.add(value, 1);
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

  /** Adds one to counter {@code name}. */
  public void count(String name) {
    count(name, 1, Map.of());
  }

  /** Adds {@code n} to counter {@code name}. */
  public void count(String name, long n) {
    count(name, n, Map.of());
  }

  /** Adds {@code n} to counter {@code name} with extra dimensions. */
  public void count(String name, long n, Map<String, String> dimensions) {
    Aggregate aggregate = aggregate(key(name, Unit.COUNT, dimensions), true);
    if (aggregate != null) {
      aggregate.add(n, 1);
    }
  }

  /** Records a duration measured in nanoseconds as fractional milliseconds. */
  public void time(String name, long nanos) {
    time(name, nanos, Map.of());
  }

  /** Records a duration measured in nanoseconds as fractional milliseconds, with dimensions. */
  public void time(String name, long nanos, Map<String, String> dimensions) {
    record(name, nanos / 1_000_000.0, Unit.MILLISECONDS, dimensions);
  }

  /** A key-value pair for the next batch's log line (EMF), such as a request id; not a metric. */
  public void metadata(String key, String value) {
    requireNonNull(key, "key must not be null");
    requireNonNull(value, "value must not be null");
    metadata.put(key, value);
  }

  /**
   * Hands everything recorded since the last flush to every sink as one batch; does nothing when
   * nothing was recorded. Never throws because of a sink.
   */
  public void flush() {
    List<MetricDatum> data = new ArrayList<>();
    for (Aggregate aggregate : aggregates.values()) {
      MetricDatum datum = aggregate.drain();
      if (datum != null) {
        data.add(datum);
      }
    }
    for (TimerAggregate timer : timerAggregates) {
      data.addAll(timer.drain());
    }
    if (coldStartMetric && COLD_START_REPORTED.compareAndSet(false, true)) {
      data.add(new MetricDatum("ColdStart", Unit.COUNT, defaultDimensions, new double[] {1},
          new long[] {1}, 1, 1, 1, 1));
    }
    if (data.isEmpty()) {
      return;
    }
    Map<String, String> meta = new LinkedHashMap<>();
    for (String key : List.copyOf(metadata.keySet())) {
      String value = metadata.remove(key);
      if (value != null) {
        meta.put(key, value);
      }
    }
    MetricBatch batch = new MetricBatch(namespace, clock.instant(), List.copyOf(data),
        Collections.unmodifiableMap(meta));
    for (MetricsSink sink : sinks) {
      try {
        sink.publish(batch);
      } catch (RuntimeException e) {
        sinkFailures.increment();
        LOG.warn("Metrics sink {} failed; {} metric(s) of this batch lost to it", sink, data.size(),
            e);
      }
    }
  }

  /**
   * Flushes, then waits up to {@code timeout} for sinks that deliver in the background: the last
   * call of an invocation.
   *
   * @return whether every sink delivered in time
   */
  public boolean flush(java.time.Duration timeout) {
    flush();
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean all = true;
    for (MetricsSink sink : sinks) {
      long left = Math.max(0, deadline - System.nanoTime());
      try {
        all &= sink.awaitDelivery(java.time.Duration.ofNanos(left));
      } catch (RuntimeException e) {
        sinkFailures.increment();
        all = false;
        LOG.warn("Metrics sink {} failed while flushing", sink, e);
      }
    }
    return all;
  }

  /** Values not recorded because {@link #MAX_METRICS} distinct metrics already exist. */
  public long dropped() {
    return dropped.sum();
  }

  /** Times a sink threw. */
  public long sinkFailures() {
    return sinkFailures.sum();
  }

  /**
   * An ordered, unmodifiable dimension map from alternating names and values; what generated
   * decorators use.
   *
   * @throws IllegalArgumentException for an odd number of arguments
   */
  public static Map<String, String> dimensions(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("dimensions take names and values in pairs, but got "
          + namesAndValues.length + " strings");
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      map.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return Collections.unmodifiableMap(map);
  }

  /** For tests: lets the next flush in this process report a cold start again. */
  static void resetColdStart() {
    COLD_START_REPORTED.set(false);
  }

  private Key key(String name, Unit unit, Map<String, String> dimensions) {
    requireNonNull(name, "metric name must not be null");
    requireNonNull(unit, "unit must not be null");
    requireNonNull(dimensions, "dimensions must not be null");
    if (name.isBlank() || name.length() > 255) {
      throw new IllegalArgumentException("metric name must be 1 to 255 characters, but was '"
          + name + "'");
    }
    Map<String, String> all = Dimensions.merge(name, defaultDimensions, dimensions);
    if (all.containsKey(name)) {
      throw new IllegalArgumentException("metric '" + name + "' has the name of one of its"
          + " dimensions; EMF would not tell them apart");
    }
    return new Key(name, unit, all);
  }

  private Aggregate aggregate(Key key, boolean counter) {
    Aggregate existing = aggregates.get(key);
    if (existing != null) {
      return existing;
    }
    if (aggregates.size() >= MAX_METRICS) {
      dropped.increment();
      return null;
    }
    return aggregates.computeIfAbsent(key,
        k -> new Aggregate(k.name(), k.unit(), k.dimensions(), counter));
  }

  /** Set-once builder. */
  public static final class Builder {
    private final String namespace;
    private final Map<String, String> dimensions = new LinkedHashMap<>();
    private final List<MetricsSink> sinks = new ArrayList<>();
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

    /** A dimension on every metric, such as {@code Service=users}. */
    public Builder defaultDimension(String name, String value) {
      dimensions.put(Dimensions.checkName("*", name), Dimensions.checkValue("*", name, value));
      Dimensions.checkCount("*", dimensions);
      return this;
    }

    /** Adds a sink; at least one is needed. */
    public Builder sink(MetricsSink sink) {
      sinks.add(requireNonNull(sink, "sink must not be null"));
      return this;
    }

    /** The clock for batch timestamps; for tests. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock must not be null");
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
      this.lifecycle = enabled;
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
      this.invocationFlushTimeout = timeout;
      return this;
    }

    /** Whether the first flush in the process adds {@code ColdStart = 1} (default true). */
    public Builder coldStartMetric(boolean enabled) {
      this.coldStartMetric = enabled;
      return this;
    }

    /**
     * Builds the recorder.
     *
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

package dev.slipstream.metrics;

import dev.slipstream.core.internal.SetOnce;
import static java.util.Objects.requireNonNull;

import dev.slipstream.core.AwsClients;
import dev.slipstream.core.Breakers;
import dev.slipstream.core.Lazy;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * Sends batches to CloudWatch with PutMetricData, from a bounded queue on one background thread:
 * recording and {@link Metrics#flush()} never wait for the network; {@link #awaitDelivery(Duration)}
 * (through {@link Metrics#flush(Duration)}) waits at the end of an invocation, up to a timeout.
 *
 * <p>Requests carry at most {@value #MAX_DATUMS_PER_REQUEST} datums and about
 * {@value #MAX_REQUEST_BYTES} bytes; a metric with many distinct values is sent as Values/Counts
 * arrays of at most {@value #MAX_VALUES_PER_DATUM}. Calls go through a circuit breaker
 * ({@code Breakers.forDependency("cloudwatch")} by default). While CloudWatch is down, memory stays
 * bounded: datums beyond the queue's capacity, and those whose request the open breaker refuses,
 * are dropped and counted. Nothing is thrown into the caller. Needs
 * {@code software.amazon.awssdk:cloudwatch} on the class path.
 *
 * <pre>{@code
 * static final Metrics METRICS = Metrics.builder("Orders")
 *     .sink(CloudWatchSink.builder().build())         // client from AwsClients on first send
 *     .build();
 * ...
 * METRICS.flush(Duration.ofMillis(200));               // end of invocation: wait for delivery
 * }</pre>
 */
public final class CloudWatchSink implements MetricsSink, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CloudWatchSink.class);

  /** PutMetricData's limit of datums per request. */
  public static final int MAX_DATUMS_PER_REQUEST = 1000;
  /** PutMetricData's limit of values in one datum's Values array. */
  public static final int MAX_VALUES_PER_DATUM = 150;
  /** Kept under PutMetricData's 1 MB payload limit, by estimate. */
  public static final int MAX_REQUEST_BYTES = 900_000;
  /** Datums queued at most by default. */
  public static final int DEFAULT_QUEUE_CAPACITY = 20_000;

  /**
   * Counters since the sink was built. Immutable.
   *
   * @param sent datums CloudWatch accepted
   * @param failed datums in requests that failed
   * @param dropped datums dropped: queue full, or the breaker open
   * @param queued datums waiting now
   */
  public record Stats(long sent, long failed, long dropped, long queued) {}

  private record Pending(String namespace,
      software.amazon.awssdk.services.cloudwatch.model.MetricDatum datum, int bytes) {}

  private final Supplier<CloudWatchClient> client;
  private final CircuitBreaker breaker;
  private final BlockingQueue<Pending> queue;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final Object progress = new Object();
  private long unfinished; // guarded by progress: queued or in a request not yet answered
  private Thread sender;
  private volatile boolean closed;

  private CloudWatchSink(Builder builder) {
    CloudWatchClient given = builder.client;
    this.client = given != null ? () -> given
        : Lazy.of(() -> AwsClients.build(CloudWatchClient.builder()));
    this.breaker = builder.breaker != null ? builder.breaker : Breakers.forDependency("cloudwatch");
    this.queue = new ArrayBlockingQueue<>(builder.queueCapacity);
  }

  /**
   * A builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void publish(MetricBatch batch) {
    if (closed) {
      throw new IllegalStateException("CloudWatchSink is closed");
    }
    startSender();
    List<Pending> pending = new ArrayList<>();
    for (MetricDatum datum : batch.data()) {
      for (software.amazon.awssdk.services.cloudwatch.model.MetricDatum cw : convert(batch, datum)) {
        pending.add(new Pending(batch.namespace(), cw, estimate(cw)));
      }
    }
    synchronized (progress) {
      for (Pending p : pending) {
        if (queue.offer(p)) {
          unfinished++;
        } else {
          dropped.incrementAndGet();
        }
      }
    }
  }

  @Override
  public boolean awaitDelivery(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      while (unfinished > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  /**
   * A snapshot of the counters.
   *
   * @return the counters as of now
   */
  public Stats stats() {
    return new Stats(sent.get(), failed.get(), dropped.get(), queue.size());
  }

  /** Stops the sender thread; what is still queued is dropped and counted. */
  @Override
  public void close() {
    closed = true;
    Thread current;
    synchronized (this) {
      current = sender;
    }
    if (current != null) {
      current.interrupt();
    }
  }

  private synchronized void startSender() {
    if (sender == null) {
      sender = new Thread(this::sendLoop, "slipstream-cloudwatch-sink");
      sender.setDaemon(true);
      sender.start();
    }
  }

  private void sendLoop() {
    List<Pending> drained = new ArrayList<>(MAX_DATUMS_PER_REQUEST);
    while (!closed) {
      try {
        drained.add(queue.take());
      } catch (InterruptedException e) {
        break;
      }
      synchronized (progress) {
        // publish() enqueues a batch while holding this lock: waiting for it here means the
        // batch goes out whole, not as one datum followed by the rest.
        queue.drainTo(drained, 10 * MAX_DATUMS_PER_REQUEST);
      }
      for (List<Pending> request : requests(drained)) {
        try {
          send(request);
        } catch (RuntimeException e) {
          LOG.error("CloudWatchSink failed to send; going on", e); // the thread must survive
        }
      }
      drained.clear();
    }
    List<Pending> left = new ArrayList<>();
    queue.drainTo(left);
    dropped.addAndGet(left.size());
    finished(left.size());
  }

  /** Groups by namespace and cuts into requests of at most 1,000 datums and ~900 KB. */
  private static List<List<Pending>> requests(List<Pending> drained) {
    Map<String, List<Pending>> byNamespace = new LinkedHashMap<>();
    drained.forEach(p -> byNamespace.computeIfAbsent(p.namespace(), n -> new ArrayList<>()).add(p));
    List<List<Pending>> requests = new ArrayList<>();
    byNamespace.values().forEach(all -> {
      List<Pending> current = new ArrayList<>();
      int bytes = 0;
      for (Pending p : all) {
        if (!current.isEmpty() && (current.size() == MAX_DATUMS_PER_REQUEST
            || bytes + p.bytes() > MAX_REQUEST_BYTES)) {
          requests.add(current);
          current = new ArrayList<>();
          bytes = 0;
        }
        current.add(p);
        bytes += p.bytes();
      }
      if (!current.isEmpty()) {
        requests.add(current);
      }
    });
    return requests;
  }

  private void send(List<Pending> request) {
    int n = request.size();
    if (!breaker.tryAcquirePermission()) {
      dropped.addAndGet(n);
      finished(n);
      return;
    }
    long start = System.nanoTime(); // only for the breaker's slow-call statistics
    try {
      List<software.amazon.awssdk.services.cloudwatch.model.MetricDatum> data = new ArrayList<>(n);
      request.forEach(p -> data.add(p.datum()));
      client.get().putMetricData(b -> b.namespace(request.get(0).namespace()).metricData(data));
      breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      sent.addAndGet(n);
    } catch (RuntimeException e) {
      breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
      failed.addAndGet(n);
      LOG.warn("PutMetricData with {} datum(s) failed; they are lost", n, e);
    } finally {
      finished(n);
    }
  }

  private void finished(int n) {
    synchronized (progress) {
      unfinished -= n;
      progress.notifyAll();
    }
  }

  /**
   * One datum per 150 distinct values and per dimension set (a rollup is its own series in
   * PutMetricData); a counter as a single value.
   */
  static List<software.amazon.awssdk.services.cloudwatch.model.MetricDatum> convert(
      MetricBatch batch, MetricDatum datum) {
    StandardUnit unit = StandardUnit.fromValue(datum.unit().cloudWatchName());
    List<software.amazon.awssdk.services.cloudwatch.model.MetricDatum> out = new ArrayList<>();
    for (List<String> set : datum.dimensionSets()) {
      List<Dimension> dimensions = new ArrayList<>(set.size());
      for (String name : set) {
        dimensions.add(Dimension.builder().name(name).value(datum.dimensions().get(name)).build());
      }
      int distinct = datum.distinctValues();
      for (int from = 0; from < distinct; from += MAX_VALUES_PER_DATUM) {
        int to = Math.min(distinct, from + MAX_VALUES_PER_DATUM);
        List<Double> vs = new ArrayList<>(to - from);
        List<Double> cs = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
          vs.add(datum.value(i));
          cs.add((double) datum.count(i));
        }
        out.add(software.amazon.awssdk.services.cloudwatch.model.MetricDatum.builder()
            .metricName(datum.name())
            .dimensions(dimensions)
            .timestamp(batch.timestamp())
            .unit(unit)
            .storageResolution(datum.resolution().seconds())
            .values(vs)
            .counts(cs)
            .build());
      }
    }
    return out;
  }

  private static int estimate(software.amazon.awssdk.services.cloudwatch.model.MetricDatum datum) {
    int bytes = 64 + datum.metricName().length();
    for (Dimension d : datum.dimensions()) {
      bytes += 24 + d.name().length() + d.value().length();
    }
    return bytes + 18 * (datum.values().size() + datum.counts().size());
  }

  @Override
  public String toString() {
    return "CloudWatchSink" + stats();
  }

  /**
   * Set-once builder: each setting may be set once; a second call throws {@link
   * IllegalStateException} naming it.
   */
  public static final class Builder {
    private final SetOnce once = new SetOnce();
    private CloudWatchClient client;
    private CircuitBreaker breaker;
    private int queueCapacity = DEFAULT_QUEUE_CAPACITY;

    private Builder() {}

    /**
     * The client; by default one built by {@code AwsClients} on first send.
     *
     * @param client the CloudWatch client
     * @return this builder
     */
    public Builder client(CloudWatchClient client) {
      this.client = once.set("client", requireNonNull(client, "client must not be null"));
      return this;
    }

    /**
     * The breaker; {@code Breakers.forDependency("cloudwatch")} by default.
     *
     * @param breaker guards every {@code PutMetricData} call
     * @return this builder
     */
    public Builder breaker(CircuitBreaker breaker) {
      this.breaker = once.set("breaker", requireNonNull(breaker, "breaker must not be null"));
      return this;
    }

    /**
     * Datums queued at most; beyond, new ones are dropped and counted.
     *
     * @param capacity datums queued at most; greater than zero
     * @return this builder
     */
    public Builder queueCapacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("queueCapacity must be at least 1, but was " + capacity);
      }
      this.queueCapacity = once.set("queueCapacity", capacity);
      return this;
    }

    /**
     * Builds the sink; its thread starts on the first batch.
     *
     * @return a new sink
     */
    public CloudWatchSink build() {
      return new CloudWatchSink(this);
    }
  }
}

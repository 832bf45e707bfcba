package test;

import dev.slipstream.metrics.Metric;
import dev.slipstream.metrics.Metrics;
import dev.slipstream.metrics.Unit;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.annotation.processing.Generated;

/**
 * Measures {@link UserService}: written by the Slipstream metrics processor; do not edit.
 */
@Generated("dev.slipstream.metrics.processor.MeasuredProcessor")
public final class MeasuredUserService<K extends Comparable<K>> implements UserService<K> {
  private final UserService<K> delegate;

  private final Metric getLatency;

  private final Metric getCount;

  private final Metric getErrors;

  private final Metric get1Latency;

  private final Metric get1Count;

  private final Metric get1Errors;

  private final Metric convertLatency;

  private final Metric convertCount;

  private final Metric convertErrors;

  private final Metric deleteLatency;

  private final Metric deleteCount;

  private final Metric deleteErrors;

  private final Metric sizeLatency;

  private final Metric sizeCount;

  private final Metric sizeErrors;

  /**
   * Wraps {@code delegate}; its measured calls are recorded into {@code metrics}.
   */
  public MeasuredUserService(UserService<K> delegate, Metrics metrics) {
    this.delegate = Objects.requireNonNull(delegate, "delegate must not be null");
    Objects.requireNonNull(metrics, "metrics must not be null");
    this.getLatency = metrics.metric("Latency", Unit.MILLISECONDS, Metrics.dimensions("Operation", "get", "Table", "users"));
    this.getCount = metrics.counter("Count", Metrics.dimensions("Operation", "get", "Table", "users"));
    this.getErrors = metrics.counter("Errors", Metrics.dimensions("Operation", "get", "Table", "users"));
    this.get1Latency = metrics.metric("Latency", Unit.MILLISECONDS, Metrics.dimensions("Operation", "getMany"));
    this.get1Count = metrics.counter("Count", Metrics.dimensions("Operation", "getMany"));
    this.get1Errors = metrics.counter("Errors", Metrics.dimensions("Operation", "getMany"));
    this.convertLatency = metrics.metric("Latency", Unit.MILLISECONDS, Metrics.dimensions("Operation", "convert"));
    this.convertCount = metrics.counter("Count", Metrics.dimensions("Operation", "convert"));
    this.convertErrors = metrics.counter("Errors", Metrics.dimensions("Operation", "convert"));
    this.deleteLatency = metrics.metric("Latency", Unit.MILLISECONDS, Metrics.dimensions("Operation", "delete"));
    this.deleteCount = metrics.counter("Count", Metrics.dimensions("Operation", "delete"));
    this.deleteErrors = metrics.counter("Errors", Metrics.dimensions("Operation", "delete"));
    this.sizeLatency = metrics.metric("Latency", Unit.MILLISECONDS, Metrics.dimensions("Operation", "size"));
    this.sizeCount = metrics.counter("Count", Metrics.dimensions("Operation", "size"));
    this.sizeErrors = metrics.counter("Errors", Metrics.dimensions("Operation", "size"));
  }

  @Override
  public Map<String, String> get(K id) throws IOException {
    long start$ = System.nanoTime();
    boolean failed$ = true;
    try {
      Map<String, String> result$ = delegate.get(id);
      failed$ = false;
      return result$;
    } finally {
      getLatency.recordNanos(System.nanoTime() - start$);
      getCount.increment();
      getErrors.increment(failed$ ? 1 : 0);
    }
  }

  @Override
  public List<Map<String, String>> get(K... ids) {
    long start$ = System.nanoTime();
    boolean failed$ = true;
    try {
      List<Map<String, String>> result$ = delegate.get(ids);
      failed$ = false;
      return result$;
    } finally {
      get1Latency.recordNanos(System.nanoTime() - start$);
      get1Count.increment();
      get1Errors.increment(failed$ ? 1 : 0);
    }
  }

  @Override
  public <T> T convert(Class<T> type, Object value) throws IOException, InterruptedException {
    long start$ = System.nanoTime();
    boolean failed$ = true;
    try {
      T result$ = delegate.convert(type, value);
      failed$ = false;
      return result$;
    } finally {
      convertLatency.recordNanos(System.nanoTime() - start$);
      convertCount.increment();
      convertErrors.increment(failed$ ? 1 : 0);
    }
  }

  @Override
  public void delete(K id) {
    long start$ = System.nanoTime();
    boolean failed$ = true;
    try {
      delegate.delete(id);
      failed$ = false;
    } finally {
      deleteLatency.recordNanos(System.nanoTime() - start$);
      deleteCount.increment();
      deleteErrors.increment(failed$ ? 1 : 0);
    }
  }

  @Override
  public boolean exists(K id) {
    return delegate.exists(id);
  }

  @Override
  public int size() {
    long start$ = System.nanoTime();
    boolean failed$ = true;
    try {
      int result$ = delegate.size();
      failed$ = false;
      return result$;
    } finally {
      sizeLatency.recordNanos(System.nanoTime() - start$);
      sizeCount.increment();
      sizeErrors.increment(failed$ ? 1 : 0);
    }
  }
}

package test;

import dev.slipstream.metrics.Metric;
import dev.slipstream.metrics.Metrics;
import dev.slipstream.metrics.Unit;
import java.io.IOException;
import java.util.Objects;
import javax.annotation.processing.Generated;

/**
 * Measures {@link Repository}: written by the Slipstream metrics processor; do not edit.
 */
@Generated("dev.slipstream.metrics.processor.MeasuredProcessor")
public class MeasuredRepository extends Repository {
  private final Metric loadLatency;

  private final Metric loadCount;

  private final Metric loadErrors;

  private final Metric storeLatency;

  private final Metric storeCount;

  private final Metric storeErrors;

  /**
   * Mirrors the superclass constructor; measured calls are recorded into {@code metrics}.
   */
  public MeasuredRepository(Metrics metrics, String table) {
    super(table);
    Objects.requireNonNull(metrics, "metrics must not be null");
    this.loadLatency = metrics.metric("Latency", Unit.MILLISECONDS, Metrics.dimensions("Operation", "load", "Layer", "data"));
    this.loadCount = metrics.counter("Count", Metrics.dimensions("Operation", "load", "Layer", "data"));
    this.loadErrors = metrics.counter("Errors", Metrics.dimensions("Operation", "load", "Layer", "data"));
    this.storeLatency = metrics.metric("Latency", Unit.MILLISECONDS, Metrics.dimensions("Operation", "store", "Layer", "data"));
    this.storeCount = metrics.counter("Count", Metrics.dimensions("Operation", "store", "Layer", "data"));
    this.storeErrors = metrics.counter("Errors", Metrics.dimensions("Operation", "store", "Layer", "data"));
  }

  /**
   * Mirrors the superclass constructor; measured calls are recorded into {@code metrics}.
   */
  protected MeasuredRepository(Metrics metrics, String table, int shards) throws IOException {
    super(table, shards);
    Objects.requireNonNull(metrics, "metrics must not be null");
    this.loadLatency = metrics.metric("Latency", Unit.MILLISECONDS, Metrics.dimensions("Operation", "load", "Layer", "data"));
    this.loadCount = metrics.counter("Count", Metrics.dimensions("Operation", "load", "Layer", "data"));
    this.loadErrors = metrics.counter("Errors", Metrics.dimensions("Operation", "load", "Layer", "data"));
    this.storeLatency = metrics.metric("Latency", Unit.MILLISECONDS, Metrics.dimensions("Operation", "store", "Layer", "data"));
    this.storeCount = metrics.counter("Count", Metrics.dimensions("Operation", "store", "Layer", "data"));
    this.storeErrors = metrics.counter("Errors", Metrics.dimensions("Operation", "store", "Layer", "data"));
  }

  @Override
  public String load(String key) throws IOException {
    if (loadLatency == null) {
      return super.load(key);
    }
    long start$ = System.nanoTime();
    boolean failed$ = true;
    try {
      String result$ = super.load(key);
      failed$ = false;
      return result$;
    } finally {
      loadLatency.recordNanos(System.nanoTime() - start$);
      loadCount.increment();
      loadErrors.increment(failed$ ? 1 : 0);
    }
  }

  @Override
  public void store(String key, long version) {
    if (storeLatency == null) {
      super.store(key, version);
      return;
    }
    long start$ = System.nanoTime();
    boolean failed$ = true;
    try {
      super.store(key, version);
      failed$ = false;
    } finally {
      storeLatency.recordNanos(System.nanoTime() - start$);
      storeCount.increment();
      storeErrors.increment(failed$ ? 1 : 0);
    }
  }
}
